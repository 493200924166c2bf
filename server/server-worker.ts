// The server's worker threads (dist/server.js started as a worker): parse, check and analyse
// rules text so the server's own thread only answers requests. Jobs are handled one
// at a time, in order; a newer job for the same document replaces an older one that
// has not started. A running job is stopped when the server writes its id in shared
// memory (read at every step of the analysis). For the analysis, the engine's facts
// of the last run of each open document are kept, so the next run resumes from the
// unchanged prefix of the rule list.

import { parentPort, workerData } from 'node:worker_threads';
import { CancelledError, type CancellationToken } from '../engine/cancellation';
import { buildRulesDocument } from '../engine/language/document';
import { portable, runDocumentAnalysis, type DocumentAnalysis } from '../engine/language/document-analysis';
import { fastCheck } from '../engine/language/fast-diagnostics';
import { CANCEL_SLOT, type FromWorker, type JobResult, type ToWorker, type WorkerJob } from './worker-protocol';

const previous = new Map<string, DocumentAnalysis>();
const cancelled = new Set<number>();
const queue: { run: number; uri: string; job: WorkerJob }[] = [];
let busy = false;
let shared: Int32Array;

function post(message: FromWorker): void {
  parentPort!.postMessage(message);
}

/** Runs this thread as a server worker (./main calls it when not on the main thread). */
export function startWorker(): void {
  if (parentPort === null) throw new Error('startWorker must run in a worker thread');
  shared = (workerData as { shared: Int32Array }).shared;
  parentPort.on('message', onMessage);
}

function onMessage(message: ToWorker): void {
  switch (message.kind) {
    case 'job': {
      // An older job of the same kind for the same document that has not started is superseded.
      for (let i = queue.length - 1; i >= 0; i--) {
        const queued = queue[i]!;
        if (queued.uri === message.uri && queued.job.kind === message.job.kind) {
          queue.splice(i, 1);
          post({ kind: 'cancelled', run: queued.run });
        }
      }
      queue.push(message);
      void pump();
      break;
    }
    case 'cancel':
      cancelled.add(message.run);
      break;
    case 'forget':
      previous.delete(message.uri);
      break;
  }
}

async function run(uri: string, job: WorkerJob, token: CancellationToken): Promise<JobResult> {
  const document = buildRulesDocument(job.text);
  // A newer version's check may be waiting: on a huge file each step takes seconds.
  if (token.isCancellationRequested) throw new CancelledError();
  if (job.kind === 'check') return { kind: 'check', check: fastCheck(document, job.fileName) };
  const last = previous.get(uri);
  const analysis = await runDocumentAnalysis(document, {
    token,
    ...(last === undefined ? {} : { previous: last }),
    timeBudgetMs: job.timeBudgetMs,
    fileName: job.fileName,
  });
  if (job.keep && analysis.facts !== undefined) previous.set(uri, analysis);
  return { kind: 'analyse', analysis: portable(analysis) };
}

async function pump(): Promise<void> {
  if (busy) return;
  busy = true;
  try {
    while (queue.length > 0) {
      const { run: id, uri, job } = queue.shift()!;
      if (cancelled.delete(id)) {
        post({ kind: 'cancelled', run: id });
        continue;
      }
      const token: CancellationToken = {
        get isCancellationRequested() {
          return Atomics.load(shared, CANCEL_SLOT) === id || cancelled.has(id);
        },
      };
      try {
        post({ kind: 'done', run: id, result: await run(uri, job, token) });
      } catch (error) {
        if (error instanceof CancelledError) post({ kind: 'cancelled', run: id });
        else post({ kind: 'failed', run: id, error: (error as Error)?.stack ?? String(error) });
      } finally {
        cancelled.delete(id);
      }
    }
  } finally {
    busy = false;
  }
}
