// NDJSON read through a projection (Node only: it decodes with Buffer): the
// WebAssembly scanner (wasm/json-projection.ts) checks every line of a range and puts
// on a tape only the members that the run's field lookups can reach; this turns the
// tape into records holding just those members. JSON.parse builds every member of
// every record (a GA4 export row is mostly parameters no rule reads) and needs the
// bytes decoded into a string first; the scanner reads the bytes as they are.
//
// The records are exact for the run: a member is kept when its flattened path
// (parent keys and its key joined with dots, as ./fields flattens them) is one that a
// lookup reads, lies under one (kept whole, as JSON.parse gives it), or lies above one
// (an object kept with only such members). Lookups read nothing else: ./fields
// compiles every path a run reads before its first record (FieldLookup.readPaths). A
// duplicate key keeps its last value, as JSON.parse does. Strings, numbers and kept
// subtrees are JSON.parse's own results, and equal string bytes are decoded once per
// range.
//
// The record's time members (EventMetaReader.timeKeys: the top-level keys whose strings
// are the event's time text, in the reader's order; the first eight) are parsed by the
// scanner too, as the metadata reader's fast path parses them (engine/events/event-time;
// a string of digits when numbers are epoch milliseconds or microseconds):
// an event comes with the time of the first of them whose (last) value the scanner
// parsed and that key's place in the order (the batch's parsedTimes and
// parsedTimePlaces; -1 when none), and its record still holds the text.
//
// With shape options (RangeReader's), a line whose record shape (./record-shapes: its
// members' nodes and texts, but for the metadata-only user, time and session strings
// and session numbers) its consumer has marked known gets no record: it is handed on
// as NO_RECORD, with its line, its user (the string's ASCII bytes and the scanner's
// number of its text, or its text), its parsed time and, where the shape says so, its
// session id's text in the batch's arrays, and the consumer takes the rest
// from what that shape's first record gave (engine/report/shape-memo).
//
// The scanner gives up on a whole range (`read` returns undefined before any record is
// made, and the caller reads it with JSON.parse as before) on anything it does not
// decide exactly itself: a line that
// is not one valid JSON object in valid UTF-8 (its skip reason is JSON.parse's), an
// escaped key, nesting deeper than 256, a kept key named like a member of
// Object.prototype, a key/value entry with a second `key` after one nobody asks for
// (the scanner only checks the rest of such an entry). An integer of 16 or more digits keeps its digits when a number
// cannot give them back, as ./exact-integers does for JSON.parse.

import type { EventBatch, EventProps, InputEvent } from './event';
import type { NumericTime } from './event-time';
import { quoteUnsafeIntegers } from './exact-integers';
import { JSON_PROJECTION_WASM } from './json-projection-wasm';
import { HASH_SEED, mix, RecordShapes, SHAPE_KNOWN } from './record-shapes';
import { grownArray } from '../collections/grown-array';
import { refusedWasmMemory } from '../wasm-memory';
import { wasmMemoriesFit } from '../address-space';
import { DOUBLE_ZERO } from '../double-field';

interface ScannerExports {
  memory: WebAssembly.Memory;
  prepare(length: number): number;
  reserveInput(capacity: number): number;
  prepareAt(offset: number, length: number): number;
  scan(length: number): number;
  tapePointer(): number;
  tapeSlots(): number;
  setTimeNode(node: number, place: number): void;
  setTimeDigits(mode: number): void;
  setMetaNode(node: number): void;
  setLineClasses(on: number): void;
  classifyLines(): number;
  lineClassesPointer(): number;
}

// The scanner's tape operations (wasm/json-projection.ts; the tests read its tape too).
export const OP_LINE = 1;
const OP_OPEN = 2;
const OP_CLOSE = 3;
const OP_ASCII = 4;
const OP_UTF8 = 5;
const OP_ESCAPED = 6;
const OP_NUMBER = 7;
const OP_TRUE = 8;
const OP_FALSE = 9;
const OP_NULL = 10;
const OP_RAW = 11;
const OP_ARRAY = 12;
const OP_ARRAY_END = 13;
const OP_LONG_INTEGER = 14;
const OP_RAW_LONG_INTEGERS = 15;
export const OP_LINE_TIME = 16;

/** OP_LINE_TIME's low part: its time is high × TIME_LOW + low, low in [0, TIME_LOW). */
const TIME_LOW = 1 << 22;

/** The epoch milliseconds of the OP_LINE_TIME at `i`. */
function lineTimeAt(tape: Int32Array, i: number): number {
  // Two small integers (the low 22 bits, then the rest): a low half of 32 bits read
  // with `>>> 0` was an int32 until the first above 2^31, and that threw away the
  // optimised code of every function it was inlined in.
  return tape[i + 2]! * TIME_LOW + tape[i + 1]!;
}

/** Per operation, its slots on the tape (the operation's own included). */
export const OPERATION_SLOTS: readonly number[] = [0, 2, 2, 1, 5, 5, 4, 4, 2, 2, 2, 4, 2, 1, 4, 4, 4];

// How a kept member's value is kept (the scanner's MODE_ constants).
const MODE_WHOLE = 0;
const MODE_PROJECTED = 1;
const MODE_ENTRIES = 2;
const MODE_ENTRY_KEY = 3;

/** decide()'s answers besides a node and mode; KEEP_ENTRY: an entry with this key may be asked for. */
const SKIP = -1;
const GIVE_UP = -2;
const KEEP_ENTRY = 0;
/** Records handed on at a time (about 256 KiB of plain events, as the JSON.parse path's pieces). */
const RECORDS_PER_BATCH = 2048;
/**
 * A projection's first ranges, until SMALL_BATCHES batches have been handed on, are
 * handed on SMALL_BATCH_RECORDS at a time: the first range is read mostly before V8
 * has optimised build(), which it then optimises while build() runs (on-stack
 * replacement), from what build() has done so far. With batches of 2048 records the
 * hand-on paths had not run by then, the optimised code was thrown away when they
 * first did and made again: 4 to 9 compilations of build() in a 1M-event run on two
 * threads, 6 with small first batches. 3 runs of 10–16 CLI pairs on two threads:
 * 0.974–0.980×; on one thread, and in-process as `npm run bench` times it, within noise.
 */
