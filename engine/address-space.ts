// Threads and WebAssembly memories within the process's address-space limit (Linux
// `ulimit -v`, RLIMIT_AS: shared hosts, build sandboxes, some remote VS Code servers).
//
// A worker thread's reservations are a fatal error of the whole process when the limit
// refuses them (V8's "Fatal process OOM", SIGTRAP), not an exception a caller could
// catch: measured with Node 20 on x64, the first worker of a process takes 0.85 GB of
// address space and each later one 0.59 GB, most of it reserved on the worker's own
// thread after `new Worker()` has returned, so the process's size read just after
// starting one does not show it yet. A WebAssembly memory reserves 10 GB (its guard
// regions); one the limit refuses is an exception (../wasm-memory), but one it grants
// can leave too little for the rest of the run, which then dies in V8. So a caller asks
// before it starts workers (counting the ones it has just started as not shown yet) or
// makes a WebAssembly memory, and does without when the answer is no. Without a limit
// (the usual case), or where the limit cannot be read (not Linux), everything fits.
// Node only (node:fs, through ./system-files); ./address-space.web answers "fits".

import { readSystemFile, type SystemFileReader } from './system-files';

/** The first worker of a process: its measured 0.85 GB, rounded up. */
export const FIRST_WORKER_ADDRESS_SPACE = 1 << 30;

/** Each later worker: its measured 0.59 GB, and some of its heap's growth. */
export const WORKER_ADDRESS_SPACE = 640 << 20;

/** A WebAssembly memory with its guard regions (V8 on 64-bit systems with trap handlers: 8 GiB + 2 GiB). */
export const WASM_MEMORY_ADDRESS_SPACE = 10 * 2 ** 30;

/** Kept free beside the workers, for the data the run itself allocates (its columns, its buffers). */
export const ADDRESS_SPACE_HEADROOM = 512 << 20;

/** Kept free beside a WebAssembly memory: the data of a large run (10M events hold about 1 GB) and its heaps. */
export const WASM_HEADROOM = 4 * 2 ** 30;

/**
 * How many of `wanted` more worker threads fit in the address space this process has
 * left: the first worker of the process counted at FIRST_WORKER_ADDRESS_SPACE and every
 * other at WORKER_ADDRESS_SPACE, with ADDRESS_SPACE_HEADROOM kept free. `started`: the
 * workers this process has started so far, counted as not in its size yet (they may
 * not be; when they are, they are counted twice, which errs on the safe side). `wanted`
 * when there is no limit or it cannot be told.
 */
export function workersThatFit(wanted: number, started = 0, read: SystemFileReader = readSystemFile): number {
  if (wanted <= 0) return 0;
  const room = roomLeft(read);
  if (room === undefined) return wanted;
  let fit = 0;
  while (fit < wanted && workersSpace(started + fit + 1) + ADDRESS_SPACE_HEADROOM <= room) fit++;
  return fit;
}

/**
 * Whether `memories` WebAssembly memories fit in what this process has left, beside
 * `workers` workers it is about to start and the `started` ones not in its size yet
 * (as for workersThatFit), with WASM_HEADROOM kept free: true when there is no limit or
 * it cannot be told.
 */
export function wasmMemoriesFit(memories = 1, workers = 0, started = 0, read: SystemFileReader = readSystemFile): boolean {
  const room = roomLeft(read);
  return room === undefined || memories * WASM_MEMORY_ADDRESS_SPACE + workersSpace(started + workers) + WASM_HEADROOM <= room;
}

/** The address space of a process's first `count` workers. */
function workersSpace(count: number): number {
  return count === 0 ? 0 : FIRST_WORKER_ADDRESS_SPACE + (count - 1) * WORKER_ADDRESS_SPACE;
}

/**
 * The reason a run stops when the system refuses it memory (V8's RangeError "Array
 * buffer allocation failed"): `who` could not allocate it, within the address-space
 * limit when there is one.
 */
export function outOfMemory(who: string, read: SystemFileReader = readSystemFile): string {
  const within = withinLimit(read);
  return `out of memory: ${who} could not allocate the memory it needs${within === undefined ? '' : `, ${within}`}`;
}

/** "within the address-space limit (ulimit -v) of 2.0 GiB", as every message about the limit says it; undefined when there is none. */
export function withinLimit(read: SystemFileReader = readSystemFile): string | undefined {
  const limit = addressSpaceLimit(read);
  return limit === undefined ? undefined : `within the address-space limit (ulimit -v) of ${(limit / 2 ** 30).toFixed(1)} GiB`;
}

/** V8's words for an ArrayBuffer it could not allocate. */
export const ALLOCATION_FAILED = 'Array buffer allocation failed';

/** The soft limit of the address space in bytes (/proc/self/limits, "Max address space"); undefined when unlimited or unknown. */
export function addressSpaceLimit(read: SystemFileReader = readSystemFile): number | undefined {
  const limits = read('/proc/self/limits');
  const soft = limits === undefined ? undefined : /^Max address space\s+(\S+)/m.exec(limits)?.[1];
  if (soft === undefined || !/^\d+$/.test(soft)) return undefined;
  return Number(soft);
}

/** The limit less what the process holds now (/proc/self/status, VmSize), in bytes; undefined when either is unknown. */
function roomLeft(read: SystemFileReader): number | undefined {
  const limit = addressSpaceLimit(read);
  if (limit === undefined) return undefined;
  const status = read('/proc/self/status');
  const kilobytes = status === undefined ? undefined : /^VmSize:\s+(\d+) kB/m.exec(status)?.[1];
  return kilobytes === undefined ? undefined : limit - Number(kilobytes) * 1024;
}
