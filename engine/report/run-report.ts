// The pipeline behind `channel-rules report` and `classify` and the preview: stream the
// events → metadata (user, time, type, session) → classify → collect compactly →
// report. Lines that cannot be read (SPEC §3) are skipped and listed in line order.
//
//   const { report, skipped } = await runReport({
//     source: { path: 'events.ndjson' }, classifier, settings: parseReportSettings({ lookback: '20m' }),
//   });
//
// Without `settings` no report is built (classify only). Per-event results go to
// `onClassified` batch by batch, or are returned when `collectClassified` is set.

import { createYielder, NEVER_CANCELLED, type CancellationToken } from '../cancellation';
import { OTHERWISE, type Classifier } from '../classify/classifier';
import { classifierFor } from '../classify/compile-classifier';
import type { FieldLookup } from '../events/fields';
import { resolveAgainstField } from './against-field';
import type { EventBatch, EventMeta, EventProps, SkippedLine } from '../events/event';
import type { EventFormat } from '../events/event-format';
import { eventFieldsFor, readsTypedTimesAsText, type EventFields, type EventSourceOptions } from '../events/event-source';
import { columnsReachedBy } from '../events/parquet-projection';
import { readEventFile, readEventInput, readEventText, type ReadEventsOptions, type ReadProgress, type SkippedEntry } from '../events/read-events';
import { AgreementCollector } from './agreement';
import { readReportBytes } from './report-bytes';
import { buildReport, type OtherThreads } from './build-report';
import { classifierChannels } from './classifier-channels';
import { EventColumns, grow } from './event-columns';
import type { ChannelReport } from './report';
import type { ReportSettings } from './report-settings';
import { DEFAULT_PATTERN_LIMIT, UnassignedCollector, unassignedResults } from './unassigned';

/**
 * A file (any name of SPEC §3.1), text in memory, a byte stream such as standard
 * input (sniffed for gzip, zip and Parquet; otherwise text in `format`), or a file's
 * bytes in memory, its containers and format from `name` (a sample the editor read:
 * ./report-bytes; Parquet refused in the browser).
 */
export type EventSource =
  | { path: string }
  | { text: string; format: EventFormat }
  | { stream: AsyncIterable<Buffer | string>; format: EventFormat; name: string }
  | { bytes: Uint8Array; name: string };

export interface ClassifiedEvent {
  line: number;
  /** The zip entry the event is in (SPEC §3.1). */
  entry?: string;
  props: EventProps;
  meta: EventMeta;
  channel: string | null;
  /** The classifier's result: rule index, OTHERWISE (-1) or UNCLASSIFIED (-2). */
  result: number;
  /** 1-based line of the `when` that gave the channel, `otherwise`, or null when unclassified. */
  rule: number | 'otherwise' | null;
}

export interface RunProgress {
  phase: 'reading' | 'report';
  /** Bytes read (characters, for text) and the total. */
  read: number;
  total: number;
  events: number;
  skipped: number;
}

export interface RunReportOptions {
  source: EventSource;
  classifier: Classifier;
  /** Whose export the file is (SPEC §3.2, §3.3); default: detected from the first record. */
  eventFields?: EventSourceOptions;
  /** Called once, before the first classified batch, with how the file's records are read. */
  onEventFields?: (fields: EventFields) => void;
  /** Build the report with these settings; omit to only classify. */
  settings?: ReportSettings;
  token?: CancellationToken;
  onProgress?: (progress: RunProgress) => void;
  /**
   * Each batch's classified events, in input order. When it returns a promise, reading
   * waits for it (back-pressure: a slow consumer holds the reader, not memory).
   */
  onClassified?: (events: ClassifiedEvent[]) => unknown;
  /** Return every classified event in `classified` (small inputs: the preview). */
  collectClassified?: boolean;
  /** How many skipped lines to keep in `skipped` (all are counted); default 1000. */
  skippedLimit?: number;
  /** Most bytes one `.gz` file or zip entry may expand to (default 4 GiB). */
  maxEntrySize?: number;
  /**
   * With a report: compare the rules' channel with this field's (SPEC §9 `against`);
   * `auto`: the source system's own channel field (AgainstFieldError when it has none).
   */
  against?: string;
  /** With a report: how many unassigned patterns to keep (default 50). */
  patternLimit?: number;
  /** The rules file as named to the user, for `file:line` rule references in the report. */
  rulesName?: string;
}

