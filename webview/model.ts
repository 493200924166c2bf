// The preview's state: what the extension (or the embedded report) sent, plus what the
// person chose in the panel. Views read it; only app.ts changes it.

import type {
  EventExplanation,
  OverrunReport,
  PreviewOptions,
  ReportJson,
  RuleSummary,
  RunResult,
  SampleColumns,
} from '../engine/preview/protocol';

export const UNCLASSIFIED = '(unclassified)';
export const NO_TOUCH = '(no touch)';

/** The per-event results of the last run (the explorer's data). */
export interface EventResults {
  rules: RuleSummary[];
  channelNames: string[];
  ruleOf: Int32Array;
  sessionOf: Int32Array;
  /** SPEC §9 per event: the value of the agreement field, and the listed unassigned pattern. */
  against?: RunResult['against'];
  unassignedOf?: Int32Array;
}

/**
 * The explorer shows the events of one agreement matrix cell or one unassigned pattern.
 * A cell's `theirs` are the values its column counts: one, or every value the summed
 * "(N more)" column adds up (`summed`), so that column's cells filter like the others.
 */
export type TrafficFilter =
  | { kind: 'cell'; ours: string | null; theirs: readonly string[]; summed: boolean }
  | { kind: 'pattern'; index: number };

export interface Model {
  host: 'vscode' | 'standalone';
  title?: string;
  rulesFile?: { name: string; uri?: string };
  sample?: SampleColumns;
  /** The events file named by the standalone report. */
  eventsFile?: string;
  /** Events in the whole input when the explorer holds only the first ones (standalone). */
  totalEvents?: number;
  noSample?: { message: string; searched: string[] };
  options: PreviewOptions;
  report?: ReportJson;
  results?: EventResults;
  runId: number;
  ruleProblems: string[];
  /** The run's RunResult.fieldCaseNotes (names in another case than the sample's). */
  fieldCaseNotes: string[];
  timings?: RunResult['timings'];
  overrun?: OverrunReport;
  error?: string;
  progress?: { phase: string; done: number; total: number };
  /** The event type of the channels table's first column pair. */
  eventType?: string;
  channelFilter: string | null;
  /** Rule index (-1 otherwise, -2 unclassified) or null for all. */
  ruleFilter: number | null;
  /** An agreement cell or an unassigned pattern, or null for all. */
  trafficFilter?: TrafficFilter | null;
  /** Whether ruleFilter follows the editor cursor (and is cleared when it leaves a rule). */
  ruleFilterFromCursor: boolean;
  selectedEvent: number | null;
  explanation?: EventExplanation;
  explanations?: Map<number, EventExplanation>;
}

/** The channel name an event got. */
export function channelOfEvent(results: EventResults, eventIndex: number): string {
  return channelOfRule(results, results.ruleOf[eventIndex]!);
}

export function channelOfRule(results: EventResults, ruleIndex: number): string {
  if (ruleIndex === -2) return UNCLASSIFIED;
  const rule = ruleIndex === -1 ? results.rules.find((candidate) => candidate.index === -1) : results.rules[ruleIndex];
  return rule?.channel ?? UNCLASSIFIED;
}

export function ruleByIndex(results: EventResults, ruleIndex: number): RuleSummary | undefined {
  return ruleIndex === -1 ? results.rules.find((rule) => rule.index === -1) : results.rules.find((rule) => rule.index === ruleIndex);
}

/** Indexes (file order) of the events passing the explorer's filters. */
export function filterEvents(model: Model): Int32Array {
  const { sample, results } = model;
  if (sample === undefined || results === undefined) return new Int32Array(0);
  const count = Math.min(sample.count, results.ruleOf.length);
  const { channelFilter, ruleFilter } = model;
  const traffic = trafficTest(model);
  if (channelFilter === null && ruleFilter === null && traffic === undefined) {
    const all = new Int32Array(count);
    for (let i = 0; i < count; i++) all[i] = i;
    return all;
  }
  // Which rule results (rule index, -1, -2) pass the channel filter.
  const ruleOk = new Map<number, boolean>();
  const passes = (rule: number): boolean => {
    let ok = ruleOk.get(rule);
    if (ok === undefined) {
      ok = (ruleFilter === null || rule === ruleFilter) && (channelFilter === null || channelOfRule(results, rule) === channelFilter);
      ruleOk.set(rule, ok);
    }
    return ok;
  };
  const out = new Int32Array(count);
  let n = 0;
  const ruleOf = results.ruleOf;
  for (let i = 0; i < count; i++) if (passes(ruleOf[i]!) && (traffic === undefined || traffic(i))) out[n++] = i;
  return out.slice(0, n);
}

/** The traffic filter as a test of an event index (undefined: no filter, or no per-event data for it). */
function trafficTest(model: Model): ((index: number) => boolean) | undefined {
  const filter = model.trafficFilter;
  const results = model.results;
  if (filter === undefined || filter === null || results === undefined) return undefined;
  if (filter.kind === 'pattern') {
    const of = results.unassignedOf;
    return of === undefined ? undefined : (i) => of[i] === filter.index;
  }
  const against = results.against;
  if (against === undefined) return undefined;
  const wanted = new Set(filter.theirs);
  const theirs = new Set<number>();
  against.names.forEach((name, index) => {
    if (wanted.has(name)) theirs.add(index);
  });
  return (i) => theirs.has(against.of[i]!) && channelOfRule(results, results.ruleOf[i]!) === (filter.ours ?? UNCLASSIFIED);
}

/**
 * Events per event type over every event the tables count. The
 * preview's sample is all of its events; the HTML report embeds only the first 2,000
 * (engine/preview/standalone-explorer), so there the report's own tables are counted:
 * a type first seen after the embedded events is the report's all the same.
 */
export function eventTypeTotals(model: Model): Map<string, number> {
  const { sample, report } = model;
  if (sample !== undefined && (model.host === 'vscode' || report === undefined)) return sampleTypeTotals(sample);
  const totals = new Map<string, number>();
  for (const row of report?.channels ?? []) {
    for (const [type, figures] of Object.entries(row.byEventType)) totals.set(type, (totals.get(type) ?? 0) + figures.totals);
  }
  return totals;
}

/** Events per event type of the sample, in the order of its `eventTypes`. */
export function sampleTypeTotals(sample: SampleColumns): Map<string, number> {
  const counts = new Array<number>(sample.eventTypes.length).fill(0);
  for (let i = 0; i < sample.count; i++) {
    const type = sample.typeOf[i]!;
    if (type >= 0) counts[type]!++;
  }
  return new Map(sample.eventTypes.map((type, index) => [type, counts[index]!]));
}

/** The type with the most events (the first of a tie; the channels table starts with it), or undefined when there is none. */
export function mostFrequentType(totals: ReadonlyMap<string, number>): string | undefined {
  let best: string | undefined;
  for (const [type, total] of totals) if (best === undefined || total > totals.get(best)!) best = type;
  return best;
}

/** Channel rows in display order: the rules' channels, then any others the report has. */
export function channelOrder(model: Model, reportChannels: readonly string[]): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const add = (channel: string) => {
    if (!seen.has(channel)) {
      seen.add(channel);
      order.push(channel);
    }
  };
  for (const channel of model.results?.channelNames ?? []) if (channel !== UNCLASSIFIED && channel !== NO_TOUCH) add(channel);
  for (const channel of reportChannels) if (channel !== UNCLASSIFIED && channel !== NO_TOUCH) add(channel);
  if (reportChannels.includes(UNCLASSIFIED)) add(UNCLASSIFIED);
  if (reportChannels.includes(NO_TOUCH)) add(NO_TOUCH);
  return order;
}
