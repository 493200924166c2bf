// The web build's ./analyser. The fast check of every change runs on the server's own
// (web worker) thread, so syntax errors and the checker's diagnostics come at once;
// everything that needs the analysis engine (the exact analysis, "Compare with…",
// "Add a rule for this traffic…") runs in a second web worker, dist/web/analysis-
// worker.js (./analysis-worker-web), started on first use. The engine (refa, about
// 1 MB) is in that bundle only, so the server's bundle stays small and starts fast,
// and a long analysis never delays completion or hover.
//
// The client says where the worker script is (initializationOptions.analysisWorker):
// a `blob:` URL where the host refuses to start workers from the extension's own
// URL (code-server), else the script's URL. A worker may only be started from its
// own origin; vscode.dev serves extensions from another one, so a script URL is
// loaded through a `blob:` stub that imports it (as VS Code's extension host does).

import { CancelledError } from '../engine/cancellation';
import { buildRulesDocument } from '../engine/language/document';
import { fastCheck } from '../engine/language/fast-diagnostics';
import type { Analyser, Running } from './analyser-interface';
import { ChannelAnalyser, type JobChannel } from './channel-analyser';
import type { Logger } from './safe-handler';
import type { FromWorker, JobResult, ToWorker, WorkerJob } from './worker-protocol';

export type { AnalyseOptions, Analyser, Running } from './analyser-interface';

export function createAnalyser(logger: Logger, options: { analysisWorker?: string } = {}): Analyser {
  return new ChannelAnalyser(new InThreadChecks(), new AnalysisWorkerChannel(options.analysisWorker, logger));
}

/** The fast check on the server's thread (no analysis engine needed). */
class InThreadChecks implements JobChannel {
  submit(_uri: string, job: WorkerJob): Running<JobResult> {
    if (job.kind !== 'check') return { result: Promise.reject(new Error(`${job.kind} does not run on the server's thread`)), cancel: () => undefined };
    return { result: Promise.resolve().then(() => ({ kind: 'check', check: fastCheck(buildRulesDocument(job.text), job.fileName) })), cancel: () => undefined };
  }
  forget(): void {}
  dispose(): void {}
}

/** The analysis web worker, started on first use and again after it fails. */
class AnalysisWorkerChannel implements JobChannel {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, { resolve: (result: JobResult) => void; reject: (error: unknown) => void }>();
  private nextRun = 1;

  constructor(
    private readonly script: string | undefined,
    private readonly logger: Logger,
  ) {}

  private ensureWorker(): Worker {
    if (this.worker !== undefined) return this.worker;
    if (this.script === undefined) throw new Error('the client did not say where the analysis worker is (initializationOptions.analysisWorker)');
    const worker = startWorker(this.script);
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      const run = this.pending.get(message.run);
      if (run === undefined) return;
      this.pending.delete(message.run);
      if (message.kind === 'done') run.resolve(message.result);
      else if (message.kind === 'cancelled') run.reject(new CancelledError());
      else run.reject(new Error(message.error));
    };
    worker.onerror = (event: ErrorEvent) => {
      // A script that did not load or a crash: what was asked is lost; the next job starts a new worker.
      event.preventDefault();
      this.logger.error(`analysis worker: ${event.message || 'failed to start'}`);
      if (this.worker === worker) this.worker = undefined;
      worker.terminate();
      for (const [, run] of this.pending) run.reject(new Error(`the analysis worker stopped: ${event.message || 'failed to start'}`));
      this.pending.clear();
    };
    this.worker = worker;
    return worker;
  }

  submit(uri: string, job: WorkerJob): Running<JobResult> {
    const run = this.nextRun++;
    let worker: Worker;
    try {
      worker = this.ensureWorker();
    } catch (error) {
      return { result: Promise.reject(error), cancel: () => undefined };
    }
    const result = new Promise<JobResult>((resolve, reject) => {
      this.pending.set(run, { resolve, reject });
      worker.postMessage({ kind: 'job', run, uri, job } satisfies ToWorker);
    });
    // Read by the job at its next step: the engine yields to the worker's event loop between steps.
    const cancel = () => {
      if (this.pending.has(run)) worker.postMessage({ kind: 'cancel', run } satisfies ToWorker);
    };
    return { result, cancel };
  }

  forget(uri: string): void {
    this.worker?.postMessage({ kind: 'forget', uri } satisfies ToWorker);
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }
}

function startWorker(script: string): Worker {
  if (script.startsWith('blob:')) return new Worker(script, { name: 'channel-rules-analysis' });
  try {
    return new Worker(script, { name: 'channel-rules-analysis' });
  } catch {
    const stub = `importScripts(${JSON.stringify(script)});`;
    return new Worker(URL.createObjectURL(new Blob([stub], { type: 'text/javascript' })), { name: 'channel-rules-analysis' });
  }
}