const SMALL_BATCHES = 32;
const SMALL_BATCH_RECORDS = 64;
/** Per node, at most this many skipped keys are remembered (the scanner remembers the frequent ones itself). */
const MAX_SKIPPED_ANSWERS = 4096;

/** The members of a GA4-like key/value entry's `value` that ./fields reads (keyValueText). */
const ENTRY_VALUE_KEYS = new Set(['string_value', 'int_value', 'float_value', 'double_value']);

/**
 * What a node's members are: an object's by their flattened path, a key/value entry's
 * (`key`, `value`), an entry value's (ENTRY_VALUE_KEYS), or the entry keys of a
 * key/value array (no members: the scanner asks whether an entry's key is wanted).
 */
type NodeKind = 'object' | 'entry' | 'entry-value' | 'entry-keys';

/** Buffer's own slicing methods behind `toString(encoding, start, end)`, without its argument checks (once per string read). */
type SlicingBuffer = Buffer & { latin1Slice(start: number, end: number): string; utf8Slice(start: number, end: number): string };

let compiled: WebAssembly.Module | undefined;
/** This process refused the scanner its memory (../wasm-memory): every range is read with JSON.parse. */
let scannerRefused = false;

function scannerModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(Buffer.from(JSON_PROJECTION_WASM, 'base64'));
  return compiled;
}

/** Makes a record (or a kept object) from its members' values, in the order of its members. */
type RecordMaker = (values: unknown[]) => EventProps;

/**
 * The props of an event whose record was not made (its shape is known: ./record-shapes).
 * Frozen and empty: a consumer that read it would find nothing, not another event's values.
 */
export const NO_RECORD: EventProps = Object.freeze({});

/** The event of every line without a record: its line is in the batch's `shapedLines` (one object, not one per line). */
const SHAPED_EVENT: InputEvent = Object.freeze({ line: 0, props: NO_RECORD });

/**
 * The strings of a batch's shaped users or sessions before one is written: most batches
 * have none (ASCII users, sessions taken from the shape), and an array of a batch's
 * size for each was most of what reading allocated besides the events.
 */
const NO_STRINGS: readonly string[] = Object.freeze([]);

/** The arrays of a batch's events (EventBatch). */
interface BatchArrays {
  /**
   * Made at the batch's full size and filled by index (its last batch cut to the count):
   * pushed one by one, each batch's array was reallocated a dozen times as it grew,
   * about 30 bytes an event of garbage (a third of what reading allocated).
   */
  events: InputEvent[];
  parsedTimes: Float64Array;
  parsedTimePlaces: Int32Array;
  shapes: Int32Array;
  shapedLines: Int32Array;
  shapedUsers: string[];
  shapedUserStarts: Int32Array;
  shapedUserEnds: Int32Array;
  shapedUserValues: Int32Array;
  shapedSessions: string[];
}

/**
 * Record shapes (./record-shapes): the metadata reader's user and session keys
 * (EventMetaReader.userKeys, sessionKeys), and, per place in them and in the time
 * keys, whether nothing of the run but the metadata reader's own reader of that key
 * reads it (true only below META_PLACES).
 */
export interface ShapeOptions {
  userKeys: readonly (string | undefined)[];
  sessionKeys: readonly (string | undefined)[];
  metaOnlyUsers: readonly boolean[];
  metaOnlyTimes: readonly boolean[];
  metaOnlySessions: readonly boolean[];
}

/**
 * Per range: after this many lines with a shape, shapes are no longer worked out for
 * the rest of the range when more than a quarter of them were new or found no room
 * (records whose values hardly repeat: working out their shapes would only add to
 * making them).
 */
const SHAPE_TRIAL = 1024;
/** The scanner's value ids of a range are below this (its VALUE_LIMIT). */
export const VALUE_IDS = 1 << 14;
/** A line whose shape's key would be longer has none (its record is made). */
const MAX_SHAPE_KEY = 1 << 12;
/**
 * In a shape's key, what stands for a metadata-only member's string or number, and
 * (minus the operation) for a literal or an object's or array's opening.
 */
const MARK_META_STRING = -2;
const MARK_LITERAL = -3;
const MARK_META_NUMBER = -20;
/**
 * Metadata-only members are told apart at places below this (ShapeOptions). In
 * metaPlaces, per node: 0, or its kind's base plus its place plus 1 (a user member's
 * up to TIME_MEMBERS, a time member's up to SESSION_MEMBERS, a session member's above).
 */
export const META_PLACES = 8;
const TIME_MEMBERS = META_PLACES;
const SESSION_MEMBERS = 2 * META_PLACES;
/** A shape's session place when its session is the shape's own, not the line's (RecordShapes.sessionPlaces). */
export const NO_PLACE = 255;
/** Whether a line class's first line counted for the range's trial (countShape()). */
const CLASS_UNCOUNTED = 0;
const CLASS_COUNTED = 1;

/**
 * A JsonProjection, or undefined when this process cannot give its scanner memory: the
 * memory is refused (../wasm-memory), or would leave too little of an address-space
 * limit for the rest of the run (../address-space). The caller reads with JSON.parse,
 * which gives the same events. Once refused, refused for the process.
 */
export function jsonProjection(...args: ConstructorParameters<typeof JsonProjection>): JsonProjection | undefined {
  if (scannerRefused) return undefined;
  if (!wasmMemoriesFit()) {
    scannerRefused = true;
    return undefined;
  }
  try {
    return new JsonProjection(...args);
  } catch (error) {
    if (!refusedWasmMemory(error)) throw error;
    scannerRefused = true;
    return undefined;
  }
}

/**
 * Reads ranges of NDJSON lines into records of the members that `paths` reach. Every
 * record of one object path has the same members, in the same order (absent ones
 * undefined, which every lookup reads as absent: ./fields): made by one object literal,
 * they share one shape, so the lookups' property loads stay monomorphic.
 *
 * A key/value array of the layout (GA4's `event_params`) keeps only its object
 * entries whose `key` a lookup asks for (`event_params.source`: "source"), each with
 * its `key` and the members of its `value` that ./fields reads, in order: the first
 * entry with a wanted key is the one ./fields finds either way.
 */
