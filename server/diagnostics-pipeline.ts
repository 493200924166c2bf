// Publishing diagnostics: on every change, at once, the syntax errors, the checker's
// diagnostics, failed expectations and unknown-field hints (plus whatever the last
// analysis said about the unchanged part of the file); then, when the background
// analysis of that exact version completes, the same with the analysis's
// diagnostics. Every publication carries the document version, and nothing is
// published for a version that is no longer current, so no stale diagnostic shows.

import type { Connection } from 'vscode-languageserver';
import { compareDiagnostics, type Diagnostic } from '../engine/diagnostics';
import { CancellationSource, CancelledError } from '../engine/cancellation';
import { withSampleHints, type FastCheck } from '../engine/language/fast-diagnostics';
import { CLICK_ID_FIELDS, clickIdDiagnostics } from '../engine/language/click-id-check';
import { classifierOf } from '../engine/language/document';
import type { RulesDocument } from '../engine/language/document';
import { LineIndex } from '../engine/text/line-index';
import type { Analyser, Running } from './analyser';
import { ANALYSIS_STATUS_NOTIFICATION, type AnalysisStatusParams } from './custom-protocol';
import { carriedOver, NO_RULES, type AnalysedText, type AnalysisScheduler, type AnalysisDone } from './analysis-scheduler';
import { toLspDiagnostic } from './convert';
import { fileNameOf } from './file-uris';
import { checkOutOfMemory, documentSize, tooLargeForAnalysis, tooLargeToCheck } from './large-documents';
import { WorkerOutOfMemoryError } from './analyser-interface';
import type { DocumentStore } from './document-store';
import type { Logger } from './safe-handler';
import type { LoadedSample } from './sample-store';
import type { SettingsStore } from './settings';

/** How long after a change its fast diagnostics are computed (changes in between are coalesced). */
export const FAST_DIAGNOSTICS_DELAY_MS = 25;

interface Published {
  version: number;
  lines: LineIndex;
  source: AnalysedText;
  fast: Diagnostic[];
  analysis: Diagnostic[];
}

export class DiagnosticsPipeline {
  private readonly published = new Map<string, Published>();
  private analysis!: AnalysisScheduler;

  private readonly checks = new Map<string, Running<FastCheck>>();

  constructor(
    private readonly connection: Connection,
    private readonly store: DocumentStore,
    private readonly analyser: Analyser,
    private readonly settings: SettingsStore,
    /** The document's sample as last read (undefined while its first read runs): never waits for a read. */
    private readonly sampleFor: (uri: string) => Promise<LoadedSample | undefined>,
    private readonly logger: Logger,
  ) {}

  attach(analysis: AnalysisScheduler): void {
    this.analysis = analysis;
  }

  private readonly pending = new Map<string, NodeJS.Timeout>();

  /**
   * A document was opened or changed. A burst of changes is built once, a moment
   * after the last (requests that came with the keystroke, like completion, are
   * answered first); then the fast diagnostics are published and the analysis is
   * scheduled.
   */
  changed(uri: string): void {
    if (this.stopped) return;
    const waiting = this.pending.get(uri);
    if (waiting !== undefined) clearTimeout(waiting);
    this.pending.set(
      uri,
      setTimeout(() => {
        this.pending.delete(uri);
        const updating = this.update(uri, 0)
          .catch((error: unknown) => this.logger.error(`diagnostics of ${uri} failed: ${(error as Error)?.stack ?? String(error)}`))
          .finally(() => {
            if (this.updating.get(uri) === updating) this.updating.delete(uri);
          });
        this.updating.set(uri, updating);
      }, FAST_DIAGNOSTICS_DELAY_MS),
    );
  }

  private readonly updating = new Map<string, Promise<void>>();

  /** Resolves when the fast diagnostics of the document's latest change are published (or given up). */
  async idle(uri: string): Promise<void> {
    for (;;) {
      const updating = this.updating.get(uri);
      if (updating !== undefined) await updating;
      else if (this.pending.has(uri)) await new Promise((resolve) => setTimeout(resolve, FAST_DIAGNOSTICS_DELAY_MS));
      else return;
    }
  }

