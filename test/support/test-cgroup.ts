// A cgroup that a test may make, with its limit files written, for running the CLI
// under a limit (test/cli/cpu-quota.test.ts, test/cli/memory-limit.test.ts): only as
// root on Linux with a writable hierarchy of the controller (cgroup v1's mount of it,
// or v2 with the controller enabled).

import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, ROOT } from './run-cli';

export interface TestCgroup {
  /** Runs the CLI with `args` inside the group. */
  runCli(args: readonly string[]): SpawnSyncReturns<string>;
  remove(): void;
}

/**
 * `v1`: the controller's v1 mount and the files to write there (the first one must
 * exist in a group of it); `v2`: the files to write in a v2 group (the first one must
 * exist there, which it does when the controller is enabled). Undefined when this
 * machine does not let the test make one.
 */
export function makeTestCgroup(name: string, v1: { mount: string; files: Record<string, string> }, v2: Record<string, string>): TestCgroup | undefined {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return undefined;
  const dirName = `channel-rules-test-${name}-${process.pid}`;
  const made = (dir: string, files: Record<string, string>): TestCgroup | undefined => {
    mkdirSync(dir);
    if (!existsSync(path.join(dir, Object.keys(files)[0]!))) {
      rmdirSync(dir);
      return undefined;
    }
    for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
    const procs = path.join(dir, 'cgroup.procs');
    return {
      runCli: (args) => spawnSync('/bin/sh', ['-c', 'echo $$ > "$0" && shift && exec "$@"', procs, 'sh', process.execPath, BIN, ...args], { cwd: ROOT, encoding: 'utf8' }),
      remove: () => rmdirSync(dir),
    };
  };
  try {
    if (existsSync(path.join(v1.mount, Object.keys(v1.files)[0]!))) return made(path.join(v1.mount, dirName), v1.files);
    if (existsSync('/sys/fs/cgroup/cgroup.controllers')) return made(path.join('/sys/fs/cgroup', dirName), v2);
  } catch {
    return undefined;
  }
  return undefined;
}
