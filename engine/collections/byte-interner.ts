// Strings numbered in order of first appearance, kept as bytes in one array with an
// open-addressing table of their hashes: the users of a run, a hundred thousand and
// more, looked up once per event. A Map of strings cost a string made per event from
// the line's bytes, then a lookup that waited on memory three times (the table, its
// entry, the key string elsewhere in the heap), and kept every name as an object the
// garbage collector copied. Here a line's ASCII bytes are looked up as they are (no
// string made), a lookup reads its slot and the key's bytes, and another thread's new
// keys cross as two typed arrays (engine/report/threaded-report), with no string made
// on either side.
//
// A string's key is its bytes when every code unit is below 0x80 (the bytes of a JSON
// string without escapes that are all ASCII), else 0xFF followed by its UTF-16 code
// units, two bytes each: one key per string, and no ASCII key starts with 0xFF.
//
// Each interner hashes with a seed of its own, drawn at random, so that no file can
// hold keys made to share a hash (with a fixed hash, a file of such user ids would
// make every lookup walk all of them).

import { grownArray } from './grown-array';
import { slotsFor } from './open-addressing';

/** Another interner's keys, in id order: key j is bytes[ends[j − 1] … ends[j]) (from 0 for j = 0). */
export interface InternedKeys {
  bytes: Uint8Array;
  ends: Int32Array;
}

const MARK_UTF16 = 0xff;

/** The bytes of all keys of one interner: their offsets are 32-bit. */
export const MAX_KEY_BYTES = 2 ** 31 - 1;

/** More names than an interner holds: a run's distinct user ids (or the other names it keeps so) that take more than MAX_KEY_BYTES (tens of millions of users). */
export class TooManyNamesError extends Error {
  constructor(count: number, maxKeyBytes: number, names = 'user ids') {
    super(`more distinct ${names} than a run can hold: ${count.toLocaleString('en-US')} of them take ${maxKeyBytes.toLocaleString('en-US')} bytes, the limit`);
    this.name = 'TooManyNamesError';
  }
}

export class ByteInterner {
  /** Keys one after another; key `id` is keyBytes[keyStart[id] … keyStart[id] + keyLength[id]). */
  private keyBytes = new Uint8Array(1 << 12);
  private bytesUsed = 0;
  private keyStart = new Int32Array(256);
  private keyLength = new Int32Array(256);
  private keyHash = new Int32Array(256);
  private size = 0;
  /** Per slot: id + 1 (0: empty). Twice as many slots as keys at least, a power of two. */
  private slots = new Int32Array(512);
  /** A string's key, encoded here first. */
  private scratch = new Uint8Array(64);
  // Inputs come grouped by user or by time, so a name often repeats the previous one.
  private lastName: string | undefined;
  private lastId = -1;
  private readonly seed = (Math.random() * 0x100000000) | 0;
  private readonly hashMask: number;
  private readonly maxKeyBytes: number;
  private readonly names: string;

  /**
   * `hashBits`: the bits of each hash kept (tests keep few, so that keys share hashes);
   * `maxKeyBytes`: the bytes of all keys together (tests make it small); `names`: what
   * the strings are, for TooManyNamesError.
   */
  constructor({ hashBits = 32, maxKeyBytes = MAX_KEY_BYTES, names = 'user ids' }: { hashBits?: number; maxKeyBytes?: number; names?: string } = {}) {
    this.hashMask = hashBits >= 32 ? -1 : (1 << hashBits) - 1;
    this.maxKeyBytes = Math.min(maxKeyBytes, MAX_KEY_BYTES);
    this.names = names;
  }

  /** Keys interned. */
  get count(): number {
    return this.size;
  }

  /** The id of a string, numbering it when new. */
  intern(name: string): number {
    if (name === this.lastName) return this.lastId;
    const length = this.encode(name);
    const id = this.internKey(this.scratch, 0, length);
    this.lastName = name;
    this.lastId = id;
    return id;
  }

  /** The id of the string whose bytes are bytes[start, end), all below 0x80 (ASCII, as a JSON string without escapes); numbered when new. */
  internAscii(bytes: Uint8Array, start: number, end: number): number {
    return this.internKey(bytes, start, end - start);
  }

  /** Keys `from` … count − 1, copied (another thread interns them with internKeys). */
  keysFrom(from: number): InternedKeys {
    const count = this.size - from;
    const base = from < this.size ? this.keyStart[from]! : this.bytesUsed;
    const ends = new Int32Array(count);
    for (let j = 0; j < count; j++) ends[j] = this.keyStart[from + j]! + this.keyLength[from + j]! - base;
    return { bytes: this.keyBytes.slice(base, this.bytesUsed), ends };
  }

  /** Interns another interner's keys in their order; their ids here are written to `ids` from `at` on. */
  internKeys(keys: InternedKeys, ids: Int32Array, at: number): void {
    const { bytes, ends } = keys;
    let start = 0;
    for (let j = 0; j < ends.length; j++) {
      ids[at + j] = this.internKey(bytes, start, ends[j]! - start);
      start = ends[j]!;
    }
  }

  /** The name numbered `id`, as a string (decoded from its key). */
  nameOf(id: number): string {
    return decode(this.keyBytes, this.keyStart[id]!, this.keyLength[id]!);
  }

  /** The names from id `from` on, as strings (decoded from their keys). */
  decodedNames(from = 0): string[] {
    const names: string[] = [];
    for (let id = from; id < this.size; id++) names.push(decode(this.keyBytes, this.keyStart[id]!, this.keyLength[id]!));
    return names;
  }

