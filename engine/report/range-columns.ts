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
import type { EventBatch, EventMeta, EventProps, FieldAccessor, SkippedLine } from '../events/event';
import { eventFieldsFor, readsTypedTimesAsText, type EventFields, type EventSourceOptions } from '../events/event-source';
import { hasLongInteger } from '../events/exact-integers';
import type { NumericTime } from '../events/event-time';
import { addJsonRecord, isBlank } from '../events/json-record';
import { NdjsonSplitter } from '../events/ndjson-splitter';
import { columnsReachedBy, type ColumnFilter } from '../events/parquet-projection';
import { ParquetFooters } from '../events/parquet-footers';
import { MAX_EVENT_LINE } from '../events/read-event-text';
import { Utf8StreamDecoder, type AsciiText } from '../text/utf8-stream';
import { resolveAgainstField } from './against-field';
import { grow, Interner } from './event-columns';
import { ByteInterner, type InternedKeys } from '../collections/byte-interner';
import { patternKey, unassignedFields, unassignedResults } from './unassigned';
import type { FieldLookup } from '../events/fields';
import { MoveCounter, moveCounterSetup, type MoveCounterSetup, type MoveCounts } from '../diff/move-counter';
import { META_PLACES, NO_PLACE, NO_RECORD, VALUE_IDS, type ShapeOptions } from '../events/json-projection';
import type { RangeStorage } from '../events/file-line-ranges';
import { NO_SESSION } from '../events/event-meta';
import { metaOnlyKeys } from '../events/meta-only-keys';
import { SHAPE_KNOWN, SHAPE_NEVER, SHAPE_UNKNOWN, type RecordShapes } from '../events/record-shapes';
import { ShapeMemo } from './shape-memo';
import { groupedInteger } from '../text/grouped-integer';

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
   * appearance: appended to the reader's earlier ones, they are its names so far. The
   * users as their keys (../collections/byte-interner), none when the reader numbers
   * users in the run's own interner (RangeNames.sharesUsers).
   */
  userOf: Int32Array;
  typeOf: Int32Array;
  sessionIdOf: Int32Array;
  users: InternedKeys;
  eventTypes: string[];
  sessionIds: string[];
  anySessionId: boolean;
  /** The classifier's result (rule index, OTHERWISE, UNCLASSIFIED). */
  results: Int32Array;
  /** With a report: the unassigned pattern (index into `patterns`) of unassigned events (./unassigned unassignedResults); -1 otherwise. */
  patternOf?: Int32Array;
  /** Each pattern's key (./unassigned patternKey), as UnassignedCollector groups them. */
  patterns?: readonly string[];
  /** With `against`: the field's text (index into `theirs`) or -1 when it holds no string. */
  theirsOf?: Int32Array;
  theirs?: string[];
  /** With `compare`: the range's events under both versions (lines within the range). */
  moves?: MoveCounts;
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
  /** `diff --events`: count each range's events under the head's rules too (engine/diff/move-counter). */
  compare?: { head: Classifier; against?: string };
  /**
   * A reader of NDJSON ranges through a projection of the paths a run reads
   * (engine/events/json-projection, Node only), used once the source system is known;
   * a range it gives up on is read with JSON.parse.
   */
  projection?: ProjectionFactory;
}

/**
 * Makes the projection reader of the paths a run reads (engine/events/json-projection's
 * jsonProjection): the layout's key/value arrays, the metadata reader's time keys, how
 * it reads a time of digits, and what its record shapes leave out; undefined when the
 * process cannot run it (engine/wasm-memory), and every range is read with JSON.parse.
 */
export type ProjectionFactory = (
  paths: readonly string[],
  keyValueArrays: readonly string[],
  timeKeys: readonly (string | undefined)[],
  timeUnit: NumericTime,
  shapeOptions: ShapeOptions | undefined,
) => ProjectionReader | undefined;

/** What RangeReader needs of engine/events/json-projection's JsonProjection. */
export interface ProjectionReader {
  read(bytes: Uint8Array, onEvents: (batch: EventBatch) => void): number | undefined;
  /** With shape options: the shapes of its records, whose `known` the reader marks. */
  readonly shapes?: RecordShapes | undefined;
  /** Room in its own memory where a range's bytes may be read, to be read in place (JsonProjection's). */
  inputArea?(capacity: number): Uint8Array;
}

/** Why a line too long to hold is skipped: ./ndjson-splitter's reason for a line over MAX_EVENT_LINE. */
export const TOO_LONG_LINE = `line longer than ${groupedInteger(MAX_EVENT_LINE)} characters, the limit for one event line`;

