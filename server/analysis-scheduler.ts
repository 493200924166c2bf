// The exact analysis in the background: one run per document at a time, started a
// short while after the last edit (debounced), cancelled as soon as the document
// changes again, and resumed from the unchanged prefix of the rule list (the engine
// reuses the facts of rules whose meaning and predecessors did not change). It runs
// on the server's thread in slices (the engine yields every ~10 ms), so completion
// and hover are answered between slices.

import { CancellationSource, CancelledError } from '../engine/cancellation';
import type { Diagnostic } from '../engine/diagnostics';
import type { RulesDocument } from '../engine/language/document';
import { runDocumentAnalysis, type DocumentAnalysis } from '../engine/language/document-analysis';
import type { Logger } from './safe-handler';
import { describeError } from './safe-handler';

export const ANALYSIS_DEBOUNCE_MS = 200;

export interface AnalysisDone {
  uri: string;
  version: number;
  analysis: DocumentAnalysis;
}

interface Entry {
  version: number;
  rules: RulesDocument;
  timer?: NodeJS.Timeout;
  running?: { version: number; source: CancellationSource; done: Promise<void> };
  /** The last completed analysis (any version), reused for its unchanged prefix. */
  completed?: { version: number; rules: RulesDocument; analysis: DocumentAnalysis };
}

export interface AnalysisEvents {
  started(uri: string, version: number): void;
  finished(done: AnalysisDone): void;
  failed(uri: string, version: number, error: unknown): void;
}

export class AnalysisScheduler {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly events: AnalysisEvents,
    private readonly logger: Logger,
    private readonly debounceMs = ANALYSIS_DEBOUNCE_MS,
  ) {}

  /** A new version of a document: cancel what runs for the old one, start again after the debounce. */
  schedule(uri: string, version: number, rules: RulesDocument, timeBudgetMs: number): void {
    let entry = this.entries.get(uri);
    if (entry === undefined) {
      entry = { version, rules };
      this.entries.set(uri, entry);
    }
    entry.version = version;
    entry.rules = rules;
    entry.running?.source.cancel();
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    const target = entry;
    target.timer = setTimeout(() => {
      target.timer = undefined;
      void this.run(uri, target, timeBudgetMs);
    }, this.debounceMs);
  }

  /** The latest completed analysis of exactly this version, if any. */
  completedFor(uri: string, version: number): DocumentAnalysis | undefined {
    const completed = this.entries.get(uri)?.completed;
    return completed !== undefined && completed.version === version ? completed.analysis : undefined;
  }

  /** The latest completed analysis of any version, with the text it was computed for. */
  lastCompleted(uri: string): { version: number; rules: RulesDocument; analysis: DocumentAnalysis } | undefined {
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
    entry.running?.source.cancel();
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    this.entries.delete(uri);
  }

  dispose(): void {
    for (const uri of [...this.entries.keys()]) this.forget(uri);
  }

  private async run(uri: string, entry: Entry, timeBudgetMs: number): Promise<void> {
    // A run for an older version may still be unwinding: let it finish first.
    if (entry.running !== undefined) await entry.running.done.catch(() => undefined);
    if (this.entries.get(uri) !== entry || entry.timer !== undefined) return;
    const version = entry.version;
    const rules = entry.rules;
    const source = new CancellationSource();
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    entry.running = { version, source, done };
    this.events.started(uri, version);
    try {
      const analysis = await runDocumentAnalysis(rules, {
        token: source,
        previous: entry.completed?.analysis,
        timeBudgetMs,
      });
      if (!source.isCancellationRequested && this.entries.get(uri) === entry) {
        entry.completed = { version, rules, analysis };
        this.events.finished({ uri, version, analysis });
      }
    } catch (error) {
      if (!(error instanceof CancelledError)) {
        this.logger.error(`analysis of ${uri} failed: ${describeError(error)}`);
        this.events.failed(uri, version, error);
      }
    } finally {
      if (entry.running?.source === source) entry.running = undefined;
      finish();
    }
  }
}

/**
 * Analysis diagnostics of an older version that are still true after an edit: those
 * wholly before the first changed character (with everything they refer to), when
 * the edit changed no list and not the file's case mode. A rule's facts depend only
 * on the rules before it and on the lists, so these are exactly the old facts.
 */
export function carriedOver(oldRules: RulesDocument, newRules: RulesDocument, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  if (!sameLists(oldRules, newRules) || oldRules.checked.caseInsensitive !== newRules.checked.caseInsensitive) return [];
  const limit = firstDifference(oldRules.text, newRules.text);
  return diagnostics.filter(
    (diagnostic) =>
      diagnostic.code !== 'unreachable-otherwise' &&
      diagnostic.span.end < limit &&
      (diagnostic.related ?? []).every((related) => related.span.end < limit),
  );
}

function firstDifference(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  let i = 0;
  while (i < length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function sameLists(a: RulesDocument, b: RulesDocument): boolean {
  const left = a.checked.lists;
  const right = b.checked.lists;
  if (left.size !== right.size) return false;
  for (const [name, list] of left) {
    const other = right.get(name);
    if (other === undefined || other.values.length !== list.values.length || other.values.some((value, i) => value !== list.values[i])) return false;
  }
  return true;
}
