// What the server asks of whatever runs the parsing, the analysis and the other jobs
// that need the analysis engine (./analyser: worker threads or the server's thread;
// ./analyser.web: the server's web worker for the fast check, a lazily started
// analysis web worker for the rest).

import type { EventSourceOptions } from '../engine/events/event-source';
import type { PortableAnalysis } from '../engine/language/document-analysis';
import type { FastCheck } from '../engine/language/fast-diagnostics';
import type { TrafficFields } from '../engine/language/rule-for-traffic';
import type { DiffResult } from './custom-protocol';
import type { DiffJobParams, JobResult } from './worker-protocol';

export interface AnalyseOptions {
  timeBudgetMs: number;
  fileName: string;
  /** Keep the engine's facts for the next run of this document. */
  keep: boolean;
}

/** A job in progress: its result (rejected with CancelledError once cancelled), and how to stop it. */
export interface Running<T> {
  result: Promise<T>;
  cancel(): void;
}

export type RuleForTrafficOutcome = Omit<Extract<JobResult, { kind: 'ruleForTraffic' }>, 'kind'>;

export interface Analyser {
  analyse(uri: string, text: string, options: AnalyseOptions): Running<PortableAnalysis>;
  check(uri: string, text: string, fileName: string): Running<FastCheck>;
  /** "Compare with…": the semantic diff of two texts (engine/diff/compare-texts), its sample read with `sampleEventFields`. */
  diff(params: DiffJobParams, sampleEventFields?: EventSourceOptions): Running<DiffResult>;
  /** "Add a rule for this traffic…" (engine/language/rule-for-traffic). */
  ruleForTraffic(uri: string, text: string, fields: TrafficFields, channel: string): Running<RuleForTrafficOutcome>;
  forget(uri: string): void;
  dispose(): void;
}

/** A job's worker thread ran out of the memory it is allowed (the worker is restarted for the next job). */
export class WorkerOutOfMemoryError extends Error {
  constructor(
    readonly worker: string,
    readonly limitMb: number,
  ) {
    super(`the ${worker} worker ran out of its ${limitMb} MiB of memory`);
    this.name = 'WorkerOutOfMemoryError';
  }
}