/**
 * The strings one reader has interned over all its ranges. Per range they would cross
 * to the main thread again in every range they occur in (a user active all day occurs
 * in every range), and be interned there again each time.
 */
export class RangeNames {
  readonly users: ByteInterner;
  readonly eventTypes = new Interner();
  readonly sessionIds: Interner;
  /** The users are the run's own: a range's new users need not cross (RangeColumns.users is empty). */
  readonly sharesUsers: boolean;

  /** A reader on the main thread may intern users and session ids in the run's own interners (./threaded-report). */
  constructor(shared: { users?: ByteInterner; sessionIds?: Interner } = {}) {
    this.sharesUsers = shared.users !== undefined;
    this.users = shared.users ?? new ByteInterner();
    this.sessionIds = shared.sessionIds ?? new Interner();
  }
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
  /** With `compare`: its `against` resolved (`auto`: the source system's own channel field). */
  private compareAgainst: string | undefined;
  private patternFields: FieldLookup | undefined;
  /**
   * The record paths this reader's run reads (its metadata reader's, classifier's and
   * collectors', recorded by decide and prepare): the members the projection keeps and
   * the Parquet columns read. Not all the lookup has compiled: it is shared per source
   * system in a process, and holds what any rules read since.
   */
  private readonly readPaths = new Set<string>();
  /** The projection reader, how many paths the run read when it was made, and what is known of its record shapes. */
  private projection: { reader: ProjectionReader; paths: number; shapes: ShapeLearning | undefined } | undefined;
  /** The factory made no projection (the process cannot run it): ranges are read with JSON.parse. */
  private projectionRefused = false;
  /** The columns of the range the projection is reading. */
  private projected: ColumnsBuilder | undefined;
  /** Bytes and events of the ranges read so far that held events, for the next range's room. */
  private bytesRead = 0;
  private eventsRead = 0;
  /**
   * Hands the projection's batches to `projected`: one function for every range, so that
   * the projection's optimised code keeps its call target (a closure per range was a
   * new target each time, and threw that code away).
   */
  private readonly addProjected = (batch: EventBatch): void => this.projected!.add(batch);
  /** The Parquet file whose row groups this reader is given, its footer read once (not once per group). */
  private readonly parquetFooters = new ParquetFooters();

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
    for (const path of fields.metaReads) this.readPaths.add(path);
    this.classifier = fields.lookup.recordReads(this.readPaths, () => classifierFor(this.baseClassifier, fields.lookup));
    this.patternFields = fields.lookup;
    if (this.options.report && this.options.against !== undefined) this.againstField = resolveAgainstField(this.options.against, fields.system.id);
    const compareAgainst = this.options.compare?.against;
    if (compareAgainst !== undefined) this.compareAgainst = resolveAgainstField(compareAgainst, fields.system.id);
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
    if (this.fields === undefined && this.options.projection !== undefined) this.decideOnFirstRecord(bytes, first);
    return this.counted(bytes.length, this.readProjected(bytes, first, tooLongAfter) ?? this.readParsed(bytes, first, byteOffset, tooLongAfter));
  }

  /**
   * Decides the source system on the range's first record, the one ./ColumnsBuilder
   * would decide on, found line by line as the JSON.parse path finds it (a line of
   * invalid UTF-8, a blank line and one that is not a JSON object decide nothing), so
   * that the range is read through the projection too, and so that ./threaded-report
   * can give the range to a worker before reading any of it. A first range that starts
   * with a byte order mark is left to the JSON.parse path, which drops the mark.
   */
  decideOnFirstRecord(bytes: Uint8Array, first: boolean): void {
    if (bytes.length > MAX_EVENT_LINE || (first && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) return;
    // A mark after the input's start is U+FEFF in the line, as the stream decoder leaves it.
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    const batch: EventBatch = { events: [], skipped: [] };
    for (let start = 0; start < bytes.length; ) {
      const newline = bytes.indexOf(0x0a, start);
      const end = newline === -1 ? bytes.length : newline;
      let text: string;
      try {
        text = decoder.decode(bytes.subarray(start, end));
      } catch {
        start = end + 1;
        continue;
      }
      start = end + 1;
      if (isBlank(text, 0, text.length)) continue;
      addJsonRecord(text, 0, batch, hasLongInteger(text));
      if (batch.events.length > 0) {
        this.decide(eventFieldsFor(batch.events[0]!.props, this.options.eventFields));
        return;
      }
    }
  }

  /**
   * Where to read the reader's next range (engine/events/file-line-ranges): its
   * projection's own memory, where it scans the range without a copy, else `buffer`.
   * Only for the range that readRange() reads next (a range read into it before is
   * overwritten). A range longer than the projection reads (MAX_EVENT_LINE) moves to
   * `buffer`: the scanner's memory never shrinks, and would hold 15 bytes per byte of it;
   * so does one the scanner finds no memory for.
   */
  rangeStorage(buffer: RangeStorage): RangeStorage {
    const reader = this.projection?.reader;
    if (reader?.inputArea === undefined) return buffer;
    let inPlace: Uint8Array | undefined;
    let moved = false;
    return {
      reserve: (length, keep) => {
        if (!moved && length <= MAX_EVENT_LINE) {
          try {
            return (inPlace = reader.inputArea!(length));
          } catch {
            // No memory for the scanner to grow into: the buffer, as before; the
            // projection then gives the range to JSON.parse (its read() traps alike).
          }
        }
        if (moved) return buffer.reserve(length, keep);
        moved = true;
        const bytes = buffer.reserve(length, 0);
        if (inPlace !== undefined) bytes.set(inPlace.subarray(0, keep));
        return bytes;
      },
    };
  }

  /** The range read through the projection, when there is one and it does not give up. */
  private readProjected(bytes: Uint8Array, first: boolean, tooLongAfter: boolean): RangeColumns | undefined {
    const make = this.options.projection;
    // A range is at most a few MB (../report/threaded-report), so a line of it is never
    // longer than MAX_EVENT_LINE characters; the byte order mark is the JSON.parse path's.
    if (make === undefined || this.projectionRefused || this.fields === undefined || bytes.length > MAX_EVENT_LINE) return undefined;
    if (first && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return undefined;
    // The builder first: it compiles the run's lookups (prepare), whose paths the projection keeps.
    const columns = new ColumnsBuilder(this, this.roomFor(bytes.length));
    const lookup = this.fields.lookup;
    // A path the run read since the last range (prepare compiles per range) may be of
    // members that projection drops: a new one keeps them.
    if (this.projection?.paths !== this.readPaths.size) {
      const shapeOptions = this.shapeOptions();
      const reader = make([...this.readPaths], lookup.layout.keyValueArrays ?? [], this.fields.meta.timeKeys, this.fields.metaSpec.numericTime, shapeOptions);
      if (reader === undefined) {
        this.projectionRefused = true;
        return undefined;
      }
      const shapes: ShapeLearning | undefined =
        reader.shapes === undefined || shapeOptions === undefined
          ? undefined
          : { shapes: reader.shapes, memo: new ShapeMemo(), metaOnlyUsers: shapeOptions.metaOnlyUsers, metaOnlySessions: shapeOptions.metaOnlySessions, userOfValue: new Int32Array(VALUE_IDS), userOfValueRange: new Int32Array(VALUE_IDS) };
      this.projection = { reader, paths: this.readPaths.size, shapes };
    }
    columns.shapes = this.projection.shapes;
    this.projected = columns;
    const compiledBefore = lookup.readPaths().length;
    let lineCount: number | undefined;
    try {
      lineCount = this.projection.reader.read(bytes, this.addProjected);
    } finally {
      this.projected = undefined;
    }
    if (lineCount === undefined) return undefined;
    // The projection holds what the lookups compiled before it read; one compiled while
    // it read would read members it dropped.
    if (lookup.readPaths().length !== compiledBefore || this.readPaths.size !== this.projection.paths) throw new Error('a field lookup was compiled after the projection of the records');
    if (tooLongAfter) columns.skip({ line: ++lineCount, reason: TOO_LONG_LINE });
    return columns.finish(lineCount);
  }

  /**
   * Room for the events of a range of `bytes`: as many as the ranges before held per
   * byte, an eighth more; one per 100 bytes until a range held events. Room for 7 times
   * too many (a GA4 export's events take about 690 bytes) was zeroed, then copied, range
   * after range. At most one per 8 bytes (an event with a user and a time takes more),
   * whatever came before; the columns grow past the room if need be.
   */
  private roomFor(bytes: number): number {
    const estimate = this.eventsRead === 0 ? bytes / 100 : ((bytes * this.eventsRead) / this.bytesRead) * 1.125;
    return Math.ceil(Math.min(estimate, bytes / 8));
  }

  /** A range's columns, counted for roomFor() when the range held events. */
  private counted(bytes: number, columns: RangeColumns): RangeColumns {
    if (columns.count > 0) {
      this.bytesRead += bytes;
      this.eventsRead += columns.count;
    }
    return columns;
  }

  /**
   * What the projection's record shapes leave out: the metadata-only user, time and
   * session keys (engine/events/meta-only-keys) of the fields that ./ColumnsBuilder reads records
   * with. None with `compare`, whose counts keep examples of events (by line), and none
   * unless a metadata-only user key and a time key the scanner parses both exist: a
   * shape is learnt only when its user is such a key's string and its time the
   * scanner's (./ColumnsBuilder learn).
   */
  private shapeOptions(): ShapeOptions | undefined {
    if (this.options.compare !== undefined || this.fields === undefined) return undefined;
    const otherFields = [...this.baseClassifier.rules.fields];
    if (this.againstField !== undefined) otherFields.push(this.againstField);
    const metaOnly = metaOnlyKeys(this.fields, otherFields);
    const below = (only: boolean, place: number): boolean => only && place < META_PLACES;
    const metaOnlyUsers = metaOnly.users.map(below);
    const metaOnlyTimes = metaOnly.times.map(below);
    const metaOnlySessions = metaOnly.sessions.map(below);
    const { userKeys, sessionKeys, timeKeys } = this.fields.meta;
    if (!metaOnlyUsers.some(Boolean) || !timeKeys.some((key) => key !== undefined)) return undefined;
    return { userKeys, sessionKeys, metaOnlyUsers, metaOnlyTimes, metaOnlySessions };
  }

  private readParsed(bytes: Uint8Array, first: boolean, byteOffset: number, tooLongAfter: boolean): RangeColumns {
    const decoder = new Utf8StreamDecoder(byteOffset, !first, this.options.asciiText);
    const batch: EventBatch = { events: [], skipped: [] };
    const splitter = new NdjsonSplitter(MAX_EVENT_LINE, 'the limit for one event line');
    const columns = new ColumnsBuilder(this, this.roomFor(bytes.length));
    let atStart = first;
    for (let start = 0; start < bytes.length; start += PIECE_SIZE) {
      let { text, invalid } = decoder.decode(bytes.subarray(start, start + PIECE_SIZE));
      if (atStart && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) {
          text = text.slice(1);
          invalid = invalid.map((mark) => ({ ...mark, offset: mark.offset - 1 }));
        }
        atStart = false;
      }
      splitter.push(text, batch, invalid);
      columns.add(batch);
    }
    const rest = decoder.end();
    if (rest.text !== '') splitter.push(rest.text, batch, rest.invalid);
    splitter.end(batch);
    let lineCount = splitter.lines;
    if (tooLongAfter) batch.skipped.push({ line: ++lineCount, reason: TOO_LONG_LINE });
    columns.add(batch);
    return columns.finish(lineCount);
  }

  /**
   * Row group `group` (0-based) of the Parquet file at `path`, its rows numbered as in
   * the whole file (one at a time per reader: its names are numbered as it reads).
   * Past the row that decides the source system, only the columns that the run's
   * lookups reach are read, as ./run-report reads them. `decidedOn`: the row that
   * decided (decideOnParquetHead), up to which rows are read whole, as there.
   */
  async readParquetGroup(path: string, group: number, decidedOn: number | undefined, between?: () => Promise<void>): Promise<RangeColumns> {
    // The builder first: it compiles the run's lookups (prepare), whose paths decide the columns.
    const columns = new ColumnsBuilder(this, 4096);
    const reached = (): ColumnFilter | undefined => (this.fields === undefined ? undefined : columnsReachedBy([...this.readPaths]));
    // Decided already (a worker, or this thread after the first row): the rows up to the one that decided are read whole, the rest with the columns reached.
    const typedTimesAsText = (first: EventProps): boolean => readsTypedTimesAsText(this.fields, first, this.options.eventFields);
    const options = { onlyGroup: group, columns: reached, typedTimesAsText, ...(decidedOn === undefined ? {} : { decidedOn }) };
    for await (const batch of this.parquetFooters.rows(path, path, options)) {
      columns.add(batch);
      // `between`: awaited after each batch (the main thread lets its workers' answers in).
      if (between !== undefined) await between();
    }
    return columns.finish(0);
  }

  /**
   * Decides the source system on the Parquet file's first row that is an event (one
   * that cannot be read decides nothing), as ./run-report decides; its row number (a
   * file without such a row decides nothing: undefined).
   */
  async decideOnParquetHead(path: string): Promise<number | undefined> {
    for await (const batch of this.parquetFooters.rows(path, path, { columns: () => undefined, batchRows: 1 })) {
      const first = batch.events[0];
      if (first !== undefined) {
        this.decide(eventFieldsFor(first.props, this.options.eventFields));
        return first.line;
      }
    }
    return undefined;
  }

  /** A batch of a reader (lines as the batch numbers them), `lineCount` lines long. */
  readBatch(batch: EventBatch, lineCount: number): RangeColumns {
    const columns = new ColumnsBuilder(this, batch.events.length);
    columns.add(batch);
    return columns.finish(lineCount);
  }

  /** What ./ColumnsBuilder needs of the reader, decided on the first record. */
  prepare(props: EventProps | undefined, columns?: readonly string[]): ReaderState {
    // SPEC §3.2: the first record that parses as an object decides `auto`.
    if (this.fields === undefined && props !== undefined) this.decide(eventFieldsFor(props, this.options.eventFields, columns));
    const report = this.options.report && this.fields !== undefined;
    const compare = this.options.compare;
    const fields = this.fields;
    const compile = (): ReaderState =>
      new ReaderState(
        fields,
        this.classifier,
        this.names,
        this.options.skippedLimit,
        report ? unassignedFields(this.baseClassifier.rules.fields).map((field) => this.patternFields!.accessor(field)) : undefined,
        report ? unassignedResults(this.baseClassifier) : undefined,
        report && this.againstField !== undefined ? this.patternFields!.accessor(this.againstField) : undefined,
        compare !== undefined && fields !== undefined ? moveCounterSetup(this.baseClassifier, compare.head, fields, this.compareAgainst) : undefined,
      );
    return fields === undefined ? compile() : fields.lookup.recordReads(this.readPaths, compile);
  }
}