  private internKey(bytes: Uint8Array, start: number, length: number): number {
    const hash = hashOf(bytes, start, length, this.seed) & this.hashMask;
    const slot = this.find(bytes, start, length, hash);
    if (slot >= 0) return this.slots[slot]! - 1;
    const id = this.size;
    if (this.bytesUsed + length > this.maxKeyBytes) throw new TooManyNamesError(this.size, this.maxKeyBytes, this.names);
    if (id === this.keyStart.length) this.growKeys();
    if (this.bytesUsed + length > this.keyBytes.length) this.keyBytes = grownArray(this.keyBytes, Math.max(this.bytesUsed + length, this.keyBytes.length * 2));
    copyBytes(bytes, start, length, this.keyBytes, this.bytesUsed);
    this.keyStart[id] = this.bytesUsed;
    this.keyLength[id] = length;
    this.keyHash[id] = hash;
    this.bytesUsed += length;
    this.size = id + 1;
    this.slots[-slot - 1] = id + 1;
    if (2 * this.size > this.slots.length) this.growSlots();
    return id;
  }

  /** The slot holding the key, or −(the empty slot where it would go) − 1. */
  private find(bytes: Uint8Array, start: number, length: number, hash: number): number {
    const { slots, keyHash, keyStart, keyLength, keyBytes } = this;
    const mask = slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[slot]!;
      if (entry === 0) return -slot - 1;
      const id = entry - 1;
      if (keyHash[id] !== hash || keyLength[id] !== length) continue;
      const at = keyStart[id]!;
      let k = 0;
      while (k < length && keyBytes[at + k] === bytes[start + k]) k++;
      if (k === length) return slot;
    }
  }

  private growKeys(): void {
    const capacity = this.keyStart.length * 2;
    this.keyStart = grownArray(this.keyStart, capacity);
    this.keyLength = grownArray(this.keyLength, capacity);
    this.keyHash = grownArray(this.keyHash, capacity);
  }

  private growSlots(): void {
    this.slots = slotsFor(this.keyHash, this.size, this.slots.length * 2);
  }

  /** The key of `name` into scratch; its length. */
  private encode(name: string): number {
    const length = name.length;
    if (this.scratch.length < 2 * length + 1) this.scratch = new Uint8Array(2 * length + 1);
    const scratch = this.scratch;
    let k = 0;
    while (k < length) {
      const unit = name.charCodeAt(k);
      if (unit >= 0x80) break;
      scratch[k++] = unit;
    }
    if (k === length) return length;
    scratch[0] = MARK_UTF16;
    for (let j = 0; j < length; j++) {
      const unit = name.charCodeAt(j);
      scratch[1 + 2 * j] = unit & 0xff;
      scratch[2 + 2 * j] = unit >>> 8;
    }
    return 2 * length + 1;
  }
}

/**
 * bytes[start … start + length) to `into` from `at`: byte by byte for a short key, as
 * most user ids are, since a subarray to set() from is an object made per new key (a
 * tenth of what a run's reading allocated, with every worker's keys interned again here).
 */
function copyBytes(bytes: Uint8Array, start: number, length: number, into: Uint8Array, at: number): void {
  if (length > 64) into.set(bytes.subarray(start, start + length), at);
  else for (let k = 0; k < length; k++) into[at + k] = bytes[start + k]!;
}

/**
 * A hash of key bytes from `seed`: a multiply, rotate and multiply per byte (murmur3's
 * constants), then murmur3's finaliser, so that the low bits, which pick the slot, depend
 * on every byte. Byte by byte on purpose: murmur3's own four bytes at a time were faster
 * (the bench's user lookups 45–50 → 38–42 ms), but its blocks are mixed without the
 * seed, and pairs of blocks can be made to cancel whatever the seed (2^n keys of one
 * hash from n pairs): a file of such user ids (as `\u` escapes) took 15 s instead of
 * 0.3 (test/collections/byte-interner.test.ts). Exported for that test.
 */
export function hashOf(bytes: Uint8Array, start: number, length: number, seed: number): number {
  let hash = seed ^ length;
  for (let k = start; k < start + length; k++) {
    hash = Math.imul(hash ^ bytes[k]!, 0xcc9e2d51);
    hash = Math.imul((hash << 15) | (hash >>> 17), 0x1b873593);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}

/** Code units per String.fromCharCode call (its arguments are on the stack). */
const DECODE_CHUNK = 4096;

/**
 * A key's string, made flat: built a character at a time, a string past 12 characters
 * is a chain of one cons string per character until something flattens it (a run's
 * theirs values, decoded for the agreement section, held some 20 bytes a character).
 */
function decode(bytes: Uint8Array, start: number, length: number): string {
  const utf16 = length > 0 && bytes[start] === MARK_UTF16;
  const units = utf16 ? new Uint16Array((length - 1) >>> 1) : bytes.subarray(start, start + length);
  if (utf16) for (let j = 0; j < units.length; j++) units[j] = bytes[start + 1 + 2 * j]! | (bytes[start + 2 + 2 * j]! << 8);
  if (units.length <= DECODE_CHUNK) return String.fromCharCode.apply(null, units as unknown as number[]);
  const parts: string[] = [];
  for (let at = 0; at < units.length; at += DECODE_CHUNK) parts.push(String.fromCharCode.apply(null, units.subarray(at, at + DECODE_CHUNK) as unknown as number[]));
  return parts.join('');
}