export class JsonProjection {
  private readonly scanner: ScannerExports;
  private readonly exact: Set<string>;
  /** Per node (0: the record itself): its key, its flattened path, and its place among its parent's members. */
  private readonly keys: string[] = [''];
  private readonly nodePaths: string[] = [''];
  private readonly slotOf: number[] = [-1];
  private readonly kinds: NodeKind[] = ['object'];
  /** Per key/value array node, the entry keys that lookups ask for. */
  private readonly wantedKeys = new Map<number, Set<string>>();
  /** Per node kept as a projected object: its members' nodes, their values while it is built, and its maker. */
  private readonly members: (number[] | undefined)[] = [[]];
  private readonly slots: (unknown[] | undefined)[] = [[]];
  private readonly makers: (RecordMaker | undefined)[] = [undefined];
  /** Per node, its members' answers by key, should the scanner ask again (its own memory of answers is bounded). */
  private readonly answers: (Map<string, number> | undefined)[] = [new Map()];
  /**
   * The strings of the range being read, by the scanner's value id. Holey: the values of
   * an entry the scanner dropped were numbered but are not on the tape.
   */
  private readonly values: (string | undefined)[] = [];
  private memory: SlicingBuffer;
  /**
   * The same memory as a plain Uint8Array, for the users' bytes (EventBatch
   * shapedUserBytes): the interner that hashes them is given Uint8Arrays elsewhere, and
   * a Buffer among them threw its optimised code away ("wrong map").
   */
  private memoryBytes: Uint8Array;
  /** With shape options: the shapes, and per node its place among the metadata-only user, time or session keys (META_PLACES; 0: none). */
  readonly shapes: RecordShapes | undefined;
  private metaPlaces = new Uint8Array(64);
  /** Per value id of the range, the shapes' number of its text plus 1 (0: not yet looked up). */
  private rangeNumbers = new Int32Array(0);
  private shapingRange = false;
  private shapedLines = 0;
  private newShapes = 0;
  /**
   * What lineShape() found on the line: where it ends, its parsed time and place, each
   * metadata-only user place's (last) string operation and each session place's string
   * or number operation (-1: none, or a literal last).
   */
  private lineEnd = 0;
  // A double from the start (engine/double-field): it holds epoch milliseconds.
  private lineTime = DOUBLE_ZERO;
  private lineTimePlace = -1;
  private readonly userOps: Int32Array = new Int32Array(0);
  private readonly sessionOps: Int32Array = new Int32Array(0);
  /** The line before in this range, when it had a shape: where its operations start and end, and its shape. */
  private previousFrom = 0;
  private previousEnd = 0;
  private previousShape = -1;
  /**
   * Per line class of the range (the scanner's classifyLines()), numbered in order of
   * first line: the classes met so far, and each one's shape (worked out from its first
   * line), its lines' length in slots, whether its first line counted for the trial
   * (CLASS_UNCOUNTED, else its lines count as countShape(shape < 0) does), and where
   * its lines' time operation and metadata-only user and session operations are, from
   * the line's first operation (-1: none).
   */
  private classesMet = 0;
  private classShapes = new Int32Array(0);
  private classLengths = new Int32Array(0);
  private classCounted = new Uint8Array(0);
  private classTimes = new Int32Array(0);
  private classUsers = new Int32Array(0);
  private classSessions = new Int32Array(0);
  /** The input area inputArea() reserved last: where, and how many bytes (0: none). */
  private inputBase = 0;
  // A double from the start (engine/double-field): a capacity may be one.
  private reserved = DOUBLE_ZERO;
  /** Batches handed on so far (the first SMALL_BATCHES are small). */
  private batchesHanded = 0;

  /**
   * `keyValueArrays`: the layout's top-level key/value arrays (./fields FieldLayout);
   * `timeKeys`: the top-level keys whose strings are the event's time text, in the
   * metadata reader's order (EventMetaReader.timeKeys), parsed by the scanner;
   * `timeUnit`: how the reader reads a time of digits (EventMetaSpec.numericTime;
   * without it, digits are left to the reader); `shapeOptions`: records of a known
   * shape are not made (./record-shapes).
   */
  constructor(
    private readonly paths: readonly string[],
    private readonly keyValueArrays: readonly string[] = [],
    private readonly timeKeys: readonly (string | undefined)[] = [],
    timeUnit?: NumericTime,
    private readonly shapeOptions?: ShapeOptions,
  ) {
    this.exact = new Set(paths);
    if (shapeOptions !== undefined) {
      this.shapes = new RecordShapes();
      this.userOps = new Int32Array(shapeOptions.userKeys.length).fill(-1);
      this.sessionOps = new Int32Array(shapeOptions.sessionKeys.length).fill(-1);
    }
    const instance = new WebAssembly.Instance(scannerModule(), {
      env: {
        decide: (state: number, pointer: number, length: number) => this.decide(state, pointer, length),
        abort: () => {
          throw new Error('the JSON projection scanner stopped');
        },
      },
    });
    this.scanner = instance.exports as unknown as ScannerExports;
    // Seconds are left to JavaScript (a fraction, and Mixpanel's seconds-or-milliseconds).
    this.scanner.setTimeDigits(timeUnit === 'ms' ? 1 : timeUnit === 'us' ? 2 : 0);
    // Line classes are for working out shapes (classifyLines() in read()).
    this.scanner.setLineClasses(shapeOptions === undefined ? 0 : 1);
    this.memory = Buffer.from(this.scanner.memory.buffer) as SlicingBuffer;
    this.memoryBytes = new Uint8Array(this.scanner.memory.buffer);
  }