/**
 * Decoded, split and parsed in pieces this long, each piece's events read into the
 * columns at once: the parsed records die young (a range's records held until its end
 * would survive garbage collections, which then copy and promote them).
 */
const PIECE_SIZE = 256 * 1024;

/**
 * What a ColumnsBuilder needs of its reader. A class, not an object literal: V8 shares
 * a literal's hidden class with every literal of the same keys in the same order,
 * wherever it is made, and as a literal this one's `fields`, `classifier` and `names`
 * field types were widened as the second range began (`--trace-generalization`), which
 * threw away the optimised code of the builder's add, learn and shapedUser on every
 * thread (docs/dev/benchmarks.md, fifteenth round). A class has hidden classes of its own.
 */
class ReaderState {
  constructor(
    readonly fields: EventFields | undefined,
    readonly classifier: Classifier,
    readonly names: RangeNames,
    readonly skippedLimit: number,
    /** With a report: the fields of the §9 unassigned patterns. */
    readonly patternAccessors: FieldAccessor[] | undefined,
    /** With a report: which classify results are unassigned (./unassigned unassignedResults). */
    readonly unassignedByResult: Uint8Array | undefined,
    /** With `against`: the field holding the data's own channel. */
    readonly theirsAccessor: FieldAccessor | undefined,
    /** With `compare`: how a range's moves are counted. */
    readonly moves: MoveCounterSetup | undefined,
  ) {}
}

