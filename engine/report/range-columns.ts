// One range of an events input read and classified on its own (by a worker thread of
// ./threaded-report, or by the main thread for the ranges before the source system is
// known), into compact columns that ./threaded-report appends in input order: typed
// arrays and strings interned per range, never event objects. Lines are numbered from
// 1 within the range; the merge shifts them by the lines of the ranges before.
//
// Per event it does what ./run-report does (metadata, classify, the §9 unassigned
// pattern and the `against` value); what depends on the events before it (global
// string ids, event indexes, first examples, line numbers) is the merge's.

import type { Classifier } from '../classify/classifier';
import { classifierFor } from '../classify/compile-classifier';
import type { EventBatch, SkippedLine } from '../events/event';
import { eventFieldsFor, type EventFields, type EventSourceOptions } from '../events/event-source';
import { NdjsonSplitter } from '../events/ndjson-splitter';
import { CHUNK_SIZE, MAX_EVENT_LINE } from '../events/read-event-text';
import { Utf8StreamDecoder, type AsciiText } from '../text/utf8-stream';
import { resolveAgainstField } from './against-field';
import { Interner } from './event-columns';
import { unassignedFields } from './unassigned';
import type { FieldLookup } from '../events/fields';

/** A skipped line; `unusable`: an event without a user or time (not the reader's), which ./run-report names with its entry before the reason. */
export interface RangeSkippedLine {
  line: number;
  reason: string;
  unusable?: true;
}

/** What one range gives the merge. Every array is `count` long (events read). */
export interface RangeColumns {
  count: number;
  /** Lines in the range (the next range's lines start after them). */
  lineCount: number;
  /** 1-based line within the range. */
  lines: Int32Array;
  times: Float64Array;
  /**
   * Indexes into the reader's names (./RangeNames: all the ranges one reader has read,
   * so a user seen in many ranges crosses once); -1: none. `users`, `eventTypes` and
   * `sessionIds` are the names new to the reader in this range, in order of first
   * appearance: appended to the reader's earlier ones, they are its names so far.
   */
  userOf: Int32Array;
  typeOf: Int32Array;
  sessionIdOf: Int32Array;
  users: string[];
  eventTypes: string[];
  sessionIds: string[];
  anySessionId: boolean;
  /** The classifier's result (rule index, OTHERWISE, UNCLASSIFIED). */
  results: Int32Array;
  /** With a report: the unassigned pattern (index into `patterns`) of events with no rule's channel; -1 otherwise. */
  patternOf?: Int32Array;
  /** Each pattern's values, as UnassignedCollector groups them, and its key. */
  patterns?: { key: string; values: (string | null)[] }[];
  /** With `against`: the field's text (index into `theirs`) or -1 when it holds no string. */
  theirsOf?: Int32Array;
  theirs?: string[];
  /** Skipped lines (reader's and unusable events') in line order, the first `skippedLimit`. */
  skipped: RangeSkippedLine[];
  skippedCount: number;
  /** Records with none of the system's user or time fields (EventMetaReader.foreignRecords). */
  foreignRecords: number;
}

export interface RangeReaderOptions {
  /** Whose export the events are; `auto` decides on the first record that parses as an object. */
  eventFields?: EventSourceOptions;
  /** Collect the report's columns (patterns, against); otherwise only classify. */
  report: boolean;
  /** SPEC §9 `against` (a field, or `auto`: the system's own). */
  against?: string;
  skippedLimit: number;
  /** The platform's fast decoding of ASCII bytes (engine/text/utf8-stream), if any. */
  asciiText?: AsciiText;
}

/** Why a line too long to hold is skipped: ./ndjson-splitter's reason for a line over MAX_EVENT_LINE. */
export const TOO_LONG_LINE = `line longer than ${MAX_EVENT_LINE.toLocaleString('en-US')} characters, the limit for one event line`;

/**
 * The strings one reader has interned over all its ranges. Per range they would cross
 * to the main thread again in every range they occur in (a user active all day occurs
 * in every range), and be interned there again each time.
 */
