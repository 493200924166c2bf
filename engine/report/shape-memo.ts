// What ./range-columns worked out from one record of each record shape
// (engine/events/record-shapes) of a projection, for the events of that shape whose
// records the projection then does not make: the classifier's result, the event type,
// the session id (unless the line gives it), the §9 unassigned pattern and the
// `against` text. The shape holds every value those come from (every member of the
// record but the metadata-only user, time and session members, which only the user,
// the time and the session are read from), so they are the same for every event of
// the shape. The user and the time are the event's own: the string of its
// metadata-only user member at the shape's user place (which the shapes keep:
// RecordShapes.userPlaces), and the time the scanner parsed; so is the session id when
// the shape has a session place (RecordShapes.sessionPlaces).

import { grownArray } from '../collections/grown-array';
import { INITIAL_SHAPES } from '../events/record-shapes';

export class ShapeMemo {
  results = new Int32Array(INITIAL_SHAPES);
  /** The reader's ids (./range-columns RangeNames); -1 for none. */
  eventTypes = new Int32Array(INITIAL_SHAPES);
  sessionIds = new Int32Array(INITIAL_SHAPES);
  /** 1 when the event has a session id (`-1` included). */
  hasSessionIds = new Uint8Array(INITIAL_SHAPES);
  /** With a report: the pattern (its key, ./unassigned patternKey) of a shape without a rule's channel. */
  readonly patterns: (string | undefined)[] = [];
  /** With `against`: the field's text, undefined when it holds no string. */
  readonly theirs: (string | undefined)[] = [];
  /** Per shape, the range whose pattern and `against` ids are below (ranges number their own), and those ids. */
  rangeStamps = new Int32Array(INITIAL_SHAPES);
  patternIds = new Int32Array(INITIAL_SHAPES);
  theirsIds = new Int32Array(INITIAL_SHAPES);

  /** Room for `shape`. */
  reserve(shape: number): void {
    if (shape < this.results.length) return;
    const length = Math.max(shape + 1, this.results.length * 2);
    this.results = grownArray(this.results, length);
    this.eventTypes = grownArray(this.eventTypes, length);
    this.sessionIds = grownArray(this.sessionIds, length);
    this.hasSessionIds = grownArray(this.hasSessionIds, length);
    this.rangeStamps = grownArray(this.rangeStamps, length);
    this.patternIds = grownArray(this.patternIds, length);
    this.theirsIds = grownArray(this.theirsIds, length);
  }
}