/** A projection's record shapes, what was learnt of them, and its metadata-only user and session places. */
interface ShapeLearning {
  shapes: RecordShapes;
  memo: ShapeMemo;
  metaOnlyUsers: readonly boolean[];
  metaOnlySessions: readonly boolean[];
  /**
   * The user id of each of the projection's value numbers of the range numbered
   * userOfValueRange (./ColumnsBuilder's stamp): a user met again in a range is not
   * looked up again.
   */
  userOfValue: Int32Array;
  userOfValueRange: Int32Array;
}

/** Numbers each ColumnsBuilder (./ShapeMemo's rangeStamps: ids of patterns and `against` texts are per range). */
let rangeStamp = 0;

/** One range's columns, built batch by batch (the batch's events are read and dropped). */
class ColumnsBuilder {
  private count = 0;
  private lines: Int32Array;
  private times: Float64Array;
  private userOf: Int32Array;
  private typeOf: Int32Array;
  private sessionIdOf: Int32Array;
  private results: Int32Array;
  private patternOf: Int32Array | undefined;
  private theirsOf: Int32Array | undefined;
  private anySessionId = false;
  private readonly patternKeys = new Interner();
  private readonly theirs = new Interner();
  private readonly readSkipped: SkippedLine[] = [];
  private readonly unusable: RangeSkippedLine[] = [];
  private readonly namesBefore: { users: number; eventTypes: number; sessionIds: number };
  private readonly foreignBefore: number;
  private state: ReaderState;
  private moves: MoveCounter | undefined;
  /** The record shapes of the projection reading this range, if any. */
  shapes: ShapeLearning | undefined;
  private readonly stamp = ++rangeStamp;

