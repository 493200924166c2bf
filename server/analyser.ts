// Where the heavy work runs: in worker threads (the bundled server itself, started as
// a worker), one for the fast check of each change and one for the exact analysis
// (and the diff, and "Add a rule for this traffic…"), so the server's thread stays
// free for requests; or, when the server is not bundled (tests importing the
// sources), on the server's thread. Also on the server's thread when the process's
// address-space limit has no room for the two workers (engine/address-space): a
// worker V8 could not reserve would end the server, and the editor would restart it
// into the same end.

import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { withinLimit, workersThatFit } from '../engine/address-space';
import { CancelledError } from '../engine/cancellation';
import { WorkerOutOfMemoryError, type Analyser, type Running } from './analyser-interface';
import { ChannelAnalyser, type JobChannel } from './channel-analyser';
import { InThreadAnalyser } from './in-thread-analyser';
import type { Logger } from './safe-handler';
import { CANCEL_SLOTS, cancelSlotOf, type FromWorker, type JobResult, type ToWorker, type WorkerJob } from './worker-protocol';

export { WorkerOutOfMemoryError, type AnalyseOptions, type Analyser, type Running } from './analyser-interface';

/**
 * The heap each worker may use (V8's old generation, MiB). A job that needs more ends its
 * worker (the server stays up) and fails with WorkerOutOfMemoryError; the next job
 * starts a new worker. Checking a 5 MB rules file needs about half of it. The
 * environment variable CHANNEL_RULES_WORKER_HEAP_MB sets another limit (tests).
 */
export const WORKER_HEAP_LIMIT_MB = heapLimitMb(process.env.CHANNEL_RULES_WORKER_HEAP_MB);

function heapLimitMb(given: string | undefined): number {
  const value = Number(given);
  return given !== undefined && Number.isInteger(value) && value >= 16 ? value : 1024;
}
export { InThreadAnalyser } from './in-thread-analyser';

/** Worker threads when running from the bundle; else the server's thread. */
export function createAnalyser(logger: Logger, _options: { analysisWorker?: string } = {}): Analyser {
  const workerFile = __filename;
  if (workerFile.endsWith('.js') && existsSync(workerFile)) {
    if (workersThatFit(2) === 2) return new ChannelAnalyser(new WorkerChannel(workerFile, 'check', logger), new WorkerChannel(workerFile, 'analysis', logger));
    logger.warn(`no room for the check and analysis threads ${withinLimit()}: they run on the server's thread`);
  }
  return new InThreadAnalyser();
}

/** One worker thread, started on first use and again after it stops. */
export class WorkerChannel implements JobChannel {
  private worker: Worker | undefined;
  private readonly shared = new Int32Array(new SharedArrayBuffer(4 * CANCEL_SLOTS));
  private readonly pending = new Map<number, { resolve: (result: JobResult) => void; reject: (error: unknown) => void }>();
  private nextRun = 1;

  constructor(
    private readonly file: string,
    private readonly name: string,
    private readonly logger: Logger,
  ) {}

  private ensureWorker(): Worker {
    if (this.worker !== undefined) return this.worker;
    // No inherited execArgv: a debugger flag (--inspect) of the server must not reach its workers.
    const worker = new Worker(this.file, {
      workerData: { shared: this.shared },
      name: this.name,
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_LIMIT_MB },
    });
    let outOfMemory = false;
    worker.on('message', (message: FromWorker) => {
      const run = this.pending.get(message.run);
      if (run === undefined) return;
      this.pending.delete(message.run);
      if (message.kind === 'done') run.resolve(message.result);
      else if (message.kind === 'cancelled') run.reject(new CancelledError());
      else run.reject(new Error(message.error));
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        outOfMemory = true;
        this.logger.warn(`${this.name} worker: ran out of its ${WORKER_HEAP_LIMIT_MB} MiB of memory; restarted for the next job`);
      } else this.logger.error(`${this.name} worker: ${error.stack ?? error.message}`);
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      // What was asked of it is lost: those jobs fail, the next job starts a new worker.
      for (const [, run] of this.pending) {
        run.reject(outOfMemory ? new WorkerOutOfMemoryError(this.name, WORKER_HEAP_LIMIT_MB) : new Error(`the ${this.name} worker stopped (exit code ${code})`));
      }
      this.pending.clear();
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  submit(uri: string, job: WorkerJob): Running<JobResult> {
    const run = this.nextRun++;
    const worker = this.ensureWorker();
    const result = new Promise<JobResult>((resolve, reject) => {
      this.pending.set(run, { resolve, reject });
      worker.postMessage({ kind: 'job', run, uri, job } satisfies ToWorker);
    });
    const cancel = () => {
      if (!this.pending.has(run)) return;
      // Stops the job if it is the one running (read at its next step); drops it if it is queued.
      Atomics.store(this.shared, cancelSlotOf(run), run);
      worker.postMessage({ kind: 'cancel', run } satisfies ToWorker);
    };
    return { result, cancel };
  }

  forget(uri: string): void {
    this.worker?.postMessage({ kind: 'forget', uri } satisfies ToWorker);
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
