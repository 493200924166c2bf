// What ./range-columns worked out from one record of each record shape
// (engine/events/record-shapes) of a projection, for the events of that shape whose
// records the projection then does not make: the classifier's result, the event type
// and session id, the §9 unassigned pattern and the `against` text, and where the user
// is. The shape holds every value those come from (every member of the record but the
// metadata-only user and time members, which only the user and the time are read
// from), so they are the same for every event of the shape. The user and the time
// are the event's own: the text of its metadata-only user member at the shape's user
// place (engine/events/record-shapes), and the time the scanner parsed.

/** A §9 unassigned pattern: its values and its key, as ./range-columns groups them. */
export interface PatternEntry {
  key: string;
  values: (string | null)[];
}

export class ShapeMemo {
  results = new Int32Array(1024);
  /** The reader's ids (./range-columns RangeNames); -1 for none. */
  eventTypes = new Int32Array(1024);
  sessionIds = new Int32Array(1024);
  /** 1 when the event has a session id (`-1` included). */
  hasSessionIds = new Uint8Array(1024);
  /** With a report: the pattern of a shape without a rule's channel. */
  readonly patterns: (PatternEntry | undefined)[] = [];
  /** With `against`: the field's text, undefined when it holds no string. */
  readonly theirs: (string | undefined)[] = [];
  /** Per shape, the range whose pattern and `against` ids are below (ranges number their own), and those ids. */
  rangeStamps = new Int32Array(1024);
  patternIds = new Int32Array(1024);
  theirsIds = new Int32Array(1024);

  /** Room for `shape`. */
  reserve(shape: number): void {
    if (shape < this.results.length) return;
    const length = Math.max(shape + 1, this.results.length * 2);
    this.results = grown(this.results, length);
    this.eventTypes = grown(this.eventTypes, length);
    this.sessionIds = grown(this.sessionIds, length);
    this.rangeStamps = grown(this.rangeStamps, length);
    this.patternIds = grown(this.patternIds, length);
    this.theirsIds = grown(this.theirsIds, length);
    const hasSessionIds = new Uint8Array(length);
    hasSessionIds.set(this.hasSessionIds);
    this.hasSessionIds = hasSessionIds;
  }
}

function grown(array: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const copy = new Int32Array(length);
  copy.set(array);
  return copy;
}