  constructor(
    private readonly reader: RangeReader,
    capacity: number,
  ) {
    capacity = Math.max(16, capacity);
    this.lines = new Int32Array(capacity);
    this.times = new Float64Array(capacity);
    this.userOf = new Int32Array(capacity);
    this.typeOf = new Int32Array(capacity);
    this.sessionIdOf = new Int32Array(capacity);
    this.results = new Int32Array(capacity);
    this.state = reader.prepare(undefined);
    const { users, eventTypes, sessionIds } = this.state.names;
    this.namesBefore = { users: users.count, eventTypes: eventTypes.names.length, sessionIds: sessionIds.names.length };
    this.foreignBefore = this.state.fields?.meta.foreignRecords ?? 0;
  }

  /** A skipped line after the batches added. */
  skip(line: SkippedLine): void {
    this.readSkipped.push(line);
  }

  /** Reads the batch's events into the columns and takes its skipped lines; empties the batch. */
  add(batch: EventBatch): void {
    for (const line of batch.skipped) this.readSkipped.push(line);
    batch.skipped.length = 0;
    const events = batch.events;
    batch.events = [];
    if (events.length === 0) return;
    if (this.count + events.length > this.lines.length) this.reserve(Math.max(this.count + events.length, this.lines.length * 2));
    if (this.state.fields === undefined) this.state = this.reader.prepare(events[0]!.props, batch.columns);
    const { fields, classifier, names, patternAccessors, unassignedByResult, theirsAccessor } = this.state;
    if (this.state.moves !== undefined) this.moves ??= new MoveCounter(this.state.moves);
    const moves = this.moves;
    const { users, eventTypes, sessionIds } = names;
    const meta = fields!.meta;
    if (patternAccessors !== undefined) this.patternOf ??= new Int32Array(this.lines.length);
    if (theirsAccessor !== undefined) this.theirsOf ??= new Int32Array(this.lines.length);
    const { lines, times, userOf, typeOf, sessionIdOf, results, patternOf, theirsOf } = this;
    const { parsedTimes, parsedTimePlaces, shapes: lineShapes, shapedLines, shapedSessions } = batch;
    const learning = lineShapes === undefined ? undefined : this.shapes;
    for (let k = 0; k < events.length; k++) {
      const event = events[k]!;
      if (event.props === NO_RECORD) {
        this.addShaped(shapedLines![k]!, lineShapes![k]!, parsedTimes![k]!, this.shapedUser(batch, k), shapedSessions![k]);
        continue;
      }
      const read = meta.read(event.props, parsedTimes?.[k], parsedTimePlaces?.[k]);
      const shape = learning === undefined ? -1 : lineShapes![k]!;
      if (typeof read === 'string') {
        // No record of the shape has a user and a time (only a metadata-only string may differ between them).
        if (shape >= 0 && learning!.shapes.known[shape] === SHAPE_UNKNOWN) learning!.shapes.known[shape] = SHAPE_NEVER;
        this.unusable.push({ line: event.line, reason: read, unusable: true });
        continue;
      }
      const result = classifier.classify(event.props);
      const i = this.count++;
      lines[i] = event.line;
      times[i] = read.time;
      userOf[i] = users.intern(read.user);
      typeOf[i] = read.eventType === undefined ? -1 : eventTypes.intern(read.eventType);
      sessionIdOf[i] = read.sessionId === undefined ? -1 : sessionIds.intern(read.sessionId);
      if (read.hasSessionId === true || read.sessionId !== undefined) this.anySessionId = true;
      results[i] = result;
      moves?.count(event.props, result, event.line);
      if (patternOf !== undefined) patternOf[i] = unassignedByResult![result + 2] === 1 ? this.patternId(patternAccessors!, event.props) : -1;
      if (theirsOf !== undefined) {
        const value = theirsAccessor!(event.props);
        theirsOf[i] = typeof value === 'string' ? this.theirs.intern(value) : -1;
      }
      if (shape >= 0 && learning!.shapes.known[shape] === SHAPE_UNKNOWN) this.learn(learning!, shape, event.props, read, i, parsedTimePlaces![k]!);
    }
  }