  /** `attempt` 1: again after the check worker ran out of memory on some job (maybe another document's). */
  private async update(uri: string, attempt: number): Promise<void> {
    const document = this.store.documents.get(uri);
    if (document === undefined) return;
    const version = document.version;
    const text = document.getText();
    const isCurrent = () => !this.stopped && this.store.documents.get(uri)?.version === version;
    const settings = await this.settings.get(uri);
    if (!isCurrent()) return;
    const size = documentSize(text.length, settings.analysis.maxDocumentSize);
    if (size.kind !== 'normal') {
      // No analysis of this version (a run for an older one is stopped).
      this.analysis.forget(uri);
      this.status({ uri, version, state: 'checking', message: 'checking (too large for the exact analysis)…' });
    }
    if (size.kind === 'unchecked') {
      this.publishLarge(uri, version, { text, contextKey: '', ruleSpans: NO_RULES }, [tooLargeToCheck(size)], 'not checked: the file is larger than 16 MiB');
      return;
    }
    // Parse and check off the server's thread (the worker drops a superseded check).
    this.checks.get(uri)?.cancel();
    const running = this.analyser.check(uri, text, fileNameOf(uri));
    this.checks.set(uri, running);
    let check: FastCheck;
    try {
      check = await running.result;
    } catch (error) {
      if (error instanceof CancelledError) return;
      if (error instanceof WorkerOutOfMemoryError) {
        if (!isCurrent()) return;
        if (attempt === 0) return this.update(uri, 1);
        this.publishLarge(uri, version, { text, contextKey: '', ruleSpans: NO_RULES }, [checkOutOfMemory(error.limitMb)], 'not checked: the check ran out of memory');
        return;
      }
      throw error;
    } finally {
      if (this.checks.get(uri) === running) this.checks.delete(uri);
    }
    if (!isCurrent()) return;
    const source: AnalysedText = { text, contextKey: check.contextKey, ruleSpans: check.ruleSpans };
    if (size.kind === 'large') {
      const sample = await this.sampleFor(uri).catch(() => undefined);
      if (!isCurrent()) return;
      this.publishLarge(uri, version, source, [tooLargeForAnalysis(size), ...withSampleHints(check, sample?.profile)], 'no exact analysis: the file is too large');
      return;
    }
    this.analysis.schedule(uri, version, source, settings.analysis.timeBudgetMs);
    const sample = await this.sampleFor(uri).catch(() => undefined);
    if (!isCurrent()) return;
    let fast = withSampleHints(check, sample?.profile);
    if (sample !== undefined && check.fields.some((field) => CLICK_ID_FIELDS.includes(field.name as (typeof CLICK_ID_FIELDS)[number]))) {
      // Only rules that test a click identifier need the sample classified (in slices, cancelled by the next edit).
      const rules = this.store.get(uri)?.rules;
      if (rules === undefined || !isCurrent()) return;
      const source = new CancellationSource();
      const stale = setInterval(() => !isCurrent() && source.cancel(), 50);
      try {
        const hints = await clickIdDiagnostics(rules.checked, classifierOf(rules), sample.events, source);
        if (!isCurrent()) return;
        fast = [...fast, ...hints].sort(compareDiagnostics);
      } catch (error) {
        if (error instanceof CancelledError) return;
        throw error;
      } finally {
        clearInterval(stale);
      }
    }
    this.publish(uri, { version, lines: new LineIndex(text), source, fast, analysis: this.carried(uri, source) });
    // The analysis of this version may have finished while the sample loaded (analysed()
    // then had no fast diagnostics to publish over): its diagnostics and status follow now.
    const completed = this.analysis.completedFor(uri, version);
    if (completed !== undefined && !this.analysis.isPending(uri, version)) this.analysed({ uri, version, analysis: completed });
  }

