// A cgroup that a test may make, with its limit files written, for running the CLI
// under a limit (test/cli/cpu-quota.test.ts, test/cli/memory-limit.test.ts): only as
// root on Linux with a writable hierarchy of the controller (cgroup v1's mount of it,
// or v2 with the controller enabled for the root's children). Whether it can is known
// when the tests are collected; the group itself is made before its tests run and
// removed after them (a test filtered out must not leave one behind).

import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, ROOT } from './run-cli';

const V2_ROOT = '/sys/fs/cgroup';

/** `v1`: the controller's v1 mount and the files to write in a group of it; `v2`: the controller's name and the files to write in a v2 group. */
export interface TestCgroupSpec {
  name: string;
  v1: { mount: string; files: Record<string, string> };
  v2: { controller: string; files: Record<string, string> };
}

export interface TestCgroup {
  /** Runs the CLI with `args` inside the group (killed after a minute). */
  runCli(args: readonly string[]): SpawnSyncReturns<string>;
  remove(): void;
}

/** Where this machine lets a test make such a group: the hierarchy's folder, or undefined. */
export function testCgroupParent(spec: TestCgroupSpec): string | undefined {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return undefined;
  if (existsSync(path.join(spec.v1.mount, Object.keys(spec.v1.files)[0]!))) return spec.v1.mount;
  try {
    const enabled = readFileSync(path.join(V2_ROOT, 'cgroup.subtree_control'), 'utf8').split(/\s+/);
    return enabled.includes(spec.v2.controller) ? V2_ROOT : undefined;
  } catch {
    return undefined;
  }
}

/** Makes the group under `parent` (from testCgroupParent); throws, leaving nothing behind, when it cannot. */
export function makeTestCgroup(spec: TestCgroupSpec, parent: string): TestCgroup {
  const dir = path.join(parent, `channel-rules-test-${spec.name}-${process.pid}`);
  mkdirSync(dir);
  try {
    for (const [file, text] of Object.entries(parent === V2_ROOT ? spec.v2.files : spec.v1.files)) writeFileSync(path.join(dir, file), text);
  } catch (error) {
    rmdirSync(dir);
    throw error;
  }
  const procs = path.join(dir, 'cgroup.procs');
  return {
    runCli: (args) =>
      spawnSync('/bin/sh', ['-c', 'echo $$ > "$0" && shift && exec "$@"', procs, 'sh', process.execPath, BIN, ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
        killSignal: 'SIGKILL',
      }),
    remove: () => rmdirSync(dir),
  };
}