  /**
   * Keeps what event `i`, of record shape `shape`, gave (`read`: its metadata):
   * everything but its user, time and (when a metadata-only session key gives it)
   * session id holds for every event of the shape (./shape-memo). Its user must be the
   * text of a metadata-only user member and its time the one the scanner parsed (at
   * `parsedPlace`), else the shape is not learnt.
   */
  private learn(learning: ShapeLearning, shape: number, props: EventProps, read: EventMeta, i: number, parsedPlace: number): void {
    const meta = this.state.fields!.meta;
    const userPlace = meta.userPlace(props);
    // The user is the string of that place's own key (not the text of a literal there).
    const own = userPlace < 0 || learning.metaOnlyUsers[userPlace] !== true ? undefined : props[meta.userKeys[userPlace]!];
    if (typeof own !== 'string' || parsedPlace < 0 || meta.timePlace(props) !== parsedPlace) {
      learning.shapes.known[shape] = SHAPE_NEVER;
      return;
    }
    // The session id is the line's own when it is the string or number of a metadata-only session key.
    const sessionPlace = meta.sessionPlace(props);
    const session = sessionPlace < 0 || learning.metaOnlySessions[sessionPlace] !== true ? undefined : props[meta.sessionKeys[sessionPlace]!];
    const lineSession = typeof session === 'string' || typeof session === 'number';
    const memo = learning.memo;
    memo.reserve(shape);
    memo.results[shape] = this.results[i]!;
    memo.eventTypes[shape] = this.typeOf[i]!;
    memo.sessionIds[shape] = lineSession ? -1 : this.sessionIdOf[i]!;
    memo.hasSessionIds[shape] = !lineSession && (read.hasSessionId === true || read.sessionId !== undefined) ? 1 : 0;
    const patternId = this.patternOf?.[i] ?? -1;
    const theirsId = this.theirsOf?.[i] ?? -1;
    memo.patterns[shape] = patternId < 0 ? undefined : this.patternKeys.names[patternId];
    memo.theirs[shape] = theirsId < 0 ? undefined : this.theirs.names[theirsId];
    memo.rangeStamps[shape] = this.stamp;
    memo.patternIds[shape] = patternId;
    memo.theirsIds[shape] = theirsId;
    learning.shapes.userPlaces[shape] = userPlace;
    learning.shapes.sessionPlaces[shape] = lineSession ? sessionPlace : NO_PLACE;
    learning.shapes.known[shape] = SHAPE_KNOWN;
  }

