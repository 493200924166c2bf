// The events of a run, compact enough for ten million of them: one typed-array column
// per property, strings (users, event types, session ids) interned once. Index i is
// the i-th event read, so index order is file order. Channels are not here: they
// depend on the rules, and the preview classifies the same columns again on every
// edit (see build-report's `channelOf`).

import type { EventMeta } from '../events/event';

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

function grow<T extends Int32Array | Float64Array>(array: T, capacity: number): T {
  const grown = new (array.constructor as { new (length: number): T })(capacity);
  grown.set(array);
  return grown;
}

export class EventColumns {
  count = 0;
  /** 1-based line (row, array element) of each event in its input. */
  lines = new Int32Array(INITIAL_CAPACITY);
  /** Epoch milliseconds. */
  times = new Float64Array(INITIAL_CAPACITY);
  /** Index into `users.names`. */
  userOf = new Int32Array(INITIAL_CAPACITY);
  /** Index into `eventTypes.names`; -1 when the event has no type. */
  typeOf = new Int32Array(INITIAL_CAPACITY);
  /** Index into `sessionIds.names`; -1 when the event belongs to no session. */
  sessionIdOf = new Int32Array(INITIAL_CAPACITY);
  readonly users = new Interner();
  readonly eventTypes = new Interner();
  readonly sessionIds = new Interner();
  /** Some event has a non-null session_id (`-1` included): sessions are (user, session_id). */
  anySessionId = false;

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

  private reserve(capacity: number): void {
    this.lines = grow(this.lines, capacity);
    this.times = grow(this.times, capacity);
    this.userOf = grow(this.userOf, capacity);
    this.typeOf = grow(this.typeOf, capacity);
    this.sessionIdOf = grow(this.sessionIdOf, capacity);
  }
}