  /**
   * Reads the events of `bytes` (whole lines, LF-ended but the last; no byte order
   * mark), lines numbered from 1, and returns the number of lines; or returns undefined,
   * having read nothing, when the range must be read with JSON.parse. The whole range
   * is checked first; then its records are handed to `onEvents` RECORDS_PER_BATCH at a
   * time (SMALL_BATCH_RECORDS at first; in `batch.events`, which `onEvents` takes), so
   * that they die young, as the JSON.parse path's pieces do. `bytes` may lie in
   * inputArea(), where they are scanned without a copy.
   */
  read(bytes: Uint8Array, onEvents: (batch: EventBatch) => void): number | undefined {
    const scanner = this.scanner;
    // Read into inputArea(): scanned where it lies, not copied there.
    const inPlace = this.holdsInPlace(bytes);
    let lines: number | undefined;
    try {
      if (inPlace) {
        scanner.prepareAt(bytes.byteOffset - this.inputBase, bytes.length);
      } else {
        const at = scanner.prepare(bytes.length);
        this.memory = Buffer.from(scanner.memory.buffer) as SlicingBuffer;
        this.memoryBytes = new Uint8Array(scanner.memory.buffer);
        this.memory.set(bytes, at);
      }
      lines = scanner.scan(bytes.length);
    } catch {
      // A trap (no memory to grow into): the range read with JSON.parse is still right.
      lines = undefined;
    }
    // The reservation keeps memory from growing under a range read in place, whose bytes
    // the JSON.parse path would otherwise find gone.
    if (inPlace && scanner.memory.buffer !== bytes.buffer) throw new Error('the JSON projection scanner grew its memory under a range read in place');
    if (lines === undefined || lines < 0) return undefined;
    const classes = this.shapes === undefined ? undefined : new Int32Array(scanner.memory.buffer, scanner.lineClassesPointer(), scanner.classifyLines());
    // From here on records are handed on, so a failure cannot send the range back: the
    // scanner has checked every value that JSON.parse is given below.
    this.build(new Int32Array(scanner.memory.buffer, scanner.tapePointer(), scanner.tapeSlots()), classes, lines, onEvents);
    return lines;
  }

  /**
   * A view of the scanner's input area with room for `capacity` bytes: a range read
   * into it (engine/events/file-line-ranges, as its buffer) is scanned where it lies,
   * not copied there. Valid until the next call, or until read() of bytes elsewhere.
   */
  inputArea(capacity: number): Uint8Array {
    const base = this.scanner.reserveInput(capacity);
    this.inputBase = base;
    this.reserved = capacity;
    this.memory = Buffer.from(this.scanner.memory.buffer) as SlicingBuffer;
    this.memoryBytes = new Uint8Array(this.scanner.memory.buffer);
    return new Uint8Array(this.scanner.memory.buffer, base, capacity);
  }

  /** Whether `bytes` lie in the input area that inputArea() last reserved. */
  private holdsInPlace(bytes: Uint8Array): boolean {
    return bytes.buffer === this.scanner.memory.buffer && bytes.byteOffset >= this.inputBase && bytes.byteOffset + bytes.length <= this.inputBase + this.reserved;
  }

  /**
   * New arrays for the batch's events (room for `size`), set on `batch`: after each
   * handing on, since the consumer takes them with the events (a place or a shape is -1
   * until it is written).
   */
  private batchArrays(batch: EventBatch, timed: boolean, shaped: boolean, size: number): BatchArrays {
    this.batchesHanded++;
    const arrays: BatchArrays = {
      events: new Array<InputEvent>(size),
      parsedTimes: new Float64Array(timed ? size : 0),
      parsedTimePlaces: new Int32Array(timed ? size : 0).fill(-1),
      shapes: new Int32Array(shaped ? size : 0).fill(-1),
      shapedLines: new Int32Array(shaped ? size : 0),
      shapedUsers: NO_STRINGS as string[],
      shapedUserStarts: new Int32Array(shaped ? size : 0),
      shapedUserEnds: new Int32Array(shaped ? size : 0),
      shapedUserValues: new Int32Array(shaped ? size : 0),
      shapedSessions: NO_STRINGS as string[],
    };
    batch.events = arrays.events;
    if (timed) {
      batch.parsedTimes = arrays.parsedTimes;
      batch.parsedTimePlaces = arrays.parsedTimePlaces;
    }
    if (shaped) {
      batch.shapes = arrays.shapes;
      batch.shapedLines = arrays.shapedLines;
      batch.shapedUsers = arrays.shapedUsers;
      batch.shapedUserStarts = arrays.shapedUserStarts;
      batch.shapedUserEnds = arrays.shapedUserEnds;
      batch.shapedUserValues = arrays.shapedUserValues;
      batch.shapedUserBytes = this.memoryBytes;
      batch.shapedSessions = arrays.shapedSessions;
    }
    return arrays;
  }

