// The events of a run, compact enough for ten million of them: one typed-array column
// per property, strings (users, event types, session ids) interned once. Index i is
// the i-th event read, so index order is file order. Channels are not here: they
// depend on the rules, and the preview classifies the same columns again on every
// edit (see build-report's `channelOf`).
//
// Event types are numbered in order of first appearance in the input (the report lists
// them in that order). Users and session ids are too on one thread; on several threads
// (./threaded-report) in the order the main thread meets them, which the report does
// not depend on: its figures are sums over users, and sessions are renumbered in input
// order (./sessions).

import type { EventMeta } from '../events/event';
import { ByteInterner, type InternedKeys } from '../collections/byte-interner';
import type { ReportColumns } from './report-columns';

/** Strings numbered in order of first appearance. */
export class Interner {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();
  // Inputs come grouped by user or by time, so a name often repeats the previous one.
  private lastName: string | undefined;
  private lastId = -1;

  intern(name: string): number {
    if (name === this.lastName) return this.lastId;
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    this.lastName = name;
    this.lastId = id;
    return id;
  }

  /** The id of a name, or -1 when it never appeared. */
  lookup(name: string): number {
    return this.ids.get(name) ?? -1;
  }
}

const INITIAL_CAPACITY = 1024;

type Column = Int32Array | Float64Array;

/** Int32Array or Float64Array, as a constructor. */
type ColumnKind<T extends Column> = { new (length: number): T; new (buffer: ArrayBufferLike): T; BYTES_PER_ELEMENT: number };

/** A column of `length` zeros; in memory that other threads can see when `shared`. */
export function newColumn<T extends Column>(kind: ColumnKind<T>, length: number, shared = false): T {
  return shared ? new kind(new SharedArrayBuffer(length * kind.BYTES_PER_ELEMENT)) : new kind(length);
}

/**
 * A copy of a column with room for `capacity` values (shared memory stays shared).
 * SharedArrayBuffer may not exist at all (a web worker that is not cross-origin
 * isolated: the preview in github.dev, vscode.dev), so it is looked for first.
 */
export function grow<T extends Column>(array: T, capacity: number): T {
  const shared = typeof SharedArrayBuffer === 'function' && array.buffer instanceof SharedArrayBuffer;
  const grown = newColumn(array.constructor as ColumnKind<T>, capacity, shared);
  grown.set(array);
  return grown;
}

/** The columns ./range-columns gives for one range, with its own string ids. */
export interface AppendedColumns {
  count: number;
  lines: Int32Array;
  times: Float64Array;
  userOf: Int32Array;
  typeOf: Int32Array;
  sessionIdOf: Int32Array;
  users: InternedKeys;
  eventTypes: readonly string[];
  sessionIds: readonly string[];
  anySessionId: boolean;
}

/** One reader's ids (./range-columns' RangeNames) to a run's (EventColumns'), for one kind of name. */
class IdTranslation {
  private ids = new Int32Array(256);
  private length = 0;

  /** Interns the reader's new names in `interner` (in order, so new names are numbered in their order); the translation so far. */
  add(interner: Interner, names: readonly string[]): Int32Array {
    this.reserve(names.length);
    for (const name of names) this.ids[this.length++] = interner.intern(name);
    return this.ids;
  }

  /** As `add`, for names kept as bytes (the users). */
  addKeys(interner: ByteInterner, keys: InternedKeys): Int32Array {
    this.reserve(keys.ends.length);
    interner.internKeys(keys, this.ids, this.length);
    this.length += keys.ends.length;
    return this.ids;
  }

  private reserve(more: number): void {
    if (this.length + more > this.ids.length) this.ids = grow(this.ids, Math.max(this.length + more, this.ids.length * 2));
  }
}

/** The translations of one reader's ids; one per reader (a worker thread, the main thread). */
export class ReaderIds {
  readonly users: IdTranslation | undefined;
  readonly eventTypes = new IdTranslation();
  readonly sessionIds: IdTranslation | undefined;

  /**
   * `sharesNames`: the reader interns users and session ids in the run's own interners
   * (the main thread's reader in ./threaded-report), so its ids need no translation.
   */
  constructor({ sharesNames = false }: { sharesNames?: boolean } = {}) {
    this.users = sharesNames ? undefined : new IdTranslation();
    this.sessionIds = sharesNames ? undefined : new IdTranslation();
  }
}

// The loops of EventColumns.append, each a function of its own: a loop in `append`
// itself was entered in optimised code on the stack (once per range), which then met
// the rest of `append` without feedback and was thrown away, range after range.

/** dst[at + i] = src[i] + shift, for i < count. */
function copyShifted(dst: Int32Array, at: number, src: Int32Array, count: number, shift: number): void {
  for (let i = 0; i < count; i++) dst[at + i] = src[i]! + shift;
}

/** dst[at + i] = ids[src[i]], or -1 where src[i] is negative (no name), for i < count. */
function copyTranslated(dst: Int32Array, at: number, src: Int32Array, count: number, ids: Int32Array): void {
  for (let i = 0; i < count; i++) {
    const id = src[i]!;
    dst[at + i] = id < 0 ? -1 : ids[id]!;
  }
}

