// One preview run: the rules text as it is in the editor (saved or not) → parse →
// check → compile → classify every sample event → the §7.1 report, plus what the
// explorer needs per event (rule, session). Rules with errors are left out by the
// checker (CheckedRules.skippedRules) and named in `ruleProblems`, so a half-typed
// rule never blanks the tables.

import { parseChannels } from '../../grammar/parse';
import { CancelledError, type CancellationToken } from '../cancellation';
import type { CheckedRules, Rule } from '../check/checked-rules';
import { checkRules } from '../check/check-rules';
import { OTHERWISE, UNCLASSIFIED, type Classifier } from '../classify/classifier';
import { compileClassifier } from '../classify/compile-classifier';
import { describeFieldCaseHint, fieldCaseHints } from '../events/field-case';
import { buildReport } from '../report/build-report';
import { classifierChannels } from '../report/classifier-channels';
import { AgreementCollector } from '../report/agreement';
import { UNCLASSIFIED_CHANNEL } from '../report/report';
import { UnassignedCollector, unassignedResults } from '../report/unassigned';
import { parseReportSettings, type ReportSettings } from '../report/report-settings';
import { LineIndex } from '../text/line-index';
import type { PreviewOptions, ReportJson, RuleSummary, RunResult } from './protocol';
import { entryOfEvent, type Sample } from './sample';

export interface CompiledRules {
  text: string;
  /** The rules file as named to the user (`file:line` references). */
  rulesName: string;
  checked: CheckedRules;
  classifier: Classifier;
  rules: RuleSummary[];
  /** Per rule, what it matches (its condition without source positions): equal keys match equal events. */
  ruleKeys: string[];
  /** One line per error that left a rule out or changed the file's meaning. */
  problems: string[];
}

const SUMMARY_TEXT_LIMIT = 160;

/** Parse, check and compile rules text (never throws for bad rules: they are problems). */
export function compileRules(text: string, rulesName: string): CompiledRules {
  const parsed = parseChannels(text);
  const checked = checkRules(parsed, text);
  const classifier = compileClassifier(checked);
  const lines = new LineIndex(text);
  const rules: RuleSummary[] = checked.rules.map((rule) => ruleSummary(rule, text));
  if (checked.otherwise !== undefined) {
    const { span, channel, line } = checked.otherwise;
    rules.push({ index: -1, channel, line, start: span.start, end: span.end, text: text.slice(span.start, span.end) });
  }
  const errors = [
    ...parsed.errors.map((error) => ({ span: error.span, message: error.message })),
    ...checked.diagnostics.filter((diagnostic) => diagnostic.severity === 'error' && diagnostic.code !== 'failed-expectation'),
  ].sort((a, b) => a.span.start - b.span.start);
  const problems = errors.map((error) => `${rulesName}:${lines.position(error.span.start).line + 1}: ${error.message}`);
  if (checked.skippedRules > 0) {
    problems.unshift(
      `${checked.skippedRules} rule${checked.skippedRules === 1 ? ' has' : 's have'} errors and ${checked.skippedRules === 1 ? 'is' : 'are'} left out of this preview:`,
    );
  }
  const ruleKeys = checked.rules.map((rule) => JSON.stringify(rule.condition, (key, value: unknown) => (key === 'span' ? undefined : value)));
  return { text, rulesName, checked, classifier, rules, ruleKeys, problems };
}

/** A finished run's per-event results, kept so the next edit can reuse what it cannot change. */
export interface PreviousRun {
  sampleId: number;
  ruleKeys: string[];
  ruleOf: Int32Array;
}

/**
 * How many leading rules match exactly what they matched in the previous run. An
 * event whose previous rule is among them keeps it: the rules before it still fail
 * for it and it still holds. Every other event is classified again.
 */
export function unchangedPrefix(previous: readonly string[], next: readonly string[]): number {
  let prefix = 0;
  while (prefix < previous.length && prefix < next.length && previous[prefix] === next[prefix]) prefix++;
  return prefix;
}

export function ruleSummary(rule: Rule, text: string): RuleSummary {
  const written = text.slice(rule.span.start, rule.span.end).replace(/\s+/g, ' ').trim();
  return {
    index: rule.index,
    channel: rule.channel,
    line: rule.line,
    start: rule.span.start,
    end: rule.span.end,
    text: written.length > SUMMARY_TEXT_LIMIT ? `${written.slice(0, SUMMARY_TEXT_LIMIT - 1)}…` : written,
  };
}

/** Options as the panel holds them → the report engine's settings (throws ReportSettingsError with a readable message). */
export function reportSettings(options: PreviewOptions): ReportSettings {
  return parseReportSettings({
    sessionTimeout: options.sessionTimeout,
    conversion: options.conversion,
    lookback: options.lookback,
    halfLife: options.halfLife,
    models: options.models.join(','),
  });
}

export interface RunHooks {
  token: CancellationToken;
  /** Called before each event is classified (the watchdog's view of where the run is). */
  atEvent?: (eventIndex: number) => void;
  /** The last finished run on this sample, if any. */
  previous?: PreviousRun;
  /** Called now and then with events classified so far. */
  onProgress?: (phase: 'classifying' | 'report', done: number, total: number) => void;
  /** Awaited between report stages. */
  checkpoint?: () => void | Promise<void>;
  /** SPEC §9: the field with the channel the sample already carries. */
  against?: string;
}