  /**
   * `classes`: each tape line's class (classifyLines()), when shapes are worked out.
   * `lines`: the range's lines, at least its events: a batch has room for no more
   * events than the lines left (a zip of 100,000 one-event entries allocated a whole
   * batch's arrays per entry, 160 KB, and spent most of its time collecting them).
   */
  private build(tape: Int32Array, classes: Int32Array | undefined, lines: number, onEvents: (batch: EventBatch) => void): void {
    const batch: EventBatch = { events: [], skipped: [] };
    const timed = this.timeKeys.some((key) => key !== undefined);
    const shapes = this.shapes;
    const nominal = this.batchesHanded < SMALL_BATCHES ? SMALL_BATCH_RECORDS : RECORDS_PER_BATCH;
    /** Events handed on so far: the next batch needs room for at most `lines - handed`. */
    let handed = 0;
    let size = Math.min(nominal, lines);
    let eventArrays = this.batchArrays(batch, timed, shapes !== undefined, size);
    /** Events in the batch (eventArrays.events). */
    let count = 0;
    if (shapes !== undefined) {
      this.shapingRange = true;
      this.shapedLines = 0;
      this.newShapes = 0;
      this.previousShape = -1;
      this.classesMet = 0;
      if (this.rangeNumbers.length === 0) this.rangeNumbers = new Int32Array(VALUE_IDS);
      else this.rangeNumbers.fill(0);
    }
    const { memory, slotOf, slots } = this;
    this.values.length = 0;
    const open: number[] = [];
    const arrays: unknown[][] = [];
    let node = 0;
    let current = slots[0]!;
    let line = -1;
    /** The tape line at `i` (its place in `classes`). */
    let tapeLine = -1;
    const length = tape.length;
    let i = 0;
    while (i < length) {
      const op = tape[i]!;
      if (op === OP_LINE) {
        tapeLine++;
        if (line >= 0) {
          eventArrays.events[count++] = { line, props: this.make(0) };
          if (count === size) {
            onEvents(batch);
            handed += count;
            size = Math.min(nominal, lines - handed);
            eventArrays = this.batchArrays(batch, timed, shapes !== undefined, size);
            count = 0;
          }
        }
        line = tape[i + 1]!;
        if (shapes !== undefined && this.shapingRange) {
          const shape = this.lineShapeOfClass(tape, i + 2, classes![tapeLine]!);
          const k = count;
          if (shape >= 0 && shapes.known[shape] === SHAPE_KNOWN) {
            // Its record is not made: the consumer has what it needs of the shape.
            eventArrays.shapes[k] = shape;
            eventArrays.shapedLines[k] = line;
            if (this.lineTimePlace >= 0) {
              eventArrays.parsedTimes[k] = this.lineTime;
              eventArrays.parsedTimePlaces[k] = this.lineTimePlace;
            }
            // The shape's user is the string at the place its consumer found it (known
            // shapes have one there): its bytes when they are ASCII, else its text.
            const userOp = this.userOps[shapes.userPlaces[shape]!]!;
            if (tape[userOp] === OP_ASCII) {
              const start = tape[userOp + 3]!;
              eventArrays.shapedUserStarts[k] = start;
              eventArrays.shapedUserEnds[k] = start + tape[userOp + 4]!;
            } else {
              eventArrays.shapedUserStarts[k] = -1;
              if (eventArrays.shapedUsers === NO_STRINGS) eventArrays.shapedUsers = batch.shapedUsers = new Array<string>(size);
              eventArrays.shapedUsers[k] = this.stringAt(tape, userOp);
            }
            eventArrays.shapedUserValues[k] = tape[userOp + 2]!;
            const sessionPlace = shapes.sessionPlaces[shape]!;
            if (sessionPlace !== NO_PLACE) {
              if (eventArrays.shapedSessions === NO_STRINGS) eventArrays.shapedSessions = batch.shapedSessions = new Array<string>(size);
              eventArrays.shapedSessions[k] = this.sessionText(tape, this.sessionOps[sessionPlace]!);
            }
            i = this.lineEnd;
            eventArrays.events[count++] = SHAPED_EVENT;
            if (count === size) {
              onEvents(batch);
              handed += count;
              size = Math.min(nominal, lines - handed);
              eventArrays = this.batchArrays(batch, timed, true, size);
              count = 0;
            }
            line = -1;
            continue;
          }
          eventArrays.shapes[k] = shape;
        }
        current.fill(undefined);
        i += 2;
        continue;
      }
      if (op === OP_CLOSE) {
        const object = this.make(node);
        const slot = slotOf[node]!;
        node = open.pop()!;
        current = slots[node]!;
        // A key/value entry (slot -1) goes into its array.
        if (slot >= 0) current[slot] = object;
        else arrays[arrays.length - 1]!.push(object);
        i += 1;
        continue;
      }
      if (op === OP_ARRAY_END) {
        arrays.pop();
        i += 1;
        continue;
      }
      if (op === OP_LINE_TIME) {
        // After the line's members, before its event is made: the event's place in the batch is the next.
        eventArrays.parsedTimes[count] = lineTimeAt(tape, i);
        eventArrays.parsedTimePlaces[count] = tape[i + 3]! & 0xff;
        i += 4;
        continue;
      }
      const slot = slotOf[tape[i + 1]!]!;
      switch (op) {
        case OP_ASCII:
        case OP_UTF8: {
          const text = this.stringAt(tape, i);
          if (slot >= 0) current[slot] = text;
          i += 5;
          break;
        }
        case OP_ARRAY: {
          const array: unknown[] = [];
          current[slot] = array;
          arrays.push(array);
          i += 2;
          break;
        }
        case OP_OPEN:
          open.push(node);
          node = tape[i + 1]!;
          current = slots[node]!;
          current.fill(undefined);
          i += 2;
          break;
        case OP_NUMBER: {
          const start = tape[i + 2]!;
          current[slot] = Number(memory.latin1Slice(start, start + tape[i + 3]!));
          i += 4;
          break;
        }
        case OP_LONG_INTEGER: {
          // As ./exact-integers: the digits, when the number would not give them back.
          const start = tape[i + 2]!;
          const text = memory.latin1Slice(start, start + tape[i + 3]!);
          const value = Number(text);
          current[slot] = String(value) === text ? value : text;
          i += 4;
          break;
        }
        case OP_ESCAPED:
        case OP_RAW: {
          const start = tape[i + 2]!;
          current[slot] = JSON.parse(memory.utf8Slice(start, start + tape[i + 3]!)) as unknown;
          i += 4;
          break;
        }
        case OP_RAW_LONG_INTEGERS: {
          const start = tape[i + 2]!;
          const text = memory.utf8Slice(start, start + tape[i + 3]!);
          current[slot] = JSON.parse(quoteUnsafeIntegers(text) ?? text) as unknown;
          i += 4;
          break;
        }
        case OP_TRUE:
        case OP_FALSE:
        case OP_NULL:
          current[slot] = op === OP_TRUE ? true : op === OP_FALSE ? false : null;
          i += 2;
          break;
        default:
          throw new Error(`the JSON projection scanner wrote an unknown operation ${op}`);
      }
    }
    if (line >= 0) eventArrays.events[count++] = { line, props: this.make(0) };
    if (count > 0) {
      eventArrays.events.length = count;
      onEvents(batch);
    }
  }