export interface RunReportResult {
  report?: ChannelReport;
  /** Events read (not skipped). */
  events: number;
  /** The first `skippedLimit` skipped lines, in line order. */
  skipped: SkippedLine[];
  skippedCount: number;
  /** Zip entries not read (folders, other file types), in archive order. */
  skippedEntries: SkippedEntry[];
  /** Report channel order (the rules' order of first appearance). */
  channelNames: string[];
  /** Session number per event read, when a report was built. */
  sessionOf?: Int32Array;
  classified?: ClassifiedEvent[];
  /** How the records were read: the source system (given or detected), its lookup, … */
  eventFields: EventFields;
}

export const DEFAULT_SKIPPED_LIMIT = 1000;

/** Throws CancelledError when `token` is cancelled, and EventFileError when the input cannot be read. */
export async function runReport(options: RunReportOptions): Promise<RunReportResult> {
  const { settings, source } = options;
  let classifier = options.classifier;
  let fields: EventFields | undefined;
  const token = options.token ?? NEVER_CANCELLED;
  const yielder = createYielder(token);
  const skippedLimit = options.skippedLimit ?? DEFAULT_SKIPPED_LIMIT;
  const channels = classifierChannels(classifier);
  const columns = settings === undefined ? undefined : new EventColumns();
  // Both read fields, so they are made once the file's source system is known.
  let unassigned: UnassignedCollector | undefined;
  let unassignedByResult: Uint8Array | undefined;
  let agreement: AgreementCollector | undefined;
  const startCollecting = (lookup: FieldLookup, system: string): void => {
    if (settings === undefined) return;
    unassigned = new UnassignedCollector(classifier.rules.fields, lookup);
    unassignedByResult = unassignedResults(classifier);
    // `against: "auto"` is the source system's own channel field (throws AgainstFieldError when it has none).
    if (options.against !== undefined) agreement = new AgreementCollector(resolveAgainstField(options.against, system), lookup);
  };
  const ruleName = (result: number): string | null => {
    if (result === OTHERWISE) return 'otherwise';
    const line = classifier.rules.rules[result]?.line;
    return line === undefined ? null : `${options.rulesName ?? 'rules'}:${line}`;
  };
  let channelOf = new Int32Array(1024);
  const wantEvents = options.onClassified !== undefined || options.collectClassified === true;
  const classified: ClassifiedEvent[] | undefined = options.collectClassified === true ? [] : undefined;
  const skipped: SkippedLine[] = [];
  let skippedCount = 0;
  let events = 0;
  let progress: ReadProgress = { read: 0, total: 0 };
  const skippedEntries: SkippedEntry[] = [];
  /** The record paths this run reads (its metadata reader's, classifier's and collectors'), recorded on the first record. */
  const readPaths = new Set<string>();
  const readOptions: ReadEventsOptions = {
    onProgress: (read: ReadProgress) => (progress = read),
    onSkippedEntry: (entry: SkippedEntry) => skippedEntries.push(entry),
    ...(options.maxEntrySize === undefined ? {} : { maxEntrySize: options.maxEntrySize }),
    // Parquet: once the first record has set up the lookup and every accessor the run
    // uses (classifier, metadata, collectors), the rest of the file is read with only
    // the columns those reach (this run's: the lookup is shared in a process, and
    // holds what any rules read since). Not when the events themselves are handed out
    // (classify, the preview): their records are shown whole.
    ...(wantEvents ? {} : { parquetColumns: () => (fields === undefined ? undefined : columnsReachedBy([...readPaths])) }),
    // Parquet: typed times as ISO text when the run's numbers are in another unit than ms.
    parquetTypedTimesAsText: (first) => readsTypedTimesAsText(fields, first, options.eventFields),
  };
  const batches =
    'path' in source
      ? readEventFile(source.path, readOptions)
      : 'stream' in source
        ? readEventInput(source.stream, source.format, source.name, readOptions)
        : 'bytes' in source
          ? readReportBytes(source.bytes, source.name, readOptions)
          : readEventText(source.text, source.format, readOptions);

  const keepSkipped = (line: SkippedLine): void => {
    skippedCount++;
    if (skipped.length < skippedLimit) skipped.push(line);
  };

  for await (const batch of batches) {
    await yielder();
    const unusable: SkippedLine[] = [];
    const batchEvents: ClassifiedEvent[] | undefined = wantEvents ? [] : undefined;
    for (const event of batch.events) {
      if (fields === undefined) {
        // SPEC §3.2: the first record that parses as an object decides `auto`.
        const decided = eventFieldsFor(event.props, options.eventFields, batch.columns);
        fields = decided;
        for (const path of decided.metaReads) readPaths.add(path);
        decided.lookup.recordReads(readPaths, () => {
          classifier = classifierFor(classifier, decided.lookup);
          startCollecting(decided.lookup, decided.system.id);
        });
        options.onEventFields?.(fields);
      }
      const meta = fields.meta.read(event.props);
      if (typeof meta === 'string') {
        unusable.push(batch.entry === undefined ? { line: event.line, reason: meta } : { line: event.line, entry: batch.entry, reason: meta });
        continue;
      }
      const result = classifier.classify(event.props);
      if (columns !== undefined) {
        if (events === channelOf.length) channelOf = grow(channelOf, events * 2);
        const channel = channels.indexOf(result);
        channelOf[events] = channel;
        columns.add(event.line, meta);
        if (unassignedByResult![result + 2] === 1) unassigned!.record(events, event.props, event.line, batch.entry);
        agreement?.record(event.props, channel, event.line, () => ruleName(result), batch.entry);
      }
      events++;
      if (batchEvents !== undefined) {
        batchEvents.push({
          line: event.line,
          ...(batch.entry === undefined ? {} : { entry: batch.entry }),
          props: event.props,
          meta,
          channel: classifier.channelOf(result),
          result,
          rule: result >= 0 ? (classifier.rules.rules[result]?.line ?? null) : result === OTHERWISE ? 'otherwise' : null,
        });
      }
    }
    mergeByLine(batch, unusable, keepSkipped);
    if (batchEvents !== undefined) {
      const consumed = options.onClassified?.(batchEvents);
      if (consumed instanceof Promise) await consumed;
      if (classified !== undefined) for (const event of batchEvents) classified.push(event);
    }
    options.onProgress?.({ phase: 'reading', read: progress.read, total: progress.total, events, skipped: skippedCount });
  }

  if (fields === undefined) {
    fields = eventFieldsFor(undefined, options.eventFields);
    startCollecting(fields.lookup, fields.system.id);
  }
  const result: RunReportResult = { events, skipped, skippedCount, skippedEntries, channelNames: channels.names, classified, eventFields: fields };
  if (settings !== undefined && columns !== undefined) {
    options.onProgress?.({ phase: 'report', read: progress.read, total: progress.total, events, skipped: skippedCount });
    const built = await finishReport({ columns, channelOf: channelOf.subarray(0, events), channelNames: channels.names, skippedCount, agreement, unassigned: unassigned! }, settings, options, yielder);
    result.report = built.report;
    result.sessionOf = built.sessionOf;
  }
  return result;
}

