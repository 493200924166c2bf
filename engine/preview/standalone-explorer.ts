// The event explorer's data for the standalone HTML report (`report --format html`):
// the first events of a run with their rule, session and explanation, so the report
// can be filtered and explained without the editor. Only the first `limit` events are
// embedded (the file must stay small enough to open); the report's tables always
// cover every event. The run's skipped lines are embedded as the run kept them (the
// first 1,000, with the full count), not only those among the embedded events, and so
// are the zip entries it did not read (SPEC §3.1), which stderr lists when the report
// is written but the page's reader may never see.

import type { EventMeta, EventProps, SkippedLine } from '../events/event';
import type { SkippedEntry } from '../events/read-events';
import type { FieldLookup } from '../events/fields';
import { Interner } from '../report/event-columns';
import { UNCLASSIFIED_CHANNEL } from '../report/report';
import { explainForPreview } from './explain-event';
import { compileRules } from './preview-run';
import type { StandaloneReportData } from './protocol';

/** Events embedded by default: enough to browse, small enough for a CI artifact (~1 KB each). */
export const DEFAULT_EMBEDDED_EVENTS = 2000;

/** Skipped zip entries embedded (all are counted): as many as the skipped lines the run keeps. */
const EMBEDDED_SKIPPED_ENTRIES = 1000;

export interface ExplorerEvent {
  line: number;
  /** The zip entry the event is in (SPEC §3.1); its line counts from 1 in that entry. */
  entry?: string;
  props: EventProps;
  meta: EventMeta;
  /** The classifier's result: rule index, OTHERWISE (-1) or UNCLASSIFIED (-2). */
  result: number;
}

/**
 * `events`: the run's events in input order (at least the first `limit`); `sessionOf`:
 * the run's session number per event; `totalEvents`: events in the whole run.
 */
export function standaloneExplorer(input: {
  /** The rules text and its name, as the run used them. */
  rulesText: string;
  rulesName: string;
  /** The run's channel order (runReport's `channelNames`). */
  channelNames: readonly string[];
  events: readonly ExplorerEvent[];
  sessionOf: Int32Array;
  totalEvents: number;
  /** The run's skipped lines (runReport's `skipped`, its first `skippedLimit`) and their full count. */
  skipped: readonly SkippedLine[];
  skippedCount: number;
  /** The zip entries the run did not read (runReport's `skippedEntries`, all of them). */
  skippedEntries: readonly SkippedEntry[];
  /** The events file as the user named it. */
  eventsName: string;
  /** How the events' fields are read (their source system); default plain. */
  lookup?: FieldLookup;
  limit?: number;
}): NonNullable<StandaloneReportData['explorer']> {
  const { channelNames, events, sessionOf, totalEvents, eventsName } = input;
  const compiled = compileRules(input.rulesText, input.rulesName);
  const limit = input.limit ?? DEFAULT_EMBEDDED_EVENTS;
  const embedded = events.slice(0, limit);
  const users = new Interner();
  const types = new Interner();
  // Lines of a zip count in each entry, so the explorer names them `<entry>:<line>` as the CLI does (SPEC §3.1).
  const entries = new Interner();
  const entryOf = embedded.some((event) => event.entry !== undefined)
    ? embedded.map((event) => (event.entry === undefined ? -1 : entries.intern(event.entry)))
    : undefined;
  const names = [...channelNames];
  if (embedded.some((event) => event.result === -2) && !names.includes(UNCLASSIFIED_CHANNEL)) names.push(UNCLASSIFIED_CHANNEL);
  return {
    sample: {
      sampleId: 0,
      source: eventsName,
      count: embedded.length,
      lines: embedded.map((event) => event.line),
      ...(entryOf === undefined ? {} : { entryOf, entries: entries.names }),
      times: embedded.map((event) => event.meta.time),
      userOf: embedded.map((event) => users.intern(event.meta.user)),
      users: users.names,
      typeOf: embedded.map((event) => (event.meta.eventType === undefined ? -1 : types.intern(event.meta.eventType))),
      eventTypes: types.names,
      skipped: [...input.skipped],
      skippedCount: input.skippedCount,
      skippedEntries: input.skippedEntries.slice(0, EMBEDDED_SKIPPED_ENTRIES),
      skippedEntryCount: input.skippedEntries.length,
    },
    rules: compiled.rules,
    channelNames: names,
    ruleOf: embedded.map((event) => event.result),
    sessionOf: Array.from(sessionOf.subarray(0, embedded.length)),
    explanations: embedded.map((event, index) => {
      const explanation = explainForPreview(compiled, event.props, index, event.line, input.lookup);
      return event.entry === undefined ? explanation : { ...explanation, entry: event.entry };
    }),
    totalEvents: totalEvents > embedded.length ? totalEvents : undefined,
  };
}