export class EventColumns implements ReportColumns {
  count = 0;
  /** 1-based line (row, array element) of each event in its input. */
  lines: Int32Array;
  /** Epoch milliseconds. */
  times: Float64Array;
  /** Index into `users` (its ids). */
  userOf: Int32Array;
  /** Index into `eventTypes.names`; -1 when the event has no type. */
  typeOf: Int32Array;
  /** Index into `sessionIds.names`; -1 when the event belongs to no session. */
  sessionIdOf: Int32Array;
  readonly users = new ByteInterner();
  readonly eventTypes = new Interner();
  readonly sessionIds = new Interner();
  /** Some event has a non-null session_id (`-1` included): sessions are (user, session_id). */
  anySessionId = false;

  /**
   * How many events the input is expected to hold (./threaded-report estimates it from
   * the bytes read so far). When the columns must grow and the estimate is within a
   * doubling, or `expectedFirmly`, they grow to it rather than to double: at 10M events a
   * doubling held 24 bytes an event twice while copying, then kept room for millions more.
   */
  expectedCount = 0;
  /**
   * The estimate is from enough of the input to grow to it at once (./threaded-report:
   * an eighth of the file), not by doublings: each doubling copies every column, on
   * the thread that merges the others' ranges, and doublings from the first range to
   * 1M events copied about a million events' columns.
   */
  expectedFirmly = false;

  /**
   * `shared`: the columns the report reads are in shared memory (./threaded-report).
   * No other thread reads them, but plain buffers of this size count as V8's external
   * memory, and a 1M-event run on 2 threads did 3 more full collections with them
   * (`--trace-gc`): about 25 ms more reading, measured.
   */
  constructor(shared = false) {
    this.lines = newColumn(Int32Array, INITIAL_CAPACITY);
    this.times = newColumn(Float64Array, INITIAL_CAPACITY, shared);
    this.userOf = newColumn(Int32Array, INITIAL_CAPACITY, shared);
    this.typeOf = newColumn(Int32Array, INITIAL_CAPACITY, shared);
    this.sessionIdOf = newColumn(Int32Array, INITIAL_CAPACITY, shared);
  }

  get userCount(): number {
    return this.users.count;
  }

  get typeCount(): number {
    return this.eventTypes.names.length;
  }

  add(line: number, meta: EventMeta): void {
    const i = this.count;
    if (i === this.times.length) this.reserve(i * 2);
    this.lines[i] = line;
    this.times[i] = meta.time;
    this.userOf[i] = this.users.intern(meta.user);
    this.typeOf[i] = meta.eventType === undefined ? -1 : this.eventTypes.intern(meta.eventType);
    this.sessionIdOf[i] = meta.sessionId === undefined ? -1 : this.sessionIds.intern(meta.sessionId);
    if (meta.hasSessionId === true || meta.sessionId !== undefined) this.anySessionId = true;
    this.count = i + 1;
  }

  /**
   * Appends the columns of a range read by a worker (./range-columns): the names new to
   * its reader are interned here in their order of first appearance (which, ranges
   * being appended in input order, numbers new names as ./add would), its ids are
   * translated by `ids` (the reader's, kept across its ranges), its lines shifted by
   * `lineShift`; returns the index of its first event.
   */
  append(part: AppendedColumns, lineShift: number, ids: ReaderIds): number {
    const first = this.count;
    const count = part.count;
    const needed = first + count;
    if (needed > this.times.length) {
      // To the estimate when it is in reach or firm, else by doubling: an estimate from a
      // dense start of the file must not hold many times the events for the rest of the run.
      const doubled = Math.max(needed, this.times.length * 2);
      this.reserve(this.expectedCount >= needed && (this.expectedFirmly || this.expectedCount <= doubled) ? this.expectedCount : doubled);
    }
    const users = ids.users?.addKeys(this.users, part.users);
    const types = ids.eventTypes.add(this.eventTypes, part.eventTypes);
    const sessions = ids.sessionIds?.add(this.sessionIds, part.sessionIds);
    copyShifted(this.lines, first, part.lines, count, lineShift);
    copyTranslated(this.typeOf, first, part.typeOf, count, types);
    if (users === undefined) this.userOf.set(part.userOf.subarray(0, count), first);
    else copyTranslated(this.userOf, first, part.userOf, count, users);
    if (sessions === undefined) this.sessionIdOf.set(part.sessionIdOf.subarray(0, count), first);
    else copyTranslated(this.sessionIdOf, first, part.sessionIdOf, count, sessions);
    this.times.set(part.times.subarray(0, count), first);
    if (part.anySessionId) this.anySessionId = true;
    this.count = first + count;
    return first;
  }

  private reserve(capacity: number): void {
    this.lines = grow(this.lines, capacity);
    this.times = grow(this.times, capacity);
    this.userOf = grow(this.userOf, capacity);
    this.typeOf = grow(this.typeOf, capacity);
    this.sessionIdOf = grow(this.sessionIdOf, capacity);
  }
}
