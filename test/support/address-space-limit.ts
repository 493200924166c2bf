// Running a program under an address-space limit (Linux `ulimit -v`) in tests:
// test/cli/address-space-limit, test/server/address-space-limit (through ./lsp-client).

import { spawnSync } from 'node:child_process';

/** The address space of a Node process that has just started, in bytes (its VmSize): limits are set relative to it. */
export function nodeBaseline(): number {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(/VmSize:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1])"], { encoding: 'utf8' });
  return Number(probe.stdout) * 1024;
}

/** The program and arguments that run `command` with its soft and hard address-space limit at `bytes`. */
export function underLimit(bytes: number | 'unlimited', command: readonly string[]): [string, string[]] {
  const limit = bytes === 'unlimited' ? bytes : String(Math.floor(bytes / 1024));
  return ['/bin/sh', ['-c', `ulimit -v ${limit} && exec "$0" "$@"`, ...command]];
}
