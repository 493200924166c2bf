// The analysis worker (dist/analysis-worker.js): the exact analysis runs here, in a
// worker thread, so the server's thread answers completion and hover at once however
// long a rule takes. It keeps, per open document, the engine's facts of the last run
// so the next run resumes from the unchanged prefix of the rule list.
//
// Runs are handled one at a time, in order. A run is stopped by the server writing
// its id in shared memory (checked at every step of the analysis) or, before it
// starts, by a `cancel` message.

import { parentPort, workerData } from 'node:worker_threads';
import { CancelledError, type CancellationToken } from '../engine/cancellation';
import { buildRulesDocument } from '../engine/language/document';
import { portable, runDocumentAnalysis, type DocumentAnalysis } from '../engine/language/document-analysis';
import { CANCEL_SLOT, type FromAnalysisWorker, type ToAnalysisWorker } from './analysis-protocol';

const port = parentPort;
if (port === null) throw new Error('analysis-worker.js must run as a worker thread');
const shared = (workerData as { shared: Int32Array }).shared;

const previous = new Map<string, DocumentAnalysis>();
const cancelled = new Set<number>();
const queue: Extract<ToAnalysisWorker, { kind: 'analyse' }>[] = [];
let busy = false;

function post(message: FromAnalysisWorker): void {
  port!.postMessage(message);
}

port.on('message', (message: ToAnalysisWorker) => {
  switch (message.kind) {
    case 'analyse':
      queue.push(message);
      void pump();
      break;
    case 'cancel':
      cancelled.add(message.run);
      break;
    case 'forget':
      previous.delete(message.uri);
      break;
  }
});

async function pump(): Promise<void> {
  if (busy) return;
  busy = true;
  try {
    while (queue.length > 0) {
      const job = queue.shift()!;
      if (cancelled.delete(job.run)) {
        post({ kind: 'cancelled', run: job.run });
        continue;
      }
      const token: CancellationToken = {
        get isCancellationRequested() {
          return Atomics.load(shared, CANCEL_SLOT) === job.run || cancelled.has(job.run);
        },
      };
      try {
        const document = buildRulesDocument(job.text);
        const last = previous.get(job.uri);
        const analysis = await runDocumentAnalysis(document, {
          token,
          ...(last === undefined ? {} : { previous: last }),
          timeBudgetMs: job.timeBudgetMs,
          fileName: job.fileName,
        });
        if (job.keep && analysis.facts !== undefined) previous.set(job.uri, analysis);
        post({ kind: 'done', run: job.run, analysis: portable(analysis) });
      } catch (error) {
        if (error instanceof CancelledError) post({ kind: 'cancelled', run: job.run });
        else post({ kind: 'failed', run: job.run, error: (error as Error)?.stack ?? String(error) });
      } finally {
        cancelled.delete(job.run);
      }
    }
  } finally {
    busy = false;
  }
}
