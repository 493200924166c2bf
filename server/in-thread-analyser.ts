// The analysis on the server's own thread (tests importing the sources). The jobs
// are ./analysis-jobs', as in the workers.

import { CancellationSource } from '../engine/cancellation';
import type { EventSourceOptions } from '../engine/events/event-source';
import type { PortableAnalysis } from '../engine/language/document-analysis';
import type { FastCheck } from '../engine/language/fast-diagnostics';
import type { TrafficFields } from '../engine/language/rule-for-traffic';
import type { AnalyseOptions, Analyser, RuleForTrafficOutcome, Running } from './analyser-interface';
import { AnalysisJobs } from './analysis-jobs';
import type { DiffResult } from './custom-protocol';
import type { DiffJobParams, JobResult, WorkerJob } from './worker-protocol';

export class InThreadAnalyser implements Analyser {
  private readonly jobs = new AnalysisJobs();

  analyse(uri: string, text: string, options: AnalyseOptions): Running<PortableAnalysis> {
    return this.start(uri, { kind: 'analyse', text, ...options }, 'analyse', (done) => done.analysis);
  }

  check(uri: string, text: string, fileName: string): Running<FastCheck> {
    return this.start(uri, { kind: 'check', text, fileName }, 'check', (done) => done.check);
  }

  diff(params: DiffJobParams, sampleEventFields?: EventSourceOptions): Running<DiffResult> {
    return this.start(params.uri, { kind: 'diff', params, ...(sampleEventFields === undefined ? {} : { sampleEventFields }) }, 'diff', (done) => done.result);
  }

  ruleForTraffic(uri: string, text: string, fields: TrafficFields, channel: string): Running<RuleForTrafficOutcome> {
    return this.start(uri, { kind: 'ruleForTraffic', text, fields, channel }, 'ruleForTraffic', ({ kind: _kind, ...outcome }) => outcome);
  }

  forget(uri: string): void {
    this.jobs.forget(uri);
  }

  dispose(): void {
    this.jobs.clear();
  }

  private start<K extends JobResult['kind'], T>(uri: string, job: WorkerJob, _kind: K, pick: (result: Extract<JobResult, { kind: K }>) => T): Running<T> {
    const source = new CancellationSource();
    const result = Promise.resolve().then(async () => pick((await this.jobs.run(uri, job, source)) as Extract<JobResult, { kind: K }>));
    return { result, cancel: () => source.cancel() };
  }
}