  /** The user id of event k of a batch, which has no record (EventBatch shapedUserStarts). */
  private shapedUser(batch: EventBatch, k: number): number {
    const { userOfValue, userOfValueRange } = this.shapes!;
    const value = batch.shapedUserValues![k]!;
    if (value >= 0 && userOfValueRange[value] === this.stamp) return userOfValue[value]!;
    const users = this.state.names.users;
    const start = batch.shapedUserStarts![k]!;
    const user = start < 0 ? users.intern(batch.shapedUsers![k]!) : users.internAscii(batch.shapedUserBytes!, start, batch.shapedUserEnds![k]!);
    if (value >= 0) {
      userOfValue[value] = user;
      userOfValueRange[value] = this.stamp;
    }
    return user;
  }

  /** An event without a record, of a known shape: its columns from what the shape gave, its user's id, its parsed time and (when the shape says so) its session id's text. */
  private addShaped(line: number, shape: number, time: number, user: number, session: string | undefined): void {
    const { memo, shapes } = this.shapes!;
    const i = this.count++;
    this.lines[i] = line;
    this.times[i] = time;
    this.userOf[i] = user;
    this.typeOf[i] = memo.eventTypes[shape]!;
    if (shapes.sessionPlaces[shape] === NO_PLACE) {
      this.sessionIdOf[i] = memo.sessionIds[shape]!;
      if (memo.hasSessionIds[shape] === 1) this.anySessionId = true;
    } else {
      // As the metadata reader reads it: `-1` is a session id that means none.
      this.sessionIdOf[i] = session === NO_SESSION ? -1 : this.state.names.sessionIds.intern(session!);
      this.anySessionId = true;
    }
    this.results[i] = memo.results[shape]!;
    if (this.patternOf === undefined && this.theirsOf === undefined) return;
    if (memo.rangeStamps[shape] !== this.stamp) {
      // Ids of an earlier range: this range numbers its patterns and texts anew.
      const pattern = memo.patterns[shape];
      const theirs = memo.theirs[shape];
      memo.patternIds[shape] = pattern === undefined ? -1 : this.patternKeys.intern(pattern);
      memo.theirsIds[shape] = theirs === undefined ? -1 : this.theirs.intern(theirs);
      memo.rangeStamps[shape] = this.stamp;
    }
    if (this.patternOf !== undefined) this.patternOf[i] = memo.patternIds[shape]!;
    if (this.theirsOf !== undefined) this.theirsOf[i] = memo.theirsIds[shape]!;
  }

