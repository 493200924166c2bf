// Where the analysis runs: in the analysis worker (dist/analysis-worker.js, next to
// the bundled server) so the server's thread stays free, or, when there is no worker
// bundle (tests importing the sources), on the server's thread in slices.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CancellationSource, CancelledError } from '../engine/cancellation';
import type { RulesDocument } from '../engine/language/document';
import { portable, runDocumentAnalysis, type DocumentAnalysis, type PortableAnalysis } from '../engine/language/document-analysis';
import { CANCEL_SLOT, type FromAnalysisWorker, type ToAnalysisWorker } from './analysis-protocol';
import type { Logger } from './safe-handler';

export interface AnalyseOptions {
  timeBudgetMs: number;
  fileName: string;
  /** Keep the engine's facts for the next run of this document. */
  keep: boolean;
}

/** A run of the analysis: its result (rejected with CancelledError once cancelled), and how to stop it. */
export interface AnalysisRun {
  result: Promise<PortableAnalysis>;
  cancel(): void;
}

export interface Analyser {
  analyse(uri: string, rules: RulesDocument, options: AnalyseOptions): AnalysisRun;
  forget(uri: string): void;
  dispose(): void;
}

/** The worker, when its bundle is there; else the server's thread. */
export function createAnalyser(logger: Logger): Analyser {
  const workerFile = path.join(__dirname, 'analysis-worker.js');
  return existsSync(workerFile) && __filename.endsWith('.js') ? new WorkerAnalyser(workerFile, logger) : new InThreadAnalyser();
}

export class InThreadAnalyser implements Analyser {
  private readonly previous = new Map<string, DocumentAnalysis>();

  analyse(uri: string, rules: RulesDocument, options: AnalyseOptions): AnalysisRun {
    const source = new CancellationSource();
    const last = this.previous.get(uri);
    const result = runDocumentAnalysis(rules, {
      token: source,
      ...(last === undefined ? {} : { previous: last }),
      timeBudgetMs: options.timeBudgetMs,
      fileName: options.fileName,
    }).then((analysis) => {
      if (options.keep && analysis.facts !== undefined) this.previous.set(uri, analysis);
      return portable(analysis);
    });
    return { result, cancel: () => source.cancel() };
  }

  forget(uri: string): void {
    this.previous.delete(uri);
  }

  dispose(): void {
    this.previous.clear();
  }
}

interface PendingRun {
  resolve: (analysis: PortableAnalysis) => void;
  reject: (error: unknown) => void;
}

export class WorkerAnalyser implements Analyser {
  private worker: Worker | undefined;
  private readonly shared = new Int32Array(new SharedArrayBuffer(4));
  private readonly pending = new Map<number, PendingRun>();
  private nextRun = 1;

  constructor(
    private readonly file: string,
    private readonly logger: Logger,
  ) {}

  private ensureWorker(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(this.file, { workerData: { shared: this.shared } });
    worker.on('message', (message: FromAnalysisWorker) => {
      const run = this.pending.get(message.run);
      if (run === undefined) return;
      this.pending.delete(message.run);
      if (message.kind === 'done') run.resolve(message.analysis);
      else if (message.kind === 'cancelled') run.reject(new CancelledError());
      else run.reject(new Error(message.error));
    });
    worker.on('error', (error) => this.logger.error(`analysis worker: ${error.stack ?? error.message}`));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      // Whatever was asked of it is lost: those runs fail, the next run starts a new worker.
      for (const [, run] of this.pending) run.reject(new Error(`the analysis worker stopped (exit code ${code})`));
      this.pending.clear();
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  analyse(uri: string, rules: RulesDocument, options: AnalyseOptions): AnalysisRun {
    const run = this.nextRun++;
    const worker = this.ensureWorker();
    const result = new Promise<PortableAnalysis>((resolve, reject) => {
      this.pending.set(run, { resolve, reject });
      const message: ToAnalysisWorker = { kind: 'analyse', run, uri, text: rules.text, ...options };
      worker.postMessage(message);
    });
    const cancel = () => {
      if (!this.pending.has(run)) return;
      // Stops the run if it is the one running (read at its next step), and drops it if it is queued.
      Atomics.store(this.shared, CANCEL_SLOT, run);
      worker.postMessage({ kind: 'cancel', run } satisfies ToAnalysisWorker);
    };
    return { result, cancel };
  }

  forget(uri: string): void {
    this.worker?.postMessage({ kind: 'forget', uri } satisfies ToAnalysisWorker);
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