  /** The text of the string operation at `at` (OP_ASCII or OP_UTF8), decoded once per value id in a range. */
  private stringAt(tape: Int32Array, at: number): string {
    const id = tape[at + 2]!;
    let text = id < 0 ? undefined : this.values[id];
    if (text === undefined) {
      const memory = this.memory;
      const start = tape[at + 3]!;
      const end = start + tape[at + 4]!;
      text = tape[at] === OP_ASCII ? memory.latin1Slice(start, end) : memory.utf8Slice(start, end);
      if (id >= 0) this.values[id] = text;
    }
    return text;
  }

  /**
   * The shape of the line whose operations start at `from` (after its OP_LINE), or -1
   * when it has none: a member that is no string with a value id, no literal, no
   * projected object and no key/value array (a number but at a metadata-only session
   * key, an escaped string, …), or a metadata-only time member whose (last) value the
   * scanner did not parse. Sets lineEnd, lineTime, lineTimePlace, userOps and
   * sessionOps. Stops working shapes out for the range when they do not repeat.
   */
  private lineShape(tape: Int32Array, from: number): number {
    const shape = this.previousShape >= 0 ? this.sameShapeAsBefore(tape, from) : -1;
    return this.lineShaped(from, shape < 0 ? this.newLineShape(tape, from) : shape);
  }

  /** Notes the line at `from` as the line before, of shape `shape`; returns `shape`. */
  private lineShaped(from: number, shape: number): number {
    this.previousShape = shape;
    this.previousFrom = from;
    this.previousEnd = this.lineEnd;
    return shape;
  }

  /**
   * lineShape() of the line whose operations start at `from`, of class `lineClass`
   * (-1: none): its class's first line's shape, worked out once per class in a range,
   * with the metadata at the same places of its own operations.
   */
  private lineShapeOfClass(tape: Int32Array, from: number, lineClass: number): number {
    if (lineClass < 0 || lineClass > this.classesMet) return this.lineShape(tape, from);
    if (lineClass === this.classesMet) return this.lineShaped(from, this.firstOfClass(tape, from, lineClass));
    const shape = this.classShapes[lineClass]!;
    this.lineEnd = from + this.classLengths[lineClass]!;
    if (this.classCounted[lineClass] !== CLASS_UNCOUNTED) this.countShape(shape < 0);
    if (shape >= 0) {
      const { userOps, sessionOps, classUsers, classSessions } = this;
      const users = userOps.length;
      for (let place = 0; place < users; place++) {
        const at = classUsers[lineClass * users + place]!;
        userOps[place] = at < 0 ? -1 : from + at;
      }
      const sessions = sessionOps.length;
      for (let place = 0; place < sessions; place++) {
        const at = classSessions[lineClass * sessions + place]!;
        sessionOps[place] = at < 0 ? -1 : from + at;
      }
      const time = this.classTimes[lineClass]!;
      if (time >= 0) this.readLineTime(tape, from + time);
      else this.lineTimePlace = -1;
    }
    return this.lineShaped(from, shape);
  }

  /** newLineShape() of the first line of class `lineClass`, at `from`, and what the class's other lines take of it. */
  private firstOfClass(tape: Int32Array, from: number, lineClass: number): number {
    if (lineClass >= this.classShapes.length) this.growClasses();
    const counted = this.shapedLines;
    const shape = this.newLineShape(tape, from);
    this.classesMet++;
    this.classShapes[lineClass] = shape;
    this.classLengths[lineClass] = this.lineEnd - from;
    this.classCounted[lineClass] = this.shapedLines === counted ? CLASS_UNCOUNTED : CLASS_COUNTED;
    const { userOps, sessionOps, classUsers, classSessions } = this;
    for (let place = 0; place < userOps.length; place++) classUsers[lineClass * userOps.length + place] = userOps[place]! < 0 ? -1 : userOps[place]! - from;
    for (let place = 0; place < sessionOps.length; place++) classSessions[lineClass * sessionOps.length + place] = sessionOps[place]! < 0 ? -1 : sessionOps[place]! - from;
    let time = -1;
    for (let i = from; i < this.lineEnd; i += OPERATION_SLOTS[tape[i]!]!) if (tape[i] === OP_LINE_TIME) time = i - from;
    this.classTimes[lineClass] = time;
    return shape;
  }

  private growClasses(): void {
    const capacity = Math.max(64, this.classShapes.length * 2);
    this.classShapes = grownArray(this.classShapes, capacity);
    this.classLengths = grownArray(this.classLengths, capacity);
    this.classCounted = grownArray(this.classCounted, capacity);
    this.classTimes = grownArray(this.classTimes, capacity);
    this.classUsers = grownArray(this.classUsers, capacity * this.userOps.length);
    this.classSessions = grownArray(this.classSessions, capacity * this.sessionOps.length);
  }

  /**
   * The line before's shape, when the line's operations are that line's: the same
   * operations on the same nodes, strings of the same value ids (in one range, the same
   * texts) but for the metadata-only ones, and its time members parsed alike; else -1.
   * Sets what newLineShape() sets.
   */
  private sameShapeAsBefore(tape: Int32Array, from: number): number {
    this.startLine();
    const { metaPlaces, userOps } = this;
    let timesPresent = 0;
    let timesParsed = 0;
    const length = tape.length;
    const before = this.previousEnd;
    let p = this.previousFrom;
    let i = from;
    while (i < length && tape[i] !== OP_LINE) {
      const op = tape[i]!;
      if (p >= before || tape[p] !== op) return -1;
      if (op === OP_LINE_TIME) {
        timesParsed = this.readLineTime(tape, i);
        i += 4;
        p += 4;
        continue;
      }
      if (op === OP_CLOSE || op === OP_ARRAY_END) {
        i += 1;
        p += 1;
        continue;
      }
      const node = tape[i + 1]!;
      if (tape[p + 1] !== node) return -1;
      const meta = node < metaPlaces.length ? metaPlaces[node]! : 0;
      if (op === OP_ASCII || op === OP_UTF8) {
        if (meta === 0) {
          const id = tape[i + 2]!;
          if (id < 0 || tape[p + 2] !== id) return -1;
        } else if (meta <= TIME_MEMBERS) userOps[meta - 1] = i;
        else timesPresent |= this.metaMember(meta, i);
        i += 5;
        p += 5;
      } else if (op === OP_OPEN || op === OP_ARRAY || op === OP_TRUE || op === OP_FALSE || op === OP_NULL) {
        if (meta !== 0) this.metaMember(meta, -1);
        i += 2;
        p += 2;
      } else if ((op === OP_NUMBER || op === OP_LONG_INTEGER) && meta > SESSION_MEMBERS) {
        this.metaMember(meta, i);
        i += 4;
        p += 4;
      } else {
        return -1;
      }
    }
    this.lineEnd = i;
    if (p !== before || (timesPresent & ~timesParsed) !== 0) return -1;
    this.countShape(false);
    return this.previousShape;
  }

