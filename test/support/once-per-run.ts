// Messages meant once per test run (`npm test`, `npx vitest run …`), however many
// suites reach them: global-setup makes a folder for the run and names it in
// CHANNEL_RULES_TEST_RUN_DIR (inherited by the test processes); the first suite to
// claim a key creates a file named after it there, which fails for every later one.
//
// The run's folder also holds its temporary files: TMPDIR names a folder in it, so
// every os.tmpdir() of the test processes and of the commands they start is there,
// and the run removes them all when it ends (suites that made folders with mkdtemp
// and no cleanup left dozens in /tmp per run).

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const RUN_DIR_VARIABLE = 'CHANNEL_RULES_TEST_RUN_DIR';

/** Called by global-setup: a fresh folder for this run; the returned function removes it. */
export function beginTestRun(): () => void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'channel-rules-test-run-'));
  const temporary = path.join(dir, 'tmp');
  mkdirSync(temporary);
  const tmpdirBefore = process.env.TMPDIR;
  process.env[RUN_DIR_VARIABLE] = dir;
  process.env.TMPDIR = temporary;
  return () => {
    if (tmpdirBefore === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpdirBefore;
    rmSync(dir, { recursive: true, force: true });
  };
}

/** True for the first caller with this key in this run (always true outside a run begun by global-setup). */
export function firstInRun(key: string): boolean {
  const dir = process.env[RUN_DIR_VARIABLE];
  if (dir === undefined || dir === '') return true;
  try {
    writeFileSync(path.join(dir, key), '', { flag: 'wx' });
    return true;
  } catch (error) {
    // Already claimed (EEXIST); a vanished folder is not worth a second line either.
    return (error as NodeJS.ErrnoException).code !== 'EEXIST' && (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}
