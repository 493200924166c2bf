// Worker threads within the process's address-space limit (Linux `ulimit -v`, RLIMIT_AS:
// shared hosts, build sandboxes, some remote VS Code servers). The first worker thread
// of a process reserves about 0.9 GB of address space as it starts, each later one
// about 70 MB (measured with Node 20 on x64: a 510 MB region V8 reserves once, and per
// thread a 64 MB allocator arena and its stack), and a reservation the limit refuses is
// a fatal error of the whole process (V8's "Fatal process OOM", SIGTRAP), not an
// exception a caller could catch. So a caller asks before it starts one, and does the
// work on a thread it has when the answer is no. Without a limit (the usual case), or
// where the limit cannot be read (not Linux), every worker fits.
// Node only (node:fs, through ./system-files).

import { readSystemFile, type SystemFileReader } from './system-files';

/**
 * Address space the first of the workers asked for is counted at: the first worker of
 * a process takes 0.86 GB, rounded up (counted so even when the process has one already:
 * whether V8's one-time region is there cannot be told).
 */
export const FIRST_WORKER_ADDRESS_SPACE = 1 << 30;

/** Address space each further worker is counted at: its 70 MB, and its heap as it works. */
export const WORKER_ADDRESS_SPACE = 256 << 20;

/** Kept free beside the workers, for the data the run itself allocates (its columns, its buffers). */
export const ADDRESS_SPACE_HEADROOM = 512 << 20;

/**
 * How many of `wanted` more worker threads fit in the address space this process has
 * left, the first counted at FIRST_WORKER_ADDRESS_SPACE and each other at
 * WORKER_ADDRESS_SPACE, with ADDRESS_SPACE_HEADROOM kept free: `wanted` when there is
 * no limit or it cannot be told.
 */
export function workersThatFit(wanted: number, read: SystemFileReader = readSystemFile): number {
  if (wanted <= 0) return 0;
  const limit = addressSpaceLimit(read);
  if (limit === undefined) return wanted;
  const used = addressSpaceUsed(read);
  if (used === undefined) return wanted;
  const room = limit - used - ADDRESS_SPACE_HEADROOM;
  if (room < FIRST_WORKER_ADDRESS_SPACE) return 0;
  return Math.min(wanted, 1 + Math.floor((room - FIRST_WORKER_ADDRESS_SPACE) / WORKER_ADDRESS_SPACE));
}

/** The soft limit of the address space in bytes (/proc/self/limits, "Max address space"); undefined when unlimited or unknown. */
export function addressSpaceLimit(read: SystemFileReader = readSystemFile): number | undefined {
  const limits = read('/proc/self/limits');
  const soft = limits === undefined ? undefined : /^Max address space\s+(\S+)/m.exec(limits)?.[1];
  if (soft === undefined || !/^\d+$/.test(soft)) return undefined;
  return Number(soft);
}

/** The address space the process holds now, in bytes (/proc/self/status, VmSize); undefined when unknown. */
function addressSpaceUsed(read: SystemFileReader): number | undefined {
  const status = read('/proc/self/status');
  const kilobytes = status === undefined ? undefined : /^VmSize:\s+(\d+) kB/m.exec(status)?.[1];
  return kilobytes === undefined ? undefined : Number(kilobytes) * 1024;
}
