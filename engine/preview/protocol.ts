// The preview's messages: between the extension and the preview worker, and between
// the extension and the webview. Plain data only (structured-clone / JSON safe, typed
// arrays allowed), so the same shapes cross worker_threads and the webview bridge.
// The webview imports from here the types, the model list and the default options;
// nothing else of the engine reaches its bundle.

import { ATTRIBUTION_MODELS, type AttributionModel } from '../report/attribution-models';
import type { AttributionRow, ChannelReport } from '../report/report';

export { ATTRIBUTION_MODELS, type AttributionModel };

/**
 * The report JSON of SPEC §7.1 (the engine's ChannelReport) as its readers take it:
 * attribution rows are looked up by any model name, as chosen in the panel.
 */
export type ReportJson = Omit<ChannelReport, 'attribution'> & {
  attribution: Omit<ChannelReport['attribution'], 'models'> & { models: Partial<Record<string, AttributionRow[]>> };
};

/** What the panel's controls set (durations as typed: `30m`, `session`, …). */
export interface PreviewOptions {
  sessionTimeout: string;
  conversion: string;
  lookback: string;
  halfLife: string;
  models: AttributionModel[];
  /** SPEC §9: the field holding the channel the data already carries; '' for none. */
  against?: string;
}

export const DEFAULT_PREVIEW_OPTIONS: PreviewOptions = {
  sessionTimeout: '30m',
  conversion: 'purchase',
  lookback: '30d',
  halfLife: '7d',
  models: [...ATTRIBUTION_MODELS],
};

/** A rule as the preview shows it (enough to name it and reveal it in the editor). */
export interface RuleSummary {
  /** Index among the checked rules; -1 for `otherwise`. */
  index: number;
  channel: string;
  /** 1-based line of the `when` (or `otherwise`). */
  line: number;
  /** UTF-16 offsets of the `when` clause in the rules text. */
  start: number;
  end: number;
  /** The clause as written, shortened for display. */
  text: string;
}

/** A line of the events file that could not be read (SPEC §3). */
export interface SkippedLineInfo {
  line: number;
  /** The zip entry of the line (SPEC §3.1). */
  entry?: string;
  reason: string;
}

/** A zip entry that was not read (SPEC §3.1): a folder, macOS metadata, not an events file, a zip inside the zip. */
export interface SkippedEntryInfo {
  name: string;
  reason: string;
}

/**
 * The events of a sample in file order, as columns. It changes only when the sample
 * file does, so it is sent once per sample (tagged by `sampleId`), not per keystroke.
 */
export interface SampleColumns {
  sampleId: number;
  /** Display name of the events file. */
  source: string;
  count: number;
  /** 1-based line of each event in its file (in its zip entry, when `entryOf` is set). */
  lines: Int32Array;
  /**
   * For a zip sample (SPEC §3.1): per event, the index of its entry in `entries`; lines
   * then count from 1 in each entry and are shown `<entry>:<line>`, as the CLI names them.
   */
  entryOf?: Int32Array;
  entries?: string[];
  /** Epoch ms of each event. */
  times: Float64Array;
  /** Index into `users` per event. */
  userOf: Int32Array;
  users: string[];
  /** Index into `eventTypes` per event; -1 when the event has no type. */
  typeOf: Int32Array;
  eventTypes: string[];
  skipped: SkippedLineInfo[];
  /** Number of skipped lines (`skipped` may be truncated). */
  skippedCount: number;
  /** The zip entries that were not read, in the archive's order (empty for a file that is not a zip). */
  skippedEntries: SkippedEntryInfo[];
  /** Number of entries not read (`skippedEntries` may be truncated). */
  skippedEntryCount: number;
  /** Whose export the sample is (SPEC §3.2): the system's `--from` name and label, and whether it was detected. */
  eventSource?: SampleEventSource;
}

export interface SampleEventSource {
  system: string;
  label: string;
  detected: boolean;
}

/** The result of one run over the sample with one version of the rules. */
export interface RunResult {
  runId: number;
  sampleId: number;
  report: ReportJson;
  rules: RuleSummary[];
  /** Rule index per event; -1 otherwise, -2 unclassified. */
  ruleOf: Int32Array;
  /** Session number per event (0-based, in order of each session's first event); -1 outside any session. */
  sessionOf: Int32Array;
  /** Problems in the rules that left rules out of the run (syntax errors, bad regexes). */
  ruleProblems: string[];
  /**
   * Names the run needs that the sample's first record has only in another ASCII case
   * (engine/events/field-case), each with the `channelRules.fieldMap` that reads it.
   */
  fieldCaseNotes: string[];
  /** Channel names in report order; the index used by the explorer's filter. */
  channelNames: string[];
  /** With `against`: per event, the index of its value in `names` (-1: no string there). */
  against?: { field: string; names: string[]; of: Int32Array };
  /** Per event, its index in `report.unassigned.patterns`; -1 when assigned or its pattern is not listed. */
  unassignedOf?: Int32Array;
  /** Milliseconds, and how many events were classified again (the others kept their rule: see preview-run). */
  timings: { classifyMs: number; reportMs: number; totalMs: number; reclassified?: number };
}

