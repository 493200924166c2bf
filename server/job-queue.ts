// The loop of a worker that runs the server's jobs (./server-worker in Node,
// ./analysis-worker-web in the browser): jobs one at a time, in order; a newer job of
// the same kind for the same document replaces an older one that has not started; a
// cancelled job stops at its next step (the engine yields between steps, so the
// cancel message gets through; Node also writes the run's id in shared memory).

import { CancelledError, yieldToEventLoop, type CancellationToken } from '../engine/cancellation';
import { AnalysisJobs } from './analysis-jobs';
import type { FromWorker, ToWorker, WorkerJob } from './worker-protocol';

export class JobQueue {
  private readonly jobs = new AnalysisJobs();
  private readonly cancelled = new Set<number>();
  private readonly queue: { run: number; uri: string; job: WorkerJob }[] = [];
  private busy = false;

  constructor(
    private readonly post: (message: FromWorker) => void,
    /** Another way a run is stopped at once (Node: its id in shared memory). */
    private readonly stopped: (run: number) => boolean = () => false,
  ) {}

  onMessage(message: ToWorker): void {
    switch (message.kind) {
      case 'job': {
        for (let i = this.queue.length - 1; i >= 0; i--) {
          const queued = this.queue[i]!;
          if (queued.uri === message.uri && queued.job.kind === message.job.kind) {
            this.queue.splice(i, 1);
            this.post({ kind: 'cancelled', run: queued.run });
          }
        }
        this.queue.push(message);
        void this.pump();
        break;
      }
      case 'cancel':
        this.cancelled.add(message.run);
        break;
      case 'forget':
        this.jobs.forget(message.uri);
        break;
    }
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.queue.length > 0) {
        // A check runs without a pause, so messages sent meanwhile (a newer version's
        // job, a cancel) wait for the event loop: read them before the next job starts,
        // so that job is the newest of its document's.
        await new Promise<void>((resolve) => yieldToEventLoop(resolve));
        if (this.queue.length === 0) break;
        const { run: id, uri, job } = this.queue.shift()!;
        if (this.cancelled.delete(id)) {
          this.post({ kind: 'cancelled', run: id });
          continue;
        }
        const cancelled = this.cancelled;
        const stopped = this.stopped;
        const token: CancellationToken = {
          get isCancellationRequested() {
            return cancelled.has(id) || stopped(id);
          },
        };
        try {
          this.post({ kind: 'done', run: id, result: await this.jobs.run(uri, job, token) });
        } catch (error) {
          if (error instanceof CancelledError) this.post({ kind: 'cancelled', run: id });
          else this.post({ kind: 'failed', run: id, error: (error as Error)?.stack ?? String(error) });
        } finally {
          this.cancelled.delete(id);
        }
      }
    } finally {
      this.busy = false;
    }
  }
}