  /** Forgets the line before's metadata-only operations and time (a line's shape is worked out from here). */
  private startLine(): void {
    const { userOps, sessionOps } = this;
    // Loops, not fill(): a call per line costs more than these few places.
    for (let place = 0; place < userOps.length; place++) userOps[place] = -1;
    for (let place = 0; place < sessionOps.length; place++) sessionOps[place] = -1;
    this.lineTimePlace = -1;
  }

  /**
   * A metadata-only member's operation at `at` (-1: a literal): notes it as its user or
   * session place's last; returns its time place's bit for a time member, else 0.
   */
  private metaMember(meta: number, at: number): number {
    if (meta <= TIME_MEMBERS) this.userOps[meta - 1] = at;
    else if (meta > SESSION_MEMBERS) this.sessionOps[meta - SESSION_MEMBERS - 1] = at;
    else if (at >= 0) return 1 << (meta - TIME_MEMBERS - 1);
    return 0;
  }

  /** lineShape() worked out from the line's key (./record-shapes). */
  private newLineShape(tape: Int32Array, from: number): number {
    this.startLine();
    const shapes = this.shapes!;
    const { metaPlaces, userOps } = this;
    let timesPresent = 0;
    let timesParsed = 0;
    let key = shapes.keyOfLength(64);
    let n = 0;
    let hash = HASH_SEED;
    const length = tape.length;
    let i = from;
    // The key's pairs: (node, value number) for a string, (node, mark) for a literal, an
    // object's or a key/value array's opening, a metadata-only string or number; (-1, -1)
    // for an object's end, (-2, -2) for an array's.
    while (i < length) {
      const op = tape[i]!;
      if (op === OP_LINE) break;
      if (op === OP_LINE_TIME) {
        timesParsed = this.readLineTime(tape, i);
        i += 4;
        continue;
      }
      if (n + 2 > key.length) {
        if (n >= MAX_SHAPE_KEY) return this.skipLine(tape, i);
        key = shapes.keyOfLength(n * 2);
      }
      let a: number;
      let b: number;
      if (op === OP_CLOSE || op === OP_ARRAY_END) {
        a = b = op === OP_CLOSE ? -1 : -2;
        i += 1;
      } else {
        a = tape[i + 1]!;
        const meta = a < metaPlaces.length ? metaPlaces[a]! : 0;
        if (op === OP_ASCII || op === OP_UTF8) {
          if (meta !== 0) {
            if (meta <= TIME_MEMBERS) userOps[meta - 1] = i;
            else timesPresent |= this.metaMember(meta, i);
            b = MARK_META_STRING;
          } else {
            const id = tape[i + 2]!;
            if (id < 0 || id >= VALUE_IDS) return this.skipLine(tape, i);
            b = this.rangeNumbers[id]! - 1;
            if (b < 0) {
              b = shapes.valueNumber(this.stringAt(tape, i));
              if (b < 0) {
                this.countShape(true);
                return this.skipLine(tape, i);
              }
              this.rangeNumbers[id] = b + 1;
            }
          }
          i += 5;
        } else if (op === OP_OPEN || op === OP_ARRAY || op === OP_TRUE || op === OP_FALSE || op === OP_NULL) {
          // A metadata-only member's literal: only that it is there counts (no user, no time, no session of its text).
          if (meta !== 0) this.metaMember(meta, -1);
          b = MARK_LITERAL - op;
          i += 2;
        } else if ((op === OP_NUMBER || op === OP_LONG_INTEGER) && meta > SESSION_MEMBERS) {
          // A metadata-only session id that is a number (Amplitude's): its text is the line's own.
          this.metaMember(meta, i);
          b = MARK_META_NUMBER;
          i += 4;
        } else {
          return this.skipLine(tape, i);
        }
      }
      key[n++] = a;
      key[n++] = b;
      hash = mix(hash, a, b);
    }
    this.lineEnd = i;
    // Every metadata-only time string parsed: the line's time is the scanner's, or its reader's from other members.
    if ((timesPresent & ~timesParsed) !== 0) return -1;
    const before = shapes.size;
    const shape = shapes.find(n, hash);
    this.countShape(shape < 0 || shapes.size !== before);
    return shape;
  }

  /**
   * Counts a line's shape for the range's trial (SHAPE_TRIAL); `fresh`: new, or without
   * room (the shapes or the texts at their bound), which counts as new, so that full
   * tables stop the working out too.
   */
  private countShape(fresh: boolean): void {
    this.shapedLines++;
    if (fresh) this.newShapes++;
    if (this.shapedLines >= SHAPE_TRIAL && this.newShapes * 4 > this.shapedLines) this.shapingRange = false;
  }

  /** The text a session reader gives of the string or number at operation `at` (./fields leafText; ./exact-integers for long integers). */
  private sessionText(tape: Int32Array, at: number): string {
    const op = tape[at]!;
    if (op === OP_ASCII || op === OP_UTF8) return this.stringAt(tape, at);
    const start = tape[at + 2]!;
    const text = this.memory.latin1Slice(start, start + tape[at + 3]!);
    // A long integer's text is its digits either way: its number's when that gives them back, else its own.
    return op === OP_NUMBER ? String(Number(text)) : text;
  }

  /** The line's OP_LINE_TIME at `i`: sets lineTime and lineTimePlace, returns the time members whose value parsed (bit per place). */
  private readLineTime(tape: Int32Array, i: number): number {
    this.lineTime = lineTimeAt(tape, i);
    this.lineTimePlace = tape[i + 3]! & 0xff;
    return tape[i + 3]! >>> 8;
  }