export class RangeNames {
  readonly users = new Interner();
  readonly eventTypes = new Interner();
  readonly sessionIds = new Interner();
}

/**
 * Reads ranges with one classifier; the first object record decides the source system
 * once. The ranges of one reader must be merged in the order it read them (their ids
 * refer to the names of the ranges before).
 */
export class RangeReader {
  fields: EventFields | undefined;

  private classifier: Classifier;
  private againstField: string | undefined;
  private patternFields: FieldLookup | undefined;

  constructor(
    private readonly baseClassifier: Classifier,
    private readonly options: RangeReaderOptions,
    /** Shared by the readers of one thread, whose ranges are merged with one ReaderIds. */
    private readonly names = new RangeNames(),
  ) {
    this.classifier = baseClassifier;
  }

  /** Decides the source system (throws AgainstFieldError when `against: auto` has no field for it). */
  decide(fields: EventFields): void {
    this.fields = fields;
    this.classifier = classifierFor(this.baseClassifier, fields.lookup);
    this.patternFields = fields.lookup;
    if (this.options.report && this.options.against !== undefined) this.againstField = resolveAgainstField(this.options.against, fields.system.id);
  }

  /**
   * A range of whole NDJSON lines (engine/events/line-ranges) starting at `byteOffset`
   * of its input. Decoded as the one-thread reader decodes its stream
   * (engine/events/read-event-text): in pieces of a reading chunk, a byte order mark
   * dropped only at the input's start, a line holding invalid UTF-8 skipped with the
   * byte offset (in the whole input) of its first invalid sequence, a line longer than
   * the limit across pieces skipped. `tooLongAfter`: one more line follows the bytes,
   * too long to have been read (engine/events/line-ranges, ./file-line-ranges).
   */
  readRange(bytes: Uint8Array, first: boolean, byteOffset: number, tooLongAfter = false): RangeColumns {
    const decoder = new Utf8StreamDecoder(byteOffset, !first, this.options.asciiText);
    const batch: EventBatch = { events: [], skipped: [] };
    const splitter = new NdjsonSplitter(MAX_EVENT_LINE, 'the limit for one event line');
    let atStart = first;
    for (let start = 0; start < bytes.length; start += CHUNK_SIZE) {
      let { text, invalid } = decoder.decode(bytes.subarray(start, start + CHUNK_SIZE));
      if (atStart && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) {
          text = text.slice(1);
          invalid = invalid.map((mark) => ({ ...mark, offset: mark.offset - 1 }));
        }
        atStart = false;
      }
      splitter.push(text, batch, invalid);
    }
    const rest = decoder.end();
    if (rest.text !== '') splitter.push(rest.text, batch, rest.invalid);
    splitter.end(batch);
    let lineCount = splitter.lines;
    if (tooLongAfter) batch.skipped.push({ line: ++lineCount, reason: TOO_LONG_LINE });
    return this.readBatch(batch, lineCount);
  }

  /** A batch of a reader (lines as the batch numbers them), `lineCount` lines long. */
  readBatch(batch: EventBatch, lineCount: number): RangeColumns {
    // At most one event per record read.
    const capacity = batch.events.length;
    const lines = new Int32Array(capacity);
    const times = new Float64Array(capacity);
    const userOf = new Int32Array(capacity);
    const typeOf = new Int32Array(capacity);
    const sessionIdOf = new Int32Array(capacity);
    const results = new Int32Array(capacity);
    const { users, eventTypes, sessionIds } = this.names;
    const before = { users: users.names.length, eventTypes: eventTypes.names.length, sessionIds: sessionIds.names.length };
    let anySessionId = false;
    const report = this.options.report;
    let patternOf: Int32Array | undefined;
    const patternKeys = new Interner();
    const patterns: { key: string; values: (string | null)[] }[] = [];
    let theirsOf: Int32Array | undefined;
    const theirs = new Interner();
    const unusable: RangeSkippedLine[] = [];
    let count = 0;
    const foreignBefore = this.fields?.meta.foreignRecords ?? 0;
    let patternAccessors: ((props: Record<string, unknown>) => unknown)[] = [];
    let theirsAccessor: ((props: Record<string, unknown>) => unknown) | undefined;
    const prepare = (): void => {
      if (!report) return;
      patternOf = new Int32Array(capacity);
      patternAccessors = unassignedFields(this.baseClassifier.rules.fields).map((field) => this.patternFields!.accessor(field));
      if (this.againstField !== undefined) {
        theirsOf = new Int32Array(capacity);
        theirsAccessor = this.patternFields!.accessor(this.againstField);
      }
    };
    if (this.fields !== undefined) prepare();

    for (const event of batch.events) {
      if (this.fields === undefined) {
        // SPEC §3.2: the first record that parses as an object decides `auto`.
        this.decide(eventFieldsFor(event.props, this.options.eventFields));
        prepare();
      }
      const meta = this.fields!.meta.read(event.props);
      if (typeof meta === 'string') {
        unusable.push({ line: event.line, reason: meta, unusable: true });
        continue;
      }
      const result = this.classifier.classify(event.props);
      const i = count++;
      lines[i] = event.line;
      times[i] = meta.time;
      userOf[i] = users.intern(meta.user);
      typeOf[i] = meta.eventType === undefined ? -1 : eventTypes.intern(meta.eventType);
      sessionIdOf[i] = meta.sessionId === undefined ? -1 : sessionIds.intern(meta.sessionId);
      if (meta.hasSessionId === true || meta.sessionId !== undefined) anySessionId = true;
      results[i] = result;
      if (patternOf !== undefined) {
        if (result < 0) {
          const values = patternAccessors.map((accessor) => {
            const value = accessor(event.props);
            return typeof value === 'string' ? value : null;
          });
          const key = JSON.stringify(values);
          const id = patternKeys.intern(key);
          if (id === patterns.length) patterns.push({ key, values });
          patternOf[i] = id;
        } else {
          patternOf[i] = -1;
        }
      }
      if (theirsOf !== undefined) {
        const value = theirsAccessor!(event.props);
        theirsOf[i] = typeof value === 'string' ? theirs.intern(value) : -1;
      }
    }
    const skipped: RangeSkippedLine[] = [];
    let skippedCount = 0;
    mergeByLine(batch.skipped, unusable, (line) => {
      skippedCount++;
      if (skipped.length < this.options.skippedLimit) skipped.push(line);
    });
    const columns: RangeColumns = {
      count,
      lineCount,
      lines: lines.slice(0, count),
      times: times.slice(0, count),
      userOf: userOf.slice(0, count),
      typeOf: typeOf.slice(0, count),
      sessionIdOf: sessionIdOf.slice(0, count),
      users: users.names.slice(before.users),
      eventTypes: eventTypes.names.slice(before.eventTypes),
      sessionIds: sessionIds.names.slice(before.sessionIds),
      anySessionId,
      results: results.slice(0, count),
      skipped,
      skippedCount,
      foreignRecords: (this.fields?.meta.foreignRecords ?? 0) - foreignBefore,
    };
    if (patternOf !== undefined) {
      columns.patternOf = patternOf.slice(0, count);
      columns.patterns = patterns;
    }
    if (theirsOf !== undefined) {
      columns.theirsOf = theirsOf.slice(0, count);
      columns.theirs = theirs.names;
    }
    return columns;
  }
}

/** The reader's skipped lines and the unusable events together, in line order (as ./run-report merges them). */
function mergeByLine(read: readonly SkippedLine[], unusable: readonly RangeSkippedLine[], visit: (line: RangeSkippedLine) => void): void {
  let a = 0;
  let b = 0;
  while (a < read.length || b < unusable.length) {
    if (b === unusable.length || (a < read.length && read[a]!.line <= unusable[b]!.line)) visit(read[a++]!);
    else visit(unusable[b++]!);
  }
}
