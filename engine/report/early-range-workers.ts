// Reading threads started before a report knows its rules (./threaded-report's workers).
//
// Why: `channel-rules report` spends its first ~90 ms on one core, loading the report
// command's bundle and compiling the rules, while the other core idles; a worker
// started when the report's reading begins boots on a core the main thread's reading
// needs (online after 150–170 ms rather than 20). Started at once by the CLI, a worker
// boots and loads its bundle in that idle time, and is handed its rules in its first
// message (./range-worker) when the run adopts it.
//
// The CLI (cli/main.ts) and the report command are separate bundles, each with its own
// copy of this module: the workers waiting to be adopted are kept under a global
// symbol, so that the copy that starts them and the copy that adopts them see the same
// ones. A worker not adopted never holds the process open (it is unref'd until
// adopted): the CLI's process ends with it; endEarlyRangeWorkers ends such workers in a
// process that goes on (the tests).

import { Worker } from 'node:worker_threads';
import { workersThatFit } from '../address-space';
import { eventFileKindOf, splittableFile } from '../events/event-format';

/** Bytes per range: large enough that messages cost little, small enough to balance the threads. */
export const DEFAULT_RANGE_SIZE = 4 << 20;

/** `workerData` of a worker started early: its setup comes in its first message. */
export const EARLY_WORKER_DATA = { early: true } as const;

interface EarlyWorker {
  worker: Worker;
  script: string;
  /** It failed or ended before it was adopted. */
  gone: boolean;
}

const REGISTRY = Symbol.for('channel-rules.early-range-workers');

function waiting(): EarlyWorker[] {
  const holder = globalThis as { [REGISTRY]?: EarlyWorker[] };
  return (holder[REGISTRY] ??= []);
}

/**
 * Whether a file of `size` bytes gets its reading threads at once (./threaded-report):
 * more than one range, or a compressed file that may expand to more.
 */
export function startsWorkersAtOnce(path: string, size: number, rangeSize = DEFAULT_RANGE_SIZE): boolean {
  if (!splittableFile(path)) return false;
  const kind = eventFileKindOf(path)!;
  return size > (kind.kind === 'zip' || kind.gzip ? rangeSize / 16 : rangeSize);
}

/**
 * Starts workers of `script` until `count` of them wait to be adopted (none started
 * twice for one run), as many as the address space has room for (../address-space).
 * Never throws: a thread the system refuses (EAGAIN under a limit on processes) is one
 * the run starts itself, or reports, as without an early start.
 */
export function startRangeWorkersEarly(script: string, count: number): void {
  const workers = waiting();
  const already = workers.filter((each) => each.script === script && !each.gone).length;
  // Decided once: a worker's reservations show in the process's size only once it runs.
  const upTo = already + workersThatFit(count - already, already);
  for (let i = already; i < upTo; i++) {
    let worker: Worker;
    try {
      worker = new Worker(script, { workerData: EARLY_WORKER_DATA });
    } catch {
      return;
    }
    worker.unref();
    const early: EarlyWorker = { worker, script, gone: false };
    // Until adopted, a failure only marks it: the run that would adopt it starts another.
    worker.on('error', () => (early.gone = true));
    worker.on('exit', () => (early.gone = true));
    workers.push(early);
  }
}

/** A waiting worker of `script`, taken (it holds the process open from now on), or undefined. */
export function takeEarlyRangeWorker(script: string): Worker | undefined {
  const workers = waiting();
  const index = workers.findIndex((each) => each.script === script && !each.gone);
  if (index < 0) return undefined;
  const [early] = workers.splice(index, 1);
  early!.worker.ref();
  return early!.worker;
}

/** Ends the workers no run adopted. */
export async function endEarlyRangeWorkers(): Promise<void> {
  const workers = waiting().splice(0);
  await Promise.all(workers.map(({ worker }) => worker.terminate()));
}

/** How many workers (of `script`, when given) wait to be adopted. */
export function earlyRangeWorkerCount(script?: string): number {
  return waiting().filter((each) => !each.gone && (script === undefined || each.script === script)).length;
}
