// What fits in what is left of an address-space limit (engine/address-space), from
// /proc/self/limits and /proc/self/status as Linux writes them: a process's first worker
// counted at 1 GiB and each other at 640 MiB with 512 MiB kept free, workers started
// already counted as not in the process's size yet, a WebAssembly memory at 10 GiB with
// 4 GiB kept free; everything where there is no limit or it cannot be read.

import { describe, expect, it } from 'vitest';
import {
  ADDRESS_SPACE_HEADROOM,
  addressSpaceLimit,
  FIRST_WORKER_ADDRESS_SPACE,
  WASM_HEADROOM,
  WASM_MEMORY_ADDRESS_SPACE,
  wasmMemoriesFit,
  WORKER_ADDRESS_SPACE,
  withinLimit,
  workersThatFit,
} from '../../engine/address-space';
import { systemFiles } from '../support/system-files';

const GiB = 2 ** 30;
const MiB = 2 ** 20;

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

const HOLDING = 750_000; // kB, as a Node process holds as it starts
const USED = HOLDING * 1024;
const within = (limit: number) => systemFiles({ '/proc/self/limits': limits(String(limit)), '/proc/self/status': status(HOLDING) });

describe('workers within the address space', () => {
  it('are all there is no limit for', () => {
    const unlimited = systemFiles({ '/proc/self/limits': limits('unlimited'), '/proc/self/status': status(HOLDING) });
    expect(workersThatFit(3, 0, unlimited)).toBe(3);
    expect(wasmMemoriesFit(4, 3, 0, unlimited)).toBe(true);
    expect(addressSpaceLimit(unlimited)).toBeUndefined();
  });

  it('count the first at 1 GiB and the others at 640 MiB, with 512 MiB kept free', () => {
    expect([FIRST_WORKER_ADDRESS_SPACE, WORKER_ADDRESS_SPACE, ADDRESS_SPACE_HEADROOM]).toEqual([GiB, 640 * MiB, 512 * MiB]);
    const space = (k: number) => (k === 0 ? 0 : GiB + (k - 1) * 640 * MiB);
    // Exactly room for k workers, and a byte less.
    for (const k of [0, 1, 2, 5]) {
      const limit = USED + ADDRESS_SPACE_HEADROOM + space(k);
      expect(workersThatFit(8, 0, within(limit))).toBe(k);
      if (k > 0) expect(workersThatFit(8, 0, within(limit - 1))).toBe(k - 1);
    }
    // Never more than wanted, never fewer than none.
    expect(workersThatFit(3, 0, within(USED + 100 * GiB))).toBe(3);
    expect(workersThatFit(8, 0, within(USED))).toBe(0);
    expect(workersThatFit(8, 0, within(GiB / 4))).toBe(0);
    expect(workersThatFit(0, 0, within(USED + 100 * GiB))).toBe(0);
  });

  it('count workers already started as not in the process size yet', () => {
    // Room for three workers in all: with two started, one more; with three, none.
    const limit = USED + ADDRESS_SPACE_HEADROOM + GiB + 2 * 640 * MiB;
    expect(workersThatFit(8, 0, within(limit))).toBe(3);
    expect(workersThatFit(8, 2, within(limit))).toBe(1);
    expect(workersThatFit(8, 3, within(limit))).toBe(0);
  });

  it('are said to be within the limit, in GiB, where there is one', () => {
    expect(withinLimit(within(3 * GiB))).toBe('within the address-space limit (ulimit -v) of 3.0 GiB');
    expect(withinLimit(systemFiles({ '/proc/self/limits': limits('unlimited') }))).toBeUndefined();
  });

  it('read the soft limit, which is the one enforced', () => {
    const soft = systemFiles({ '/proc/self/limits': limits('3000000000', 'unlimited'), '/proc/self/status': status(HOLDING) });
    expect(addressSpaceLimit(soft)).toBe(3_000_000_000);
    // 3,000,000,000 − 768,000,000 − 512 MiB = 1,695,129,088 bytes: 1 GiB, then 640 MiB is too much.
    expect(workersThatFit(4, 0, soft)).toBe(1);
  });

  it('are all wanted where the limit or the use cannot be read (not Linux, /proc hidden)', () => {
    expect(workersThatFit(2, 0, systemFiles({}))).toBe(2);
    expect(workersThatFit(2, 0, systemFiles({ '/proc/self/limits': limits('3000000000') }))).toBe(2);
    expect(workersThatFit(2, 0, systemFiles({ '/proc/self/limits': 'garbage', '/proc/self/status': status(HOLDING) }))).toBe(2);
    expect(workersThatFit(2, 0, systemFiles({ '/proc/self/limits': limits('3000000000'), '/proc/self/status': 'VmSize: lots' }))).toBe(2);
    expect(wasmMemoriesFit(1, 0, 0, systemFiles({}))).toBe(true);
  });
});

describe('WebAssembly memories within the address space', () => {
  it('fit with 10 GiB each and 4 GiB kept free, beside the workers', () => {
    expect([WASM_MEMORY_ADDRESS_SPACE, WASM_HEADROOM]).toEqual([10 * GiB, 4 * GiB]);
    const one = USED + 10 * GiB + 4 * GiB;
    expect(wasmMemoriesFit(1, 0, 0, within(one))).toBe(true);
    expect(wasmMemoriesFit(1, 0, 0, within(one - 1))).toBe(false);
    // Two threads: two memories and a worker.
    const two = USED + 20 * GiB + GiB + 4 * GiB;
    expect(wasmMemoriesFit(2, 1, 0, within(two))).toBe(true);
    expect(wasmMemoriesFit(2, 1, 0, within(two - 1))).toBe(false);
    // A worker started already counts as one about to start.
    expect(wasmMemoriesFit(2, 0, 1, within(two))).toBe(true);
    expect(wasmMemoriesFit(2, 0, 1, within(two - 1))).toBe(false);
    // Just above 10 GiB (where a memory is granted and the run is left with nothing): not.
    expect(wasmMemoriesFit(1, 0, 0, within(11 * GiB))).toBe(false);
  });
});