  /** The background analysis of a version completed. */
  analysed(done: AnalysisDone): void {
    const document = this.store.documents.get(done.uri);
    const previous = this.published.get(done.uri);
    // Published only over the fast diagnostics of the same version (they come first;
    // when they come later, update() publishes this analysis after them).
    if (document === undefined || document.version !== done.version || previous === undefined || previous.version !== done.version) return;
    this.publish(done.uri, { ...previous, analysis: done.analysis.diagnostics });
    const { analysis } = done;
    const state = analysis.incompleteRules > 0 || analysis.stoppedAtBudget ? 'incomplete' : 'done';
    this.status({
      uri: done.uri,
      version: done.version,
      state,
      timeMs: Math.round(analysis.timeMs),
      rules: analysis.rules,
      incompleteRules: analysis.incompleteRules,
      reusedRules: analysis.reusedRules,
      message:
        state === 'done'
          ? `analysed ${analysis.rules} rules in ${formatMs(analysis.timeMs)}`
          : analysis.stoppedAtBudget
            ? `analysis incomplete: stopped at its time budget after ${formatMs(analysis.timeMs)}`
            : `analysis incomplete for ${analysis.incompleteRules} of ${analysis.rules} rules (${formatMs(analysis.timeMs)})`,
    });
  }

  /** Publishes what is known of a document above the size limit, and a status saying the analysis is off. */
  private publishLarge(uri: string, version: number, source: AnalysedText, fast: Diagnostic[], status: string): void {
    const lines = this.store.linesOf(uri);
    if (lines === undefined) return;
    this.publish(uri, { version, lines, source, fast: fast.sort(compareDiagnostics), analysis: [] });
    this.status({ uri, version, state: 'skipped', message: status });
  }

  started(uri: string, version: number): void {
    this.status({ uri, version, state: 'running', message: 'analysing…' });
  }

  failed(uri: string, version: number, error: unknown): void {
    this.status({ uri, version, state: 'failed', message: `analysis failed: ${(error as Error)?.message ?? String(error)}` });
  }

  closed(uri: string): void {
    this.checks.get(uri)?.cancel();
    this.checks.delete(uri);
    const waiting = this.pending.get(uri);
    if (waiting !== undefined) clearTimeout(waiting);
    this.pending.delete(uri);
    this.published.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** After `shutdown`: nothing more is checked or published (a check under way is stopped, one waiting never starts). */
  dispose(): void {
    this.stopped = true;
    for (const waiting of this.pending.values()) clearTimeout(waiting);
    this.pending.clear();
    for (const running of this.checks.values()) running.cancel();
    this.checks.clear();
  }

  private stopped = false;

  /** What was last published for a document (tests, code actions). */
  current(uri: string): { version: number; diagnostics: Diagnostic[] } | undefined {
    const published = this.published.get(uri);
    return published === undefined ? undefined : { version: published.version, diagnostics: [...published.fast, ...published.analysis] };
  }

  /** Publishes diagnostics for a file that is not open (workspace check). */
  publishFile(uri: string, rules: RulesDocument, diagnostics: Diagnostic[]): void {
    void this.connection.sendDiagnostics({
      uri,
      diagnostics: [...diagnostics].sort(compareDiagnostics).map((diagnostic) => toLspDiagnostic(diagnostic, rules.lines, uri, 0)),
    });
  }

  private carried(uri: string, source: AnalysedText): Diagnostic[] {
    const last = this.analysis.lastCompleted(uri);
    if (last === undefined) return [];
    return carriedOver(last.source, source, last.analysis.diagnostics);
  }

  private publish(uri: string, published: Published): void {
    if (this.stopped) return;
    this.published.set(uri, published);
    const { version, lines } = published;
    const all = [...published.fast, ...published.analysis].sort(compareDiagnostics);
    void this.connection
      .sendDiagnostics({ uri, version, diagnostics: all.map((diagnostic) => toLspDiagnostic(diagnostic, lines, uri, version)) })
      .catch((error: unknown) => this.logger.error(`publishing diagnostics failed: ${String(error)}`));
  }

  private status(params: AnalysisStatusParams): void {
    if (this.stopped) return;
    void this.connection.sendNotification(ANALYSIS_STATUS_NOTIFICATION, params).catch(() => undefined);
  }
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
