// Record shapes: the records of one JSON projection (./json-projection) that are the
// same but for their metadata-only members, numbered alike. A line's shape is the
// sequence of what the scanner put on its tape for it (its members' nodes in order,
// each string's text, each literal, where objects open and close), with the text of a
// member that only the metadata reader reads as the user, the time or the session left
// out (only its being a string, or a session's number, is kept). Two lines of one shape
// give every reader of a run but those the same values (./fields reads nothing but the
// members on the tape), so what a consumer worked out from one record of a shape (its
// channel, event type, …) holds for every other: once a consumer has it (`known`), the
// projection makes no record for that shape's lines.
//
// Bounds: at most MAX_SHAPES shapes, MAX_KEY_INTS numbers of keys and MAX_VALUES
// distinct texts (with their characters) are kept per projection, and a key is looked
// up within SHAPE_PROBES slots; a line that would need more has no shape (its record is
// made, as for every line without one).

import { grownArray } from '../collections/grown-array';

/** Most shapes numbered. */
const MAX_SHAPES = 1 << 16;
/** Most numbers held by all the shapes' keys together. */
const MAX_KEY_INTS = 1 << 21;
/** Most distinct member texts numbered, and their characters. */
const MAX_VALUES = 1 << 17;
const MAX_VALUE_CHARS = 1 << 23;
/** Slots of the table of shapes by key hash: a power of two, twice MAX_SHAPES. */
const TABLE_SLOTS = MAX_SHAPES * 2;
/** The longest probe of a key's lookup (find). */
const SHAPE_PROBES = 64;

/** The shapes' state for their consumer: KNOWN lines need no record; NEVER ones are not learnt (their lines are made into records). */
export const SHAPE_UNKNOWN = 0;
export const SHAPE_KNOWN = 1;
export const SHAPE_NEVER = 2;

/**
 * Room for this many shapes at first, here and in the consumer's memo
 * (engine/report/shape-memo): each growth replaces arrays that V8's optimised code
 * had taken as constant, and threw that code away (build, learn and addShaped, once
 * each per thread, in a 1M-event run). About 0.6 MB a reader. 2 × 16 CLI pairs on two
 * threads 0.964× and 0.984×, 16 in-process pairs 0.982×; one thread 0.998×.
 */
export const INITIAL_SHAPES = 1 << 14;

export class RecordShapes {
  /** Per shape, SHAPE_UNKNOWN, SHAPE_KNOWN or SHAPE_NEVER, set by the consumer. */
  known = new Uint8Array(INITIAL_SHAPES);
  /**
   * Per known shape, set by the consumer: the place (EventMetaReader.userKeys) of the
   * metadata-only user member whose string is the user, which the shape's lines all have.
   */
  userPlaces = new Uint8Array(INITIAL_SHAPES);
  /**
   * Per known shape, set by the consumer: the place (EventMetaReader.sessionKeys) of the
   * metadata-only session member whose string or number is the session id, or 255
   * (./json-projection NO_PLACE) when the shape's session is the shape's own.
   */
  sessionPlaces = new Uint8Array(INITIAL_SHAPES);
  /** The key being built (pairs of numbers). */
  private key = new Int32Array(256);
  /** The shapes' keys one after another; per shape, where its key starts and ends. */
  private keys = new Int32Array(1 << 12);
  private keysUsed = 0;
  private starts = new Int32Array(INITIAL_SHAPES);
  private hashes = new Int32Array(INITIAL_SHAPES);
  /** The shape found last. */
  private last = -1;
  private count = 0;
  /** By key hash, the shape plus 1 (0: empty). */
  private readonly table = new Int32Array(TABLE_SLOTS);
  private readonly valueNumbers = new Map<string, number>();
  private valueChars = 0;

  /** How many shapes are numbered. */
  get size(): number {
    return this.count;
  }

  /** The key a line's reader builds (pairs of numbers, mixed into a hash by mix()), at least `length` long. */
  keyOfLength(length: number): Int32Array {
    if (length > this.key.length) this.key = grownArray(this.key, Math.max(length, this.key.length * 2));
    return this.key;
  }

  /** The number of `text` among the texts of this projection's members, or -1 when no more are kept. */
  valueNumber(text: string): number {
    let number = this.valueNumbers.get(text);
    if (number === undefined) {
      if (this.valueNumbers.size >= MAX_VALUES || this.valueChars + text.length > MAX_VALUE_CHARS) return -1;
      number = this.valueNumbers.size;
      this.valueNumbers.set(text, number);
      this.valueChars += text.length;
    }
    return number;
  }

  /**
   * The shape whose key is the first `length` numbers of keyOfLength()'s array, whose
   * hash (mix() over its pairs, from HASH_SEED) is `hash`: found, else numbered anew;
   * -1 when there is no room for it.
   */
  find(length: number, hash: number): number {
    // Lines of one visit come together: most keys are the line before's.
    const last = this.last;
    if (last >= 0 && this.hashes[last] === hash && this.sameKey(last, length)) return last;
    let slot = hash & (TABLE_SLOTS - 1);
    let probes = 0;
    while (true) {
      const entry = this.table[slot]!;
      if (entry === 0) break;
      const shape = entry - 1;
      if (this.hashes[shape] === hash && this.sameKey(shape, length)) {
        this.last = shape;
        return shape;
      }
      // Keys can be made to share a hash (it has no secret): a key not found nor placed
      // within SHAPE_PROBES has no shape. Entries never move, so a shape is always found
      // within the probes it took to place it.
      if (++probes === SHAPE_PROBES) return -1;
      slot = (slot + 1) & (TABLE_SLOTS - 1);
    }
    if (this.count >= MAX_SHAPES || this.keysUsed + length > MAX_KEY_INTS) return -1;
    const shape = this.count++;
    if (this.keysUsed + length > this.keys.length) this.keys = grownArray(this.keys, Math.max(this.keysUsed + length, this.keys.length * 2));
    this.keys.set(this.key.subarray(0, length), this.keysUsed);
    this.keysUsed += length;
    if (shape + 2 > this.starts.length) {
      this.starts = grownArray(this.starts, this.starts.length * 2);
      this.hashes = grownArray(this.hashes, this.starts.length);
    }
    this.starts[shape + 1] = this.keysUsed;
    this.hashes[shape] = hash;
    if (shape >= this.known.length) {
      this.known = grownArray(this.known, this.known.length * 2);
      this.userPlaces = grownArray(this.userPlaces, this.known.length);
      this.sessionPlaces = grownArray(this.sessionPlaces, this.known.length);
    }
    this.table[slot] = shape + 1;
    this.last = shape;
    return shape;
  }

  /** Whether `shape`'s key is the first `length` numbers of the key being built. */
  private sameKey(shape: number, length: number): boolean {
    const start = this.starts[shape]!;
    if (this.starts[shape + 1]! - start !== length) return false;
    const { keys, key } = this;
    let k = 0;
    while (k < length && keys[start + k] === key[k]) k++;
    return k === length;
  }
}

/** Where a key's hash starts. */
export const HASH_SEED = 0x2545f491;

/** The hash of a key so far, `hash`, with the pair (a, b) added. */
export function mix(hash: number, a: number, b: number): number {
  const h = Math.imul(hash ^ a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);
  return h ^ (h >>> 15);
}
