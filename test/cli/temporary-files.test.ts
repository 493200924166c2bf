// The temporary copy of standard input (Parquet and zip need random access: a file in
// TMPDIR, engine/events/read-events) is removed however the run ends. Its `finally` did
// not run when the run ended early, and the copy, as large as the input, stayed: after
// `| head` or `> /dev/full` (process.exit) and on SIGINT, SIGTERM and SIGHUP (killed).
// A signal still ends the process as that signal does (engine/temporary-folders).

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../support/run-cli';

const RULES = path.join(ROOT, 'examples', 'amplitude-example.channels');
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-temporary-files-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

// Ten row groups, each classified to more output than a pipe holds: the run writes (and
// waits for its reader) while the copy is still being read.
const COUNT = 20_000;
const PARQUET = Buffer.from(
  parquetWriteBuffer({
    columnData: [
      { name: 'user_id', type: 'STRING', data: Array.from({ length: COUNT }, (_, i) => `u${i % 500}`) },
      { name: 'time', type: 'TIMESTAMP', data: Array.from({ length: COUNT }, (_, i) => new Date(Date.UTC(2024, 0, 1) + i * 1000)) },
      { name: 'utm_medium', type: 'STRING', data: Array.from({ length: COUNT }, (_, i) => (i % 3 === 0 ? 'email' : 'cpc')) },
    ],
    rowGroupSize: 2_000,
  }),
);

let runs = 0;
/** The CLI reading standard input with a TMPDIR of its own; `tmp` to look into. */
function start(args: string[], stdout: 'pipe' | 'ignore' | number = 'ignore'): { child: ChildProcess; tmp: string; ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const tmp = path.join(folder, `tmp-${++runs}`);
  fs.mkdirSync(tmp);
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, TMPDIR: tmp }, stdio: ['pipe', stdout, 'ignore'] });
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, tmp, ended };
}

/** Resolves once the run has copied `bytes` bytes of standard input to its temporary file. */
async function copied(tmp: string, bytes: number): Promise<void> {
  for (;;) {
    const [copy] = fs.readdirSync(tmp);
    if (copy !== undefined && (fs.statSync(path.join(tmp, copy, 'input'), { throwIfNoEntry: false })?.size ?? 0) >= bytes) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(process.platform === 'win32')('the temporary copy of standard input is removed however the run ends', () => {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`${signal}: removed, and the process ends by ${signal}`, async () => {
      const run = start(['report', RULES, '--events', '-']);
      // Standard input stays open: the run is copying it when the signal comes.
      run.child.stdin!.write(PARQUET);
      await copied(run.tmp, PARQUET.length);
      run.child.kill(signal);
      expect(await run.ended).toEqual({ code: null, signal });
      expect(fs.readdirSync(run.tmp)).toEqual([]);
    });
  }

  it('classify | a reader that goes away: removed, exit 0 and silent as before', async () => {
    const run = start(['classify', RULES, '--events', '-'], 'pipe');
    run.child.stdout!.once('data', () => run.child.stdout!.destroy());
    run.child.stdin!.end(PARQUET);
    expect(await run.ended).toEqual({ code: 0, signal: null });
    expect(fs.readdirSync(run.tmp)).toEqual([]);
  });

  it.skipIf(!fs.existsSync('/dev/full'))('classify > /dev/full: removed, exit 2', async () => {
    const full = fs.openSync('/dev/full', 'w');
    try {
      const run = start(['classify', RULES, '--events', '-'], full);
      run.child.stdin!.end(PARQUET);
      expect(await run.ended).toEqual({ code: 2, signal: null });
      expect(fs.readdirSync(run.tmp)).toEqual([]);
    } finally {
      fs.closeSync(full);
    }
  });
});