  /** No shape for the line: sets lineEnd past its operations from `i`, returns -1. */
  private skipLine(tape: Int32Array, i: number): number {
    const length = tape.length;
    while (i < length && tape[i] !== OP_LINE) i += OPERATION_SLOTS[tape[i]!]!;
    this.lineEnd = i;
    return -1;
  }

  /** The object of `node` from its members' values. */
  private make(node: number): EventProps {
    let maker = this.makers[node];
    if (maker === undefined) {
      // Keys as JSON string literals (valid JavaScript string literals); none is
      // `__proto__` or another member of Object.prototype (decide gives up on those).
      const members = this.members[node]!.map((member, slot) => `${JSON.stringify(this.keys[member])}: v[${slot}]`);
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the keys are JSON string literals (above)
      maker = new Function(`"use strict"; return function make(v) { return { ${members.join(', ')} }; };`)() as RecordMaker;
      this.makers[node] = maker;
    }
    return maker(this.slots[node]!);
  }

  /** Whether the member `key` of node `state` is kept: SKIP, GIVE_UP or node * 4 + mode (for entry keys: KEEP_ENTRY or SKIP). */
  private decide(state: number, pointer: number, length: number): number {
    // Asked during scan(), after read() took the memory's current buffer (scan does not grow it).
    const key = this.memory.utf8Slice(pointer, pointer + length);
    const kind = this.kinds[state]!;
    if (kind === 'entry-keys') return this.wantedKeys.get(state - 2)!.has(key) ? KEEP_ENTRY : SKIP;
    // Two members may have one path (`{"a.b": …}` and `{"a": {"b": …}}`): answers are per node and key.
    const answers = this.answers[state]!;
    const known = answers.get(key);
    if (known !== undefined) return known;
    const answer = this.answer(state, kind, key);
    // Kept members are few; the keys skipped in an object of ever new keys are not all remembered.
    if (answer !== SKIP || answers.size < MAX_SKIPPED_ANSWERS) answers.set(key, answer);
    return answer;
  }

  private answer(state: number, kind: NodeKind, key: string): number {
    if (kind === 'entry') {
      if (key === 'key') return this.addNode(state, key, '', 'object', MODE_ENTRY_KEY);
      return key === 'value' ? this.addNode(state, key, '', 'entry-value', MODE_PROJECTED) : SKIP;
    }
    if (kind === 'entry-value') return ENTRY_VALUE_KEYS.has(key) ? this.addNode(state, key, '', 'object', MODE_WHOLE) : SKIP;
    const path = state === 0 ? key : `${this.nodePaths[state]}.${key}`;
    const whole = this.exact.has(path) || this.paths.some((read) => path.startsWith(`${read}.`));
    const below = whole ? [] : this.paths.filter((read) => read.startsWith(`${path}.`));
    if (!whole && below.length === 0) return SKIP;
    // The records are object literals: a member of Object.prototype (`__proto__` sets the
    // prototype there) is the JSON.parse path's.
    if (key in Object.prototype) return GIVE_UP;
    if (whole) {
      const answer = this.addNode(state, key, path, 'object', MODE_WHOLE);
      const place = state === 0 ? this.timeKeys.indexOf(key) : -1;
      if (place >= 0) this.scanner.setTimeNode(answer >> 2, place);
      const shapeOptions = this.shapeOptions;
      if (state === 0 && shapeOptions !== undefined) {
        const userPlace = shapeOptions.userKeys.indexOf(key);
        const node = answer >> 2;
        if (node >= this.metaPlaces.length) this.metaPlaces = grownArray(this.metaPlaces, Math.max(node + 1, this.metaPlaces.length * 2));
        const sessionPlace = shapeOptions.sessionKeys.indexOf(key);
        if (userPlace >= 0 && userPlace < META_PLACES && shapeOptions.metaOnlyUsers[userPlace] === true) this.metaPlaces[node] = userPlace + 1;
        else if (place >= 0 && place < META_PLACES && shapeOptions.metaOnlyTimes[place] === true) this.metaPlaces[node] = TIME_MEMBERS + place + 1;
        else if (sessionPlace >= 0 && sessionPlace < META_PLACES && shapeOptions.metaOnlySessions[sessionPlace] === true) this.metaPlaces[node] = SESSION_MEMBERS + sessionPlace + 1;
        // Its texts are no part of a line's shape, so none of its line's class.
        if (this.metaPlaces[node] !== 0) this.scanner.setMetaNode(node);
      }
      return answer;
    }
    if (state !== 0 || !this.keyValueArrays.includes(key)) return this.addNode(state, key, path, 'object', MODE_PROJECTED);
    const answer = this.addNode(state, key, path, 'object', MODE_ENTRIES);
    const node = answer >> 2;
    this.addNode(node, '', '', 'entry', MODE_WHOLE, false);
    this.addNode(node, '', '', 'entry-keys', MODE_WHOLE, false);
    this.wantedKeys.set(node, new Set(below.map((read) => read.slice(path.length + 1))));
    return answer;
  }

  /** A new node, member `key` of `parent` (a member of its object when `member`; else an entry or the entry keys), and its answer. */
  private addNode(parent: number, key: string, path: string, kind: NodeKind, mode: number, member = true): number {
    const node = this.keys.length;
    this.keys.push(key);
    this.nodePaths.push(path);
    this.kinds.push(kind);
    if (member) {
      const siblings = this.members[parent]!;
      this.slotOf.push(siblings.length);
      siblings.push(node);
      this.slots[parent]!.push(undefined);
      this.makers[parent] = undefined;
    } else {
      this.slotOf.push(-1);
    }
    const projected = mode === MODE_PROJECTED || mode === MODE_ENTRIES || kind === 'entry';
    this.members.push(projected ? [] : undefined);
    this.slots.push(projected ? [] : undefined);
    this.makers.push(undefined);
    this.answers.push(projected ? new Map() : undefined);
    return node * 4 + mode;
  }
}
