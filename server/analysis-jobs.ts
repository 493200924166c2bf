// The jobs that need the analysis engine (refa), run wherever the host puts them: a
// worker thread (./server-worker), the browser's analysis web worker
// (./analysis-worker-web), or the server's own thread (./in-thread-analyser). The
// engine's facts of the last analysis of each open document are kept, so the next
// run resumes from the unchanged prefix of the rule list.

import { CancelledError, type CancellationToken } from '../engine/cancellation';
import { compareTexts, VersionWithErrors } from '../engine/diff/compare-texts';
import { EventFileError } from '../engine/events/event-format';
import type { EventSourceOptions } from '../engine/events/event-source';
import { MAX_IN_MEMORY_ENTRY } from '../engine/events/in-memory-limits';
import { AgainstFieldError } from '../engine/report/against-field';
import { buildRulesDocument } from '../engine/language/document';
import { portable, runDocumentAnalysis, type DocumentAnalysis } from '../engine/language/document-analysis';
import { fastCheck } from '../engine/language/fast-diagnostics';
import { proposeRuleForTraffic, RuleForTrafficError } from '../engine/language/rule-for-traffic';
import type { DiffResult } from './custom-protocol';
import type { DiffJobParams, JobResult, WorkerJob } from './worker-protocol';

export class AnalysisJobs {
  private readonly previous = new Map<string, DocumentAnalysis>();

  async run(uri: string, job: WorkerJob, token: CancellationToken): Promise<JobResult> {
    switch (job.kind) {
      case 'check': {
        const document = buildRulesDocument(job.text);
        // A newer version's check may be waiting: on a huge file each step takes seconds.
        if (token.isCancellationRequested) throw new CancelledError();
        return { kind: 'check', check: fastCheck(document, job.fileName) };
      }
      case 'analyse': {
        const last = this.previous.get(uri);
        const analysis = await runDocumentAnalysis(buildRulesDocument(job.text), {
          token,
          ...(last === undefined ? {} : { previous: last }),
          timeBudgetMs: job.timeBudgetMs,
          fileName: job.fileName,
        });
        if (job.keep && analysis.facts !== undefined) this.previous.set(uri, analysis);
        return { kind: 'analyse', analysis: portable(analysis) };
      }
      case 'diff':
        return { kind: 'diff', result: await diffJob(job.params, job.sampleEventFields, token) };
      case 'ruleForTraffic':
        try {
          return { kind: 'ruleForTraffic', proposal: await proposeRuleForTraffic(job.text, job.fields, job.channel, { token }) };
        } catch (error) {
          if (error instanceof RuleForTrafficError) return { kind: 'ruleForTraffic', error: error.message };
          throw error;
        }
    }
  }

  forget(uri: string): void {
    this.previous.delete(uri);
  }

  clear(): void {
    this.previous.clear();
  }
}

async function diffJob(params: DiffJobParams, sampleEventFields: EventSourceOptions | undefined, token: CancellationToken): Promise<DiffResult> {
  const compare = (against: string | undefined) =>
    compareTexts(params.baseText, params.headText, params.baseLabel, {
      token,
      ...(params.sample === undefined ? {} : { sample: params.sample }),
      // Bytes in memory (the browser): expanded entries are bounded by memory, not disk, as in the preview.
      ...(params.sample !== undefined && 'bytes' in params.sample ? { maxEntrySize: MAX_IN_MEMORY_ENTRY } : {}),
      ...(params.sample === undefined || sampleEventFields === undefined ? {} : { sampleEventFields }),
      ...(params.sample === undefined || against === undefined ? {} : { against }),
    });
  try {
    try {
      return { diff: await compare(params.against) };
    } catch (error) {
      // `auto` is the setting's default, as in the preview: events whose source system
      // carries no channel of its own are compared with no agreement, not refused. The
      // engine says so at the sample's first event, so reading it again costs little.
      if (error instanceof AgainstFieldError && params.against === 'auto') return { diff: await compare(undefined) };
      throw error;
    }
  } catch (error) {
    // What the user can fix is said as it is; anything else fails the request (and is logged).
    if (error instanceof VersionWithErrors || error instanceof EventFileError || error instanceof AgainstFieldError) return { error: error.message };
    throw error;
  }
}