/** Why an event got its channel: the matching rule and, for each earlier rule, the first failing condition. */
export interface EventExplanation {
  eventIndex: number;
  line: number;
  /** The zip entry of the line (SPEC §3.1). */
  entry?: string;
  /** Every field of the event as text (null for JSON null), flattened: the raw record. */
  fields: Array<[string, string | null]>;
  /**
   * The fields rules read, as the sample's source system maps them (SPEC §3.2): the
   * canonical fields, `event_type` and every field the rules test (missing ones left out).
   */
  mapped?: Array<[string, string | null]>;
  channel: string | null;
  /** The rule that matched (undefined when `otherwise` or unclassified). */
  matched?: RuleSummary;
  byOtherwise: boolean;
  /** Each earlier rule, with the first condition that failed, in rule order. */
  failed: Array<{
    rule: RuleSummary;
    /** The failing condition as written, and where (UTF-16 offsets in the rules text). */
    condition: string;
    start: number;
    end: number;
    /** The field the condition tests, and the value the event has there (undefined = missing). */
    field?: string;
    value?: string | null;
  }>;
}

/** A run stopped because it overran its time budget. */
export interface OverrunReport {
  budgetMs: number;
  phase: 'reading' | 'classifying' | 'report';
  /** The rule being evaluated when it was stopped, when known. */
  rule?: RuleSummary;
  /** The event being classified, when known. */
  event?: { index: number; line: number; entry?: string; fields: Array<[string, string | null]> };
  message: string;
}

// ---- extension ⇄ webview ----------------------------------------------------------

export type ToWebview =
  | { type: 'rulesFile'; name: string; uri: string }
  | { type: 'sample'; columns: SampleColumns }
  | { type: 'noSample'; message: string; searched: string[] }
  | { type: 'options'; options: PreviewOptions }
  | { type: 'progress'; runId: number; done: number; total: number; phase: string }
  | { type: 'result'; result: RunResult }
  | { type: 'overrun'; runId: number; overrun: OverrunReport }
  | { type: 'error'; runId?: number; message: string }
  | { type: 'explanation'; explanation: EventExplanation }
  | { type: 'cursorRule'; ruleIndex: number | null };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'setOptions'; options: Partial<PreviewOptions> }
  | { type: 'pickEvents' }
  /** The "Source: …" line was clicked: choose whose export the sample is (channelRules.eventSource). */
  | { type: 'pickEventSource' }
  | { type: 'explain'; eventIndex: number }
  | { type: 'revealRule'; start: number; end: number }
  /** "Add a rule for this traffic…" on a listed unassigned pattern of the last run. */
  | { type: 'addRuleForTraffic'; pattern: number }
  | { type: 'rendered'; runId: number; state: RenderedState };

/** What the panel shows after a render, for tests (read back through previewTestHooks). */
export interface RenderedState {
  runId: number;
  rulesFile?: string;
  sampleSource?: string;
  /** The "Source: …" line as displayed (SPEC §3.2), when the sample has one. */
  eventSource?: string;
  /** The tables as text, row by row, as they are displayed. */
  tables: Record<string, string[][]>;
  explorerRows: number;
  status: string;
}

/** The state the webview keeps across reloads (vscode.setState). */
export interface WebviewPersistedState {
  rulesUri?: string;
  eventType?: string;
  channelFilter?: string | null;
  ruleFilter?: number | null;
  selectedEvent?: number | null;
  scrollTop?: number;
  view?: string;
}

// ---- standalone HTML report (`report --format html`) ------------------------------

/** SampleColumns with plain arrays, as embedded in JSON. */
export type SampleColumnsJson = Omit<SampleColumns, 'lines' | 'entryOf' | 'times' | 'userOf' | 'typeOf'> & {
  lines: number[];
  entryOf?: number[];
  times: number[];
  userOf: number[];
  typeOf: number[];
};

/** What the HTML report embeds: the report, and optionally the events for the explorer. */
export interface StandaloneReportData {
  title?: string;
  rulesFile?: string;
  eventsFile?: string;
  /** The options the report was computed with (shown read-only). */
  options?: Partial<PreviewOptions>;
  report: ReportJson;
  explorer?: {
    sample: SampleColumnsJson;
    rules: RuleSummary[];
    channelNames: string[];
    ruleOf: number[];
    sessionOf: number[];
    /** Explanations of the embedded events, by event index. */
    explanations: EventExplanation[];
    /** Events in the whole input when only the first `sample.count` are embedded. */
    totalEvents?: number;
  };
}
