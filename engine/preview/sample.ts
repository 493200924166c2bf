// A preview sample: the events of one file, read once and kept in the worker, so an
// edit of the rules only classifies again (no reading, no JSON parsing). Lines that
// cannot be read are kept with their reasons (SPEC §3), and so are the zip entries
// that are not read (SPEC §3.1: folders, metadata, not events files, zips inside the
// zip), like the CLI's report: neither is dropped without the user being told.

import type { EventProps, SkippedLine } from '../events/event';
import { eventFormatOf } from '../events/event-format';
import { eventFieldsFor, readsTypedTimesAsText, type EventFields } from '../events/event-source';
import { readEventFileBytes } from '../events/read-event-bytes';
import { readEventFile, readEventText, type ReadProgress, type SkippedEntry } from '../events/read-events';
import { MAX_IN_MEMORY_ENTRY } from '../events/in-memory-limits';
import { EventColumns, grow, Interner } from '../report/event-columns';
import { ResolvedFields } from './resolved-fields';
import type { SampleColumns } from './protocol';
import type { SampleSource } from './worker-protocol';

/** How many skipped lines, and how many skipped zip entries, are listed (all are counted). */
export const SKIPPED_LIST_LIMIT = 200;

export interface Sample {
  sampleId: number;
  name: string;
  props: EventProps[];
  /** The events reduced to the fields the rules test, looked up once (what runs classify). */
  resolved: ResolvedFields;
  columns: EventColumns;
  skipped: SkippedLine[];
  skippedCount: number;
  /** The zip entries not read (SPEC §3.1), in the archive's order: the first SKIPPED_LIST_LIMIT, and how many there were. */
  skippedEntries: SkippedEntry[];
  skippedEntryCount: number;
  /** For a zip sample (SPEC §3.1): each event's entry, an index into `names`. */
  entries?: SampleEntries;
  /** How its records are read: the source system (given or detected) and its field lookup. */
  fields: EventFields;
}

export interface SampleEntries {
  of: Int32Array;
  names: string[];
}

export interface LoadHooks {
  /** Called per chunk with bytes (characters) read so far and the total. */
  onProgress?: (progress: ReadProgress & { events: number }) => void;
  /** Called per event (the watchdog's heartbeat). */
  beat?: () => void;
}

/** Reads a sample. Throws EventFileError when the file cannot be read at all. */
export async function loadSample(sampleId: number, source: SampleSource, name: string, hooks: LoadHooks = {}): Promise<Sample> {
  let progress: ReadProgress = { read: 0, total: 0 };
  const skippedEntries: SkippedEntry[] = [];
  let skippedEntryCount = 0;
  const options = {
    onProgress: (read: ReadProgress) => (progress = read),
    onSkippedEntry: (entry: SkippedEntry) => {
      skippedEntryCount++;
      if (skippedEntries.length < SKIPPED_LIST_LIMIT) skippedEntries.push(entry);
    },
    // Read from memory (the browser): expanded entries are bounded by memory, not disk.
    ...(source.kind === 'bytes' ? { maxEntrySize: MAX_IN_MEMORY_ENTRY } : {}),
    // Parquet: typed times as ISO text when numeric times are read in another unit than ms, as the report reads them.
    parquetTypedTimesAsText: (first: EventProps) => readsTypedTimesAsText(fields, first, source.eventSource),
  };
  const batches =
    source.kind === 'path'
      ? readEventFile(source.path, options)
      : source.kind === 'bytes'
        ? readEventFileBytes(source.bytes, source.name, options)
        : readEventText(source.text, eventFormatOf(source.name), options);
  const columns = new EventColumns();
  const props: EventProps[] = [];
  const skipped: SkippedLine[] = [];
  let skippedCount = 0;
  const beat = hooks.beat ?? (() => undefined);
  let fields: EventFields | undefined;
  const entryNames = new Interner();
  let entryOf: Int32Array | undefined;
  for await (const batch of batches) {
    const entry = batch.entry === undefined ? -1 : entryNames.intern(batch.entry);
    const unusable: SkippedLine[] = [];
    for (const event of batch.events) {
      beat();
      // SPEC §3.2: the first record that parses as an object decides `auto`.
      fields ??= eventFieldsFor(event.props, source.eventSource, batch.columns);
      const meta = fields.meta.read(event.props);
      if (typeof meta === 'string') {
        unusable.push(batch.entry === undefined ? { line: event.line, reason: meta } : { line: event.line, entry: batch.entry, reason: meta });
        continue;
      }
      if (entry >= 0 || entryOf !== undefined) {
        entryOf ??= new Int32Array(Math.max(1024, props.length * 2)).fill(-1);
        if (props.length >= entryOf.length) {
          const filled = entryOf.length;
          entryOf = grow(entryOf, filled * 2).fill(-1, filled);
        }
        entryOf[props.length] = entry;
      }
      columns.add(event.line, meta);
      props.push(event.props);
    }
    for (const line of mergeByLine(batch.skipped, unusable)) {
      skippedCount++;
      if (skipped.length < SKIPPED_LIST_LIMIT) skipped.push(line);
    }
    hooks.onProgress?.({ ...progress, events: props.length });
  }
  fields ??= eventFieldsFor(undefined, source.eventSource);
  const entries = entryOf === undefined ? undefined : { of: entryOf.slice(0, props.length), names: [...entryNames.names] };
  return {
    sampleId,
    name,
    props,
    resolved: new ResolvedFields(props, fields.lookup),
    columns,
    skipped,
    skippedCount,
    skippedEntries,
    skippedEntryCount,
    entries,
    fields,
  };
}

/** What the webview needs of a sample, as columns (sent once per sample). */
export function sampleColumns(sample: Sample): SampleColumns {
  const { columns } = sample;
  const count = columns.count;
  return {
    sampleId: sample.sampleId,
    source: sample.name,
    count,
    lines: columns.lines.slice(0, count),
    times: columns.times.slice(0, count),
    userOf: columns.userOf.slice(0, count),
    users: columns.users.decodedNames(),
    typeOf: columns.typeOf.slice(0, count),
    eventTypes: [...columns.eventTypes.names],
    ...(sample.entries === undefined ? {} : { entryOf: sample.entries.of, entries: sample.entries.names }),
    skipped: sample.skipped,
    skippedCount: sample.skippedCount,
    skippedEntries: sample.skippedEntries,
    skippedEntryCount: sample.skippedEntryCount,
    eventSource: { system: sample.fields.system.id, label: sample.fields.system.label, detected: sample.fields.detected },
  };
}

/** The zip entry of a sample's event (SPEC §3.1), undefined for a file that is not a zip. */
export function entryOfEvent(sample: Sample, eventIndex: number): string | undefined {
  const entry = sample.entries?.of[eventIndex] ?? -1;
  return entry < 0 ? undefined : sample.entries!.names[entry];
}

function mergeByLine(a: readonly SkippedLine[], b: readonly SkippedLine[]): SkippedLine[] {
  const out: SkippedLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j === b.length || (i < a.length && a[i]!.line <= b[j]!.line)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}