  /** The §9 unassigned pattern of an unassigned event, as UnassignedCollector groups them. */
  private patternId(accessors: readonly FieldAccessor[], props: EventProps): number {
    const values = accessors.map((accessor) => {
      const value = accessor(props);
      return typeof value === 'string' ? value : null;
    });
    return this.patternKeys.intern(patternKey(values));
  }

  private reserve(capacity: number): void {
    this.lines = grow(this.lines, capacity);
    this.times = grow(this.times, capacity);
    this.userOf = grow(this.userOf, capacity);
    this.typeOf = grow(this.typeOf, capacity);
    this.sessionIdOf = grow(this.sessionIdOf, capacity);
    this.results = grow(this.results, capacity);
    if (this.patternOf !== undefined) this.patternOf = grow(this.patternOf, capacity);
    if (this.theirsOf !== undefined) this.theirsOf = grow(this.theirsOf, capacity);
  }

  finish(lineCount: number): RangeColumns {
    const count = this.count;
    const skipped: RangeSkippedLine[] = [];
    let skippedCount = 0;
    mergeByLine(this.readSkipped, this.unusable, (line) => {
      skippedCount++;
      if (skipped.length < this.state.skippedLimit) skipped.push(line);
    });
    const { users, eventTypes, sessionIds } = this.state.names;
    return rangeColumns({
      count,
      lineCount,
      // Views, not copies: the arrays are this range's alone.
      lines: this.lines.subarray(0, count),
      times: this.times.subarray(0, count),
      userOf: this.userOf.subarray(0, count),
      typeOf: this.typeOf.subarray(0, count),
      sessionIdOf: this.sessionIdOf.subarray(0, count),
      users: this.state.names.sharesUsers ? NO_KEYS : users.keysFrom(this.namesBefore.users),
      eventTypes: eventTypes.names.slice(this.namesBefore.eventTypes),
      sessionIds: sessionIds.names.slice(this.namesBefore.sessionIds),
      anySessionId: this.anySessionId,
      results: this.results.subarray(0, count),
      ...(this.patternOf === undefined ? {} : { patternOf: this.patternOf.subarray(0, count), patterns: this.patternKeys.names }),
      ...(this.theirsOf === undefined ? {} : { theirsOf: this.theirsOf.subarray(0, count), theirs: this.theirs.names }),
      ...(this.state.moves === undefined ? {} : { moves: (this.moves ?? new MoveCounter(this.state.moves)).counts() }),
      skipped,
      skippedCount,
      foreignRecords: (this.state.fields?.meta.foreignRecords ?? 0) - this.foreignBefore,
    });
  }
}

/**
 * A range's columns as one object literal makes them, every member in one order (the
 * absent ones undefined): the ranges this thread reads and those a worker's message
 * brings (a deserialised object, of another hidden class) are then read by one
 * optimised merge, not thrown away for a "wrong map" when the other kind comes.
 */
export function rangeColumns(columns: RangeColumns): RangeColumns {
  return {
    count: columns.count,
    lineCount: columns.lineCount,
    lines: columns.lines,
    times: columns.times,
    userOf: columns.userOf,
    typeOf: columns.typeOf,
    sessionIdOf: columns.sessionIdOf,
    users: columns.users,
    eventTypes: columns.eventTypes,
    sessionIds: columns.sessionIds,
    anySessionId: columns.anySessionId,
    results: columns.results,
    patternOf: columns.patternOf,
    patterns: columns.patterns,
    theirsOf: columns.theirsOf,
    theirs: columns.theirs,
    moves: columns.moves,
    skipped: columns.skipped,
    skippedCount: columns.skippedCount,
    foreignRecords: columns.foreignRecords,
  };
}

/** No users' keys (a range whose users are the run's own: RangeNames.sharesUsers). */
const NO_KEYS: InternedKeys = { bytes: new Uint8Array(0), ends: new Int32Array(0) };

/** The reader's skipped lines and the unusable events together, in line order (as ./run-report merges them). */
function mergeByLine(read: readonly SkippedLine[], unusable: readonly RangeSkippedLine[], visit: (line: RangeSkippedLine) => void): void {
  let a = 0;
  let b = 0;
  while (a < read.length || b < unusable.length) {
    if (b === unusable.length || (a < read.length && read[a]!.line <= unusable[b]!.line)) visit(read[a++]!);
    else visit(unusable[b++]!);
  }
}