/** What reading collected, for the report (./threaded-report collects the same). */
export interface CollectedRun {
  columns: EventColumns;
  channelOf: Int32Array;
  channelNames: string[];
  skippedCount: number;
  agreement: AgreementCollector | undefined;
  unassigned: UnassignedCollector;
}

/** The report from what reading collected, with its §9 sections. */
export async function finishReport(
  run: CollectedRun,
  settings: ReportSettings,
  options: Pick<RunReportOptions, 'patternLimit'>,
  yielder: () => Promise<void>,
  others?: OtherThreads,
  numberSessions = true,
): Promise<{ report: ChannelReport; sessionOf: Int32Array | undefined }> {
  let against: ChannelReport['against'];
  let unassigned: ChannelReport['unassigned'];
  // Counted while the other threads attribute, if any.
  const sections = (): void => {
    if (run.agreement !== undefined) against = run.agreement.section(run.channelNames);
    unassigned = run.unassigned.section(run.columns.userOf, options.patternLimit ?? DEFAULT_PATTERN_LIMIT);
  };
  const built = await buildReport({ columns: run.columns, channelOf: run.channelOf, channelNames: run.channelNames, skipped: run.skippedCount }, settings, yielder, others, numberSessions, sections);
  const report = built.report;
  if (against !== undefined) report.against = against;
  report.unassigned = unassigned;
  return { report, sessionOf: built.sessionOf };
}

/** Calls `visit` with the reader's skipped lines and the unusable events together, in line order. */
function mergeByLine(batch: EventBatch, unusable: SkippedLine[], visit: (line: SkippedLine) => void): void {
  const read = batch.skipped;
  let a = 0;
  let b = 0;
  while (a < read.length || b < unusable.length) {
    if (b === unusable.length || (a < read.length && read[a]!.line <= unusable[b]!.line)) visit(read[a++]!);
    else visit(unusable[b++]!);
  }
}