/**
 * SPEC §9 over the sample: the unassigned patterns and, with a field, the agreement,
 * plus per-event indexes so the explorer can filter by a pattern or a matrix cell.
 * Field values come from the sample's resolved fields (looked up once per sample).
 * An example names its event's zip entry as report's do (SPEC §3.1): lines count from 1
 * in each entry, so a line alone would point at another entry's event.
 */
function trustSections(
  sample: Sample,
  compiled: CompiledRules,
  ruleOf: Int32Array,
  channelOf: Int32Array,
  channelNames: readonly string[],
  againstField: string | undefined,
) {
  const { columns, resolved } = sample;
  const count = ruleOf.length;
  const unassigned = new UnassignedCollector(compiled.checked.fields);
  const unassignedByResult = unassignedResults(compiled.classifier);
  const events = resolved.events;
  const asValue = (value: unknown) => (typeof value === 'string' ? value : null);
  for (let i = 0; i < count; i++) {
    if (unassignedByResult[ruleOf[i]! + 2] !== 1) continue;
    unassigned.recordValues(i, unassigned.fields.map((field) => asValue(events[i]![field])), columns.lines[i]!, entryOfEvent(sample, i));
  }
  const unassignedSection = unassigned.section(columns.userOf);
  let against;
  if (againstField !== undefined && againstField !== '') {
    resolved.ensure([againstField]);
    const collector = new AgreementCollector(againstField);
    const of = new Int32Array(count).fill(-1);
    for (let i = 0; i < count; i++) {
      const theirs = events[i]![againstField];
      if (typeof theirs !== 'string') continue;
      const result = ruleOf[i]!;
      of[i] = collector.recordValue(
        theirs,
        channelOf[i]!,
        columns.lines[i]!,
        () => (result === OTHERWISE ? 'otherwise' : result >= 0 ? `${compiled.rulesName}:${compiled.checked.rules[result]!.line}` : null),
        entryOfEvent(sample, i),
      );
    }
    against = { section: collector.section(channelNames), perEvent: { field: againstField, names: collector.theirsNames(), of } };
  }
  return { unassigned: unassignedSection, unassignedOf: unassigned.listedPatternOfEvents(count), against };
}

const CHECK_EVERY = 1024;

/** Runs compiled rules over a sample. Throws CancelledError when the token is cancelled. */
export async function runPreview(
  runId: number,
  sample: Sample,
  compiled: CompiledRules,
  settings: ReportSettings,
  hooks: RunHooks,
): Promise<RunResult> {
  const started = performance.now();
  const { classifier } = compiled;
  const channels = classifierChannels(classifier);
  const { columns, resolved } = sample;
  resolved.ensure(compiled.checked.fields);
  const props = resolved.events;
  const count = props.length;
  const ruleOf = new Int32Array(count);
  const channelOf = new Int32Array(count);
  const atEvent = hooks.atEvent;
  const previous = hooks.previous;
  const reusable = previous !== undefined && previous.sampleId === sample.sampleId && previous.ruleOf.length === count;
  const kept = reusable ? unchangedPrefix(previous.ruleKeys, compiled.ruleKeys) : 0;
  const before = reusable ? previous.ruleOf : undefined;
  let reclassified = 0;
  for (let i = 0; i < count; i++) {
    if ((i & (CHECK_EVERY - 1)) === 0) {
      if (hooks.token.isCancellationRequested) throw new CancelledError();
      hooks.onProgress?.('classifying', i, count);
    }
    let result: number;
    const earlier = before === undefined ? -1 : before[i]!;
    if (earlier >= 0 && earlier < kept) {
      result = earlier;
    } else {
      atEvent?.(i);
      result = classifier.classify(props[i]!);
      reclassified++;
    }
    ruleOf[i] = result;
    channelOf[i] = channels.indexOf(result);
  }
  const classified = performance.now();
  hooks.onProgress?.('report', count, count);
  const checkpoint = async () => {
    if (hooks.token.isCancellationRequested) throw new CancelledError();
    await hooks.checkpoint?.();
  };
  await checkpoint();
  const built = await buildReport({ columns, channelOf, channelNames: channels.names, skipped: sample.skippedCount }, settings, checkpoint);
  const trust = trustSections(sample, compiled, ruleOf, channelOf, channels.names, hooks.against);
  if (trust.against !== undefined) built.report.against = trust.against.section;
  built.report.unassigned = trust.unassigned;
  const finished = performance.now();
  const channelNames = [...channels.names];
  if (ruleOf.includes(UNCLASSIFIED)) channelNames.push(UNCLASSIFIED_CHANNEL);
  return {
    runId,
    sampleId: sample.sampleId,
    report: built.report as ReportJson,
    rules: compiled.rules,
    ruleOf,
    sessionOf: built.sessionOf!, // numbered: buildReport numbers sessions unless told not to
    ruleProblems: compiled.problems,
    fieldCaseNotes: fieldCaseHints(sample.fields, compiled.checked.fields).map((hint) => describeFieldCaseHint(hint, fieldMapSetting)),
    channelNames,
    against: trust.against?.perEvent,
    unassignedOf: trust.unassignedOf,
    timings: { classifyMs: classified - started, reportMs: finished - classified, totalMs: finished - started, reclassified },
  };
}

/** The editor's remedy for a name in another case: its setting, as settings.json writes it. */
function fieldMapSetting(map: string, path: string): string {
  return `"channelRules.fieldMap": ${JSON.stringify({ [map]: path })}`;
}

export { OTHERWISE, UNCLASSIFIED };
