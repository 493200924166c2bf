// The exact analysis in the background: one run per document at a time, started a
// short while after the last edit (debounced), cancelled as soon as the document
// changes again, and resumed from the unchanged prefix of the rule list (the engine
// reuses the facts of rules whose meaning and predecessors did not change). It runs
// in the analysis worker (./analyser), so completion and hover never wait for it.

import { CancelledError } from '../engine/cancellation';
import type { Diagnostic } from '../engine/diagnostics';
import type { PortableAnalysis } from '../engine/language/document-analysis';
import type { Analyser, Running } from './analyser';
import { fileNameOf } from './file-uris';
import type { Logger } from './safe-handler';
import { describeError } from './safe-handler';

export const ANALYSIS_DEBOUNCE_MS = 200;

export interface AnalysisDone {
  uri: string;
  version: number;
  analysis: PortableAnalysis;
}

/** A version of a document as the analysis sees it. */
export interface AnalysedText {
  text: string;
  /** The fast check's key of what the analysis depends on besides the rules (lists, case mode). */
  contextKey: string;
  /** The fast check's spans of the checked rules (FastCheck.ruleSpans). */
  ruleSpans: Int32Array;
}

/** The spans of a text not checked (no rules, so nothing is carried over from or to it). */
export const NO_RULES = new Int32Array(0);

interface Entry {
  version: number;
  source: AnalysedText;
  /** The time budget the version was scheduled with: a larger one (a settings change) runs it again. */
  timeBudgetMs?: number;
  timer?: NodeJS.Timeout;
  running?: { version: number; run?: Running<PortableAnalysis>; cancelled: boolean; done: Promise<void> };
  /** The last completed analysis (any version). */
  completed?: { version: number; source: AnalysedText; analysis: PortableAnalysis };
}

export interface AnalysisEvents {
  started(uri: string, version: number): void;
  finished(done: AnalysisDone): void;
  failed(uri: string, version: number, error: unknown): void;
}

