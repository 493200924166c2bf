// An Analyser over job channels: the fast checks go to one, everything that needs the
// analysis engine to another (Node: two worker threads, ./analyser; browser: the
// server's thread and an analysis web worker, ./analyser.web).

import type { EventSourceOptions } from '../engine/events/event-source';
import type { PortableAnalysis } from '../engine/language/document-analysis';
import type { FastCheck } from '../engine/language/fast-diagnostics';
import type { TrafficFields } from '../engine/language/rule-for-traffic';
import type { AnalyseOptions, Analyser, RuleForTrafficOutcome, Running } from './analyser-interface';
import type { DiffResult } from './custom-protocol';
import type { DiffJobParams, JobResult, WorkerJob } from './worker-protocol';

export interface JobChannel {
  submit(uri: string, job: WorkerJob): Running<JobResult>;
  forget(uri: string): void;
  dispose(): void;
}

export class ChannelAnalyser implements Analyser {
  constructor(
    private readonly checks: JobChannel,
    private readonly analyses: JobChannel,
  ) {}

  analyse(uri: string, text: string, options: AnalyseOptions): Running<PortableAnalysis> {
    return picked(this.analyses.submit(uri, { kind: 'analyse', text, ...options }), (result) => (result as Extract<JobResult, { kind: 'analyse' }>).analysis);
  }

  check(uri: string, text: string, fileName: string): Running<FastCheck> {
    return picked(this.checks.submit(uri, { kind: 'check', text, fileName }), (result) => (result as Extract<JobResult, { kind: 'check' }>).check);
  }

  diff(params: DiffJobParams, sampleEventFields?: EventSourceOptions): Running<DiffResult> {
    return picked(this.analyses.submit(params.uri, { kind: 'diff', params, ...(sampleEventFields === undefined ? {} : { sampleEventFields }) }), (result) => (result as Extract<JobResult, { kind: 'diff' }>).result);
  }

  ruleForTraffic(uri: string, text: string, fields: TrafficFields, channel: string): Running<RuleForTrafficOutcome> {
    return picked(this.analyses.submit(uri, { kind: 'ruleForTraffic', text, fields, channel }), (result) => {
      const { kind: _kind, ...outcome } = result as Extract<JobResult, { kind: 'ruleForTraffic' }>;
      return outcome;
    });
  }

  forget(uri: string): void {
    this.analyses.forget(uri);
  }

  dispose(): void {
    this.checks.dispose();
    this.analyses.dispose();
  }
}

function picked<T>(running: Running<JobResult>, pick: (result: JobResult) => T): Running<T> {
  return { result: running.result.then(pick), cancel: running.cancel };
}
