// How many worker threads fit in what is left of an address-space limit
// (engine/address-space), from /proc/self/limits and /proc/self/status as Linux writes
// them: the first worker counted at 1 GiB, each other at 256 MiB, 512 MiB kept free,
// every worker without a limit.

import { describe, expect, it } from 'vitest';
import { ADDRESS_SPACE_HEADROOM, addressSpaceLimit, FIRST_WORKER_ADDRESS_SPACE, WORKER_ADDRESS_SPACE, workersThatFit } from '../../engine/address-space';
import type { SystemFileReader } from '../../engine/system-files';

const GiB = 2 ** 30;

function limits(soft: string, hard = soft): string {
  return [
    'Limit                     Soft Limit           Hard Limit           Units     ',
    'Max cpu time              unlimited            unlimited            seconds   ',
    'Max data size             unlimited            unlimited            bytes     ',
    `Max address space         ${soft.padEnd(21)}${hard.padEnd(21)}bytes     `,
    'Max locked memory         8388608              8388608              bytes     ',
    '',
  ].join('\n');
}

function status(vmSizeKb: number): string {
  return ['Name:\tnode', 'Umask:\t0022', 'State:\tR (running)', 'VmPeak:\t  900000 kB', `VmSize:\t ${vmSizeKb} kB`, 'VmLck:\t       0 kB', ''].join('\n');
}

function proc(files: Record<string, string | undefined>): SystemFileReader {
  return (path) => files[path];
}

describe('workers within the address space', () => {
  it('are all there is no limit for', () => {
    expect(workersThatFit(3, proc({ '/proc/self/limits': limits('unlimited'), '/proc/self/status': status(750_000) }))).toBe(3);
    expect(addressSpaceLimit(proc({ '/proc/self/limits': limits('unlimited') }))).toBeUndefined();
  });

  it('are counted from what the process holds, the first at 1 GiB and the others at 256 MiB, with 512 MiB kept free', () => {
    expect(FIRST_WORKER_ADDRESS_SPACE).toBe(GiB);
    expect(WORKER_ADDRESS_SPACE).toBe(GiB / 4);
    expect(ADDRESS_SPACE_HEADROOM).toBe(GiB / 2);
    const holding = 750_000; // kB, as a Node process holds as it starts
    const used = holding * 1024;
    const within = (limit: number, wanted = 8) => workersThatFit(wanted, proc({ '/proc/self/limits': limits(String(limit)), '/proc/self/status': status(holding) }));
    // Exactly room for k workers, and a byte less.
    for (const k of [0, 1, 2, 5]) {
      const limit = used + ADDRESS_SPACE_HEADROOM + (k === 0 ? 0 : GiB + (k - 1) * (GiB / 4));
      expect(within(limit)).toBe(k);
      if (k > 0) expect(within(limit - 1)).toBe(k - 1);
    }
    // Never more than wanted, never fewer than none.
    expect(within(used + 100 * GiB, 3)).toBe(3);
    expect(within(used)).toBe(0);
    expect(within(GiB / 4)).toBe(0);
    expect(within(used + 100 * GiB, 0)).toBe(0);
  });

  it('reads the soft limit, which is the one enforced', () => {
    expect(addressSpaceLimit(proc({ '/proc/self/limits': limits('3000000000', 'unlimited') }))).toBe(3_000_000_000);
    // 3,000,000,000 − 768,000,000 − 512 MiB − 1 GiB = 626,884,096 bytes: two more at 256 MiB.
    expect(workersThatFit(4, proc({ '/proc/self/limits': limits('3000000000', 'unlimited'), '/proc/self/status': status(750_000) }))).toBe(3);
  });

  it('are all wanted where the limit or the use cannot be read (not Linux, /proc hidden)', () => {
    expect(workersThatFit(2, proc({}))).toBe(2);
    expect(workersThatFit(2, proc({ '/proc/self/limits': limits('3000000000') }))).toBe(2);
    expect(workersThatFit(2, proc({ '/proc/self/limits': 'garbage', '/proc/self/status': status(750_000) }))).toBe(2);
    expect(workersThatFit(2, proc({ '/proc/self/limits': limits('3000000000'), '/proc/self/status': 'VmSize: lots' }))).toBe(2);
  });
});