export class AnalysisScheduler {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly analyser: Analyser,
    private readonly events: AnalysisEvents,
    private readonly logger: Logger,
    private readonly debounceMs = ANALYSIS_DEBOUNCE_MS,
  ) {}

  /** A new version of a document: cancel what runs for the old one, start again after the debounce. */
  schedule(uri: string, version: number, source: AnalysedText, timeBudgetMs: number): void {
    let entry = this.entries.get(uri);
    if (entry === undefined) {
      entry = { version, source };
      this.entries.set(uri, entry);
    } else if (this.scheduledAlready(entry, version, source, timeBudgetMs)) {
      // The same version checked again (its sample was read): the analysis does not read
      // the sample, and one pending, running or done for it is not started over.
      return;
    }
    entry.version = version;
    entry.source = source;
    entry.timeBudgetMs = timeBudgetMs;
    this.cancelRunning(entry);
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    const target = entry;
    target.timer = setTimeout(() => {
      target.timer = undefined;
      void this.run(uri, target, timeBudgetMs);
    }, this.debounceMs);
  }

  private scheduledAlready(entry: Entry, version: number, source: AnalysedText, timeBudgetMs: number): boolean {
    if (entry.version !== version || entry.timeBudgetMs !== timeBudgetMs) return false;
    if (entry.source.text !== source.text || entry.source.contextKey !== source.contextKey) return false;
    return entry.timer !== undefined || (entry.running?.version === version && !entry.running.cancelled) || entry.completed?.version === version;
  }

  private cancelRunning(entry: Entry): void {
    if (entry.running === undefined) return;
    entry.running.cancelled = true;
    entry.running.run?.cancel();
  }

  /** One analysis of a file that is not open (nothing kept for a next run). */
  async analyseOnce(uri: string, text: string, timeBudgetMs: number, token: { isCancellationRequested: boolean; onCancellationRequested?: (listener: () => void) => unknown }): Promise<PortableAnalysis> {
    const run = this.analyser.analyse(uri, text, { timeBudgetMs, fileName: fileNameOf(uri), keep: false });
    token.onCancellationRequested?.(() => run.cancel());
    if (token.isCancellationRequested) run.cancel();
    return run.result;
  }

  /** The latest completed analysis of exactly this version, if any. */
  completedFor(uri: string, version: number): PortableAnalysis | undefined {
    const completed = this.entries.get(uri)?.completed;
    return completed !== undefined && completed.version === version ? completed.analysis : undefined;
  }

  /** The latest completed analysis of any version, with the text it was computed for. */
  lastCompleted(uri: string): { version: number; source: AnalysedText; analysis: PortableAnalysis } | undefined {
    return this.entries.get(uri)?.completed;
  }

  /** Whether a run for this exact version is pending or running. */
  isPending(uri: string, version: number): boolean {
    const entry = this.entries.get(uri);
    return entry !== undefined && entry.version === version && (entry.timer !== undefined || entry.running?.version === version);
  }

  /** Resolves when no run is pending or running for the document (tests, shutdown). */
  async idle(uri: string): Promise<void> {
    for (;;) {
      const entry = this.entries.get(uri);
      if (entry === undefined) return;
      if (entry.running !== undefined) await entry.running.done;
      else if (entry.timer !== undefined) await new Promise((resolve) => setTimeout(resolve, this.debounceMs));
      else return;
    }
  }

  forget(uri: string): void {
    const entry = this.entries.get(uri);
    if (entry === undefined) return;
    this.cancelRunning(entry);
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    this.entries.delete(uri);
    this.analyser.forget(uri);
  }

  dispose(): void {
    for (const uri of [...this.entries.keys()]) this.forget(uri);
    this.analyser.dispose();
  }

  private async run(uri: string, entry: Entry, timeBudgetMs: number): Promise<void> {
    // A run for an older version may still be unwinding: let it finish first.
    if (entry.running !== undefined) await entry.running.done.catch(() => undefined);
    if (this.entries.get(uri) !== entry || entry.timer !== undefined) return;
    const version = entry.version;
    const source = entry.source;
    let finish!: () => void;
    const running: NonNullable<Entry['running']> = { version, cancelled: false, done: new Promise<void>((resolve) => (finish = resolve)) };
    entry.running = running;
    this.events.started(uri, version);
    try {
      running.run = this.analyser.analyse(uri, source.text, { timeBudgetMs, fileName: fileNameOf(uri), keep: true });
      const analysis = await running.run.result;
      if (!running.cancelled && this.entries.get(uri) === entry) {
        entry.completed = { version, source, analysis };
        this.events.finished({ uri, version, analysis });
      }
    } catch (error) {
      if (!(error instanceof CancelledError) && !running.cancelled) {
        this.logger.error(`analysis of ${uri} failed: ${describeError(error)}`);
        this.events.failed(uri, version, error);
      }
    } finally {
      if (entry.running === running) entry.running = undefined;
      finish();
    }
  }
}

/**
 * Analysis diagnostics of an older version that are still true after an edit: those
 * within the leading rules both versions share, span for span, before the first
 * changed character (with everything they refer to), when the edit
 * changed no list and not the file's case mode. A rule's facts depend only on the
 * rules before it and on the lists, so these are exactly the old facts. The rules'
 * spans, not the changed character alone, bound them: text after a rule can still
 * be part of it (a condition continued on the next line, a syntax error that makes
 * the checker skip it).
 */
export function carriedOver(before: AnalysedText, after: AnalysedText, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  if (before.contextKey !== after.contextKey) return [];
  const end = sharedRulesEnd(before, after);
  return diagnostics.filter(
    (diagnostic) =>
      diagnostic.code !== 'unreachable-otherwise' &&
      diagnostic.span.end <= end &&
      (diagnostic.related ?? []).every((related) => related.span.end <= end),
  );
}

/** The end of the last of the leading rules the two versions share (same span, unchanged text); 0 when none. */
function sharedRulesEnd(before: AnalysedText, after: AnalysedText): number {
  const limit = firstDifference(before.text, after.text);
  const a = before.ruleSpans;
  const b = after.ruleSpans;
  let end = 0;
  for (let i = 0; i + 1 < a.length && i + 1 < b.length; i += 2) {
    if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 1]! >= limit) break;
    end = a[i + 1]!;
  }
  return end;
}

function firstDifference(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  let i = 0;
  while (i < length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
