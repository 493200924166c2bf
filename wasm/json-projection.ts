// AssemblyScript (compiled by scripts/build-wasm.mjs into
// engine/events/json-projection-wasm.ts). Reads a range of whole NDJSON lines and
// writes, per line, only the members a run reads (its projection) onto a tape of i32
// slots, which engine/events/json-projection.ts turns into small records. Every byte is
// still checked: a line is on the tape only when it is one valid JSON object in valid
// UTF-8. Anything else (invalid JSON or UTF-8, a line that is not an object, an
// escaped key, deep nesting, a key/value entry with a second `key` after one nobody
// asks for) ends the scan with -1 and the range is read by the
// JSON.parse path instead, which owns the exact skip reasons. An integer of 16 or more
// digits is marked on the tape, for JavaScript to keep its digits as that path does.
//
// Which members are kept is asked of JavaScript once per (object path, key):
// `decide(state, key)` answers -1 (skip the value), -2 (give up: read the range the
// other way) or node * 4 + mode, where `node` names the member on the tape and `mode`
// is one of the MODE_ constants below.
//
// A key/value array (GA4's `event_params`: entries `{"key": …, "value": {…}}`) keeps
// only the object entries whose `key` is one a lookup asks for: node + 1 is the state
// of its entries' members, node + 2 the state whose "keys" are the entries' key values
// (decide answers -1 for a key nobody asks for). entryKey() asks it as it reads the
// entry's `key` (remembering the answer by the entry's place in its array), and from
// a key nobody asks for on members() only checks the rest of the entry.
//
// The record's time members (top-level keys that engine/events/event-meta reads as the
// time, in its order) are marked with setTimeNode(): their ASCII strings in the common
// date-time forms are parsed here as engine/events/event-time's fast path parses them,
// and, when the reader reads numbers as epoch milliseconds or microseconds
// (setTimeDigits), their strings of digits too.
// After a line whose time member's (last) value was so parsed comes OP_LINE_TIME, with
// the time of the first such member in that order and which members' values parsed;
// any other value is left to JavaScript.

@external("env", "decide")
declare function decide(state: i32, keyPointer: usize, keyLength: i32): i32;

// Tape operations (engine/events/json-projection.ts reads the same numbers).
const OP_LINE: i32 = 1; // line
const OP_OPEN: i32 = 2; // node: an object whose kept members follow, up to OP_CLOSE
const OP_CLOSE: i32 = 3;
const OP_ASCII: i32 = 4; // node, value id, start, length (pointers into memory): a string of ASCII bytes without escapes
const OP_UTF8: i32 = 5; // node, value id, start, length: a string without escapes, not all ASCII
const OP_ESCAPED: i32 = 6; // node, start, length: a string with escapes (the span includes the quotes)
const OP_NUMBER: i32 = 7; // node, start, length
const OP_TRUE: i32 = 8; // node
const OP_FALSE: i32 = 9; // node
const OP_NULL: i32 = 10; // node
const OP_RAW: i32 = 11; // node, start, length: an array or an object kept whole
const OP_ARRAY: i32 = 12; // node: a key/value array whose kept entries (OP_OPEN node + 1 … OP_CLOSE) follow
const OP_ARRAY_END: i32 = 13;
const OP_LONG_INTEGER: i32 = 14; // node, start, length: an integer token of 16 or more digits
const OP_RAW_LONG_INTEGERS: i32 = 15; // as OP_RAW, holding such an integer
const OP_LINE_TIME: i32 = 16; // the line's time: epoch milliseconds (its low 22 bits, the rest: two numbers JavaScript reads as small integers), the time member's place in the order + 256 × the places whose (last) value parsed (bit per place)

// How a kept member's value is kept.
const MODE_WHOLE: i32 = 0;
const MODE_PROJECTED: i32 = 1; // an object value's members are decided in turn
const MODE_ENTRIES: i32 = 2; // as MODE_PROJECTED, and an array value is a key/value array
const MODE_ENTRY_KEY: i32 = 3; // as MODE_WHOLE, and the value is its entry's key

const MAX_DEPTH: i32 = 256;

// OP_LINE_TIME's time in two slots: its low bits (never negative) and the rest.
const TIME_LOW_BITS: i64 = 22;
const TIME_LOW_MASK: i64 = (1 << 22) - 1;

// Memory: [key table][key bytes][key guesses][skipped values][value table][node counts][time nodes][line times][input, 16 bytes of padding][tape]
// (all laid out by layOut(): nothing is allocated, so no runtime owns any of it)
const KEY_SLOTS: i32 = 4096; // power of two; 20 bytes each: state, hash, action, key pointer, key length
const KEY_PROBES: i32 = 64; // the longest probe of a lookup
const KEY_BYTES: usize = 65536; // and 8 bytes of padding after them
// Records of one export have their members in one order: the key table's answer for
// the key at place k of an object of state s is remembered at slot (s, k), and the next
// object's key at that place, compared byte for byte, gets it without a hash and a probe.
const GUESS_SLOTS: i32 = 8192; // power of two; 16 bytes each: state + 1 (0: empty), action, key pointer, key length
const GUESS_PLACES: i32 = 32; // places k told apart per state; later members share the last
// Records of one export also repeat whole members that nobody reads (a device, a
// geography): the object or array skipped at place k of an object of state s is
// remembered at slot (s, k) of the skip table (as a guess: state + 1, misses, start,
// length, pointing into the range), and the next object's member there, when its bytes are
// the same, is the same complete value, checked already. Objects and arrays only: a
// number is not delimited by its own bytes.
const SKIP_MIN: i32 = 16; // shorter values are checked as quickly as compared
const SKIP_MISSES: i32 = 16; // misses (halved by each hit) after which a place is no longer compared in the range
const VALUE_SLOTS: i32 = 1 << 15; // power of two; 12 bytes each: hash, start, id (small enough to stay in cache)
const VALUE_LIMIT: i32 = 1 << 14; // values interned per range, later ones get id -1; at most half the slots, so that a probe ends
const VALUE_PROBES: i32 = 64; // the longest probe of a value's lookup (valueId)
// A member whose values are mostly new (a timestamp, an event id) is not interned for
// the rest of the range once INTERN_TRIAL of its values were: it would fill the table
// for nothing. Per node below NODE_LIMIT: values seen, values new.
const INTERN_TRIAL: i32 = 64;
const NODE_LIMIT: i32 = 4096;

let keyTable: usize = 0;
let guessTable: usize = 0;
let skipTable: usize = 0;
/** Where keyAction's key is kept in the key bytes (for a guess to point at), or 0 when it is not. */
let keptKeyPointer: usize = 0;
let keyBytes: usize = 0;
let keyBytesUsed: usize = 0;
let keyCount: i32 = 0;
let valueTable: usize = 0;
let valueCount: i32 = 0;
let nodeCounts: usize = 0;
/** Per node below NODE_LIMIT, its place among the time members plus 1, or 0 (setTimeNode). */
let timeNodes: usize = 0;
/** Per node below NODE_LIMIT, 1 when its string's text is no part of a line's class (setMetaNode), else 0. */
let metaNodes: usize = 0;
/** At most this many time members (places 0 … 7). */
const TIME_MEMBERS: i32 = 8;
/** The line's time members whose last value parsed (bit per place); their times, by place, at `lineTimes`. */
let lineTimeMask: u32 = 0;
let lineTimes: usize = 0;
// The day of the last time parsed (its first ten bytes, and its days since 1970-01-01):
// the times of an export fall on few days.
let lastDayHead: u64 = 0;
let lastDayTail: u16 = 0;
let lastDays: i64 = 0;
let input: usize = 0;
let tape: usize = 0;
let tapeCapacity: i32 = 0;
let tapeLength: i32 = 0;

/** The kind of the key/value entry's key being read (a STRING_ constant; STRING_NONE: not a string). */
let entryKeyKind: i32 = 0;
/** The place in its array of the key/value entry being read. */
let entryPlace: i32 = 0;
/** Set by entryKey() when an entry's key is one nobody asks for: the rest of it is only checked. */
let entryDropped: bool = false;

let pos: usize = 0;
let end: usize = 0;

/** How a time member's string of digits is read: 0 not here (JavaScript reads it), 1 epoch milliseconds, 2 epoch microseconds. */
let timeDigits: i32 = 0;

export function setTimeDigits(mode: i32): void {
  timeDigits = mode;
}

/** Makes member `node` one whose strings' texts are no part of a line's class (classifyLines(); after prepare() or reserveInput()). */
export function setMetaNode(node: i32): void {
  if (node < NODE_LIMIT) store<u8>(metaNodes + <usize>node, 1);
}

/** Makes member `node` the time member at `place` in the order (engine/events/json-projection, as decide() makes it; after prepare() or reserveInput()). */
export function setTimeNode(node: i32, place: i32): void {
  if (node < NODE_LIMIT && place < TIME_MEMBERS) store<u8>(timeNodes + <usize>node, <u8>(place + 1));
}

function ensureMemory(top: usize): void {
  const have = <usize>memory.size() << 16;
  if (top > have && memory.grow(<i32>((top - have + 0xffff) >> 16)) < 0) unreachable();
}

/** Room for `length` input bytes; returns where to write them. */
export function prepare(length: i32): usize {
  return prepareAt(0, length);
}

/** Where input bytes start when they are read in place (reserveInput(), prepareAt()). */
let inputBase: usize = 0;

/**
 * Room for input bytes read straight into memory, up to `capacity` of them from the
 * returned address, and for everything prepareAt() of them needs: memory does not grow
 * (and so views of it stay valid) until a larger reservation.
 */
export function reserveInput(capacity: i32): usize {
  layOut();
  ensureMemory(layOutRange(inputBase, capacity));
  return inputBase;
}

/** The tables' places in memory, once. */
function layOut(): void {
  if (keyTable == 0) {
    keyTable = (__heap_base + 15) & ~15;
    keyBytes = keyTable + <usize>KEY_SLOTS * 20;
    guessTable = (keyBytes + KEY_BYTES + 8 + 15) & ~15;
    skipTable = guessTable + <usize>GUESS_SLOTS * 16;
    valueTable = skipTable + <usize>GUESS_SLOTS * 16;
    nodeCounts = valueTable + <usize>VALUE_SLOTS * 12;
    timeNodes = nodeCounts + <usize>NODE_LIMIT * 16;
    metaNodes = timeNodes + <usize>NODE_LIMIT;
    lineTimes = metaNodes + <usize>NODE_LIMIT;
    inputBase = lineTimes + <usize>TIME_MEMBERS * 8;
    ensureMemory(inputBase);
    memory.fill(keyTable, 0, <usize>KEY_SLOTS * 20);
    memory.fill(guessTable, 0, <usize>GUESS_SLOTS * 16);
  }
}

/**
 * The tape's slots for `length` input bytes. Every operation on the tape stands for at
 * least as many input bytes as it has slots, but a line's: its OP_LINE (2 slots, for its
 * braces and newline) and its OP_LINE_TIME (4, for a parsed time member of at least 6
 * bytes besides its key's). A line with a time is at least 9 bytes (`{"":"1"}` and its
 * newline) for at most 11 slots, so a quarter more than the bytes is room enough.
 */
function tapeSlotsFor(length: i32): i32 {
  return length + (length >> 2) + 16;
}

/** Room for `length` input bytes at `offset` from inputBase (where they may be already); returns where they start. */
export function prepareAt(offset: i32, length: i32): usize {
  layOut();
  input = inputBase + <usize>offset;
  ensureMemory(layOutRange(input, length));
  memory.fill(input + <usize>length, 0, 16);
  return input;
}

/**
 * Places what a range of `length` input bytes at `at` needs after them, and returns
 * where it ends (reserveInput() reserves up to there for the largest range; prepareAt()
 * places each range's anew): the input's 16 bytes of padding, the tape, a class per line (at most one
 * a byte and one more), the class table, then the lines' class keys (classifyLines()):
 * no more words than the tape has slots, and 16 bytes after them that sameWords() may
 * read.
 */
function layOutRange(at: usize, length: i32): usize {
  tapeCapacity = tapeSlotsFor(length);
  tape = (at + <usize>length + 16 + 15) & ~15;
  lineClasses = (tape + (<usize>tapeCapacity << 2) + 15) & ~15;
  classTable = lineClasses + ((<usize>length + 2) << 2);
  classKeys = (classTable + <usize>CLASS_SLOTS * 12 + 15) & ~15;
  return classKeys + (<usize>tapeCapacity << 2) + 16;
}

export function tapePointer(): usize {
  return tape;
}

export function tapeSlots(): i32 {
  return tapeLength;
}

@inline function emit(value: i32): void {
  store<i32>(tape + (<usize>tapeLength << 2), value);
  tapeLength++;
}

/** An operation on member `node` onto the tape (its other slots follow), and its word onto the line's class key. */
@inline function emitOperation(op: i32, node: i32): void {
  emit(op);
  emit(node);
  classWord(operationWord(op, node));
}

/** An operation of one slot (OP_CLOSE, OP_ARRAY_END) onto the tape and the line's class key. */
@inline function emitEnd(op: i32): void {
  emit(op);
  classWord(op);
}

/** A hash of the bytes, 8 at a time (the bytes after them are readable: the input is padded, keys are copied padded). */
function hashBytes(pointer: usize, length: i32, seed: u64): u32 {
  let h: u64 = 0x9e3779b97f4a7c15 ^ seed ^ (<u64>length << 32);
  let i: i32 = 0;
  for (; i + 8 <= length; i += 8) h = (h ^ load<u64>(pointer + <usize>i)) * 0xff51afd7ed558ccd;
  if (i < length) h = (h ^ (load<u64>(pointer + <usize>i) & ((<u64>1 << (<u64>(length - i) << 3)) - 1))) * 0xc4ceb9fe1a85ec53;
  h ^= h >> 29;
  return <u32>(h ^ (h >> 32)) | 1;
}

/** Whether the bytes are equal (the 8 bytes after each are readable, as for hashBytes). */
function sameBytes(a: usize, b: usize, length: i32): bool {
  let i: i32 = 0;
  for (; i + 8 <= length; i += 8) if (load<u64>(a + <usize>i) != load<u64>(b + <usize>i)) return false;
  if (i == length) return true;
  return ((load<u64>(a + <usize>i) ^ load<u64>(b + <usize>i)) & ((<u64>1 << (<u64>(length - i) << 3)) - 1)) == 0;
}

/** sameBytes, sixteen at a time. */
function sameLongBytes(a: usize, b: usize, length: i32): bool {
  let i: i32 = 0;
  for (; i + 16 <= length; i += 16) if (v128.any_true(v128.xor(v128.load(a + <usize>i), v128.load(b + <usize>i)))) return false;
  return sameBytes(a + <usize>i, b + <usize>i, length - i);
}

/**
 * decide(), remembered per (state, key). When the table is half full or its key bytes
 * are used up (objects with ever new keys), it is emptied and fills again with the
 * keys met from then on, so a lookup stays a short probe.
 */
function keyAction(state: i32, pointer: usize, length: i32): i32 {
  const h = hashBytes(pointer, length, <u64>state);
  let slot = <i32>(h & <u32>(KEY_SLOTS - 1));
  keptKeyPointer = 0;
  for (let probes = 0; probes < KEY_PROBES; probes++) {
    const entry = keyTable + <usize>slot * 20;
    const entryHash = load<u32>(entry, 4);
    if (entryHash == 0) {
      const action = decideNode(state, pointer, length);
      if (<usize>length > KEY_BYTES) return action;
      if (keyCount >= KEY_SLOTS / 2 || keyBytesUsed + <usize>length > KEY_BYTES) {
        memory.fill(keyTable, 0, <usize>KEY_SLOTS * 20);
        // The guesses point into the key bytes, which fill again from their start.
        memory.fill(guessTable, 0, <usize>GUESS_SLOTS * 16);
        keyCount = 0;
        keyBytesUsed = 0;
        return action;
      }
      keyCount++;
      {
        memory.copy(keyBytes + keyBytesUsed, pointer, <usize>length);
        store<i32>(entry, state);
        store<u32>(entry, h, 4);
        store<i32>(entry, action, 8);
        store<i32>(entry, <i32>(keyBytes + keyBytesUsed), 12);
        store<i32>(entry, length, 16);
        keptKeyPointer = keyBytes + keyBytesUsed;
        keyBytesUsed += <usize>length;
      }
      return action;
    }
    if (entryHash == h && load<i32>(entry) == state && load<i32>(entry, 16) == length && sameBytes(<usize>load<i32>(entry, 12), pointer, length)) {
      keptKeyPointer = <usize>load<i32>(entry, 12);
      return load<i32>(entry, 8);
    }
    slot = (slot + 1) & (KEY_SLOTS - 1);
  }
  // A long cluster (rare below half full): asked again, not remembered.
  return decideNode(state, pointer, length);
}

/** Nodes are below this: a line's class words hold a node in 27 bits (operationWord()). */
const NODE_BOUND: i32 = 1 << 26;

/** decide(), giving up on a node past NODE_BOUND (the nodes are the rules' paths, never so many). */
function decideNode(state: i32, pointer: usize, keyLength: i32): i32 {
  const action = decide(state, pointer, keyLength);
  return action >= NODE_BOUND << 2 ? -2 : action;
}

/** Where the guess for the key at place `place` of an object of `state` is kept (in `table`: the guesses or the skipped values). */
@inline function guessSlot(state: i32, place: i32, table: usize = guessTable): usize {
  return table + (<usize>((state * GUESS_PLACES + min(place, GUESS_PLACES - 1)) & (GUESS_SLOTS - 1)) << 4);
}

/** keyAction for a key whose place's guess (at `guess`) did not match, remembered there. */
function keyActionGuessed(guess: usize, state: i32, pointer: usize, length: i32): i32 {
  const action = keyAction(state, pointer, length);
  if (keptKeyPointer != 0) {
    store<i32>(guess, state + 1);
    store<i32>(guess, action, 4);
    store<i32>(guess, <i32>keptKeyPointer, 8);
    store<i32>(guess, length, 12);
  }
  return action;
}

/**
 * valueId for member `node`'s value, or -1 when the node's values are mostly new. A
 * member's value is often its value on the line before (a user's events come together):
 * that value's bytes, a line back, are compared before the table's, far back in the range.
 */
function nodeValueId(node: i32, start: usize, length: i32): i32 {
  if (node >= NODE_LIMIT) return -1;
  // Per node: values seen, values new, and the last value's start (0: none) and id.
  const counts = nodeCounts + (<usize>node << 4);
  const seen = load<i32>(counts);
  const fresh = load<i32>(counts, 4);
  if (seen >= INTERN_TRIAL && fresh * 4 > seen * 3) return -1;
  store<i32>(counts, seen + 1);
  const last = <usize>load<i32>(counts, 8);
  // Equal bytes up to the last value's closing quote: the same string (no quote is unescaped inside one).
  if (last != 0 && load<u8>(last + <usize>length) == 34 && sameBytes(last, start, length)) return load<i32>(counts, 12);
  const before = valueCount;
  const id = valueId(start, length);
  if (valueCount != before) store<i32>(counts, fresh + 1, 4);
  store<i32>(counts, <i32>start, 8);
  store<i32>(counts, id, 12);
  return id;
}

/**
 * The range's number for these string bytes (equal bytes, equal number), or -1 past
 * VALUE_LIMIT, or when its slot is not within VALUE_PROBES of the hash's: strings can
 * be made to share a hash (it has no secret), and a range of them made every lookup
 * walk all the others. Entries never move, so a string numbered is always found within
 * the probes it took to place it; one not placed is never numbered, and -1 is no number
 * (as for a member of mostly new values): what reads it takes its text instead.
 */
function valueId(start: usize, length: i32): i32 {
  const h = hashBytes(start, length, 0);
  let slot = <i32>(h & <u32>(VALUE_SLOTS - 1));
  for (let probes = 0; probes < VALUE_PROBES; probes++) {
    const entry = valueTable + <usize>slot * 12;
    const entryHash = load<u32>(entry);
    if (entryHash == 0) {
      if (valueCount >= VALUE_LIMIT) return -1;
      store<u32>(entry, h);
      store<i32>(entry, <i32>(start - input), 4);
      store<i32>(entry, valueCount, 8);
      return valueCount++;
    }
    if (entryHash == h) {
      const other = input + <usize>load<i32>(entry, 4);
      // Equal bytes up to the closing quote: the other string is as long.
      if (load<u8>(other + <usize>length) == 34 && sameBytes(other, start, length)) return load<i32>(entry, 8);
    }
    slot = (slot + 1) & (VALUE_SLOTS - 1);
  }
  return -1;
}

@inline function skipWhitespace(): void {
  // Most tokens follow the one before without whitespace (the input is padded with zeros).
  if (load<u8>(pos) > 32) return;
  while (pos < end) {
    const c = load<u8>(pos);
    if (c != 32 && c != 9 && c != 13) break;
    pos++;
  }
}

// String results.
const STRING_INVALID: i32 = -1;
const STRING_ASCII: i32 = 0;
const STRING_UTF8: i32 = 1;
const STRING_ESCAPED: i32 = 2;
const STRING_NONE: i32 = 3;

/** The string whose opening quote is just before `pos`; leaves `pos` after its closing quote. */
function scanString(): i32 {
  let kind = STRING_ASCII;
  while (pos < end) {
    // Sixteen bytes at a time while none is special: `"`, `\`, a control byte or a
    // byte of a multi-byte sequence (negative as i8). The input is padded by 16 bytes.
    const v = v128.load(pos);
    const special = v128.or(v128.or(i8x16.eq(v, i8x16.splat(34)), i8x16.eq(v, i8x16.splat(92))), i8x16.lt_s(v, i8x16.splat(32)));
    const mask = i8x16.bitmask(special);
    if (mask == 0) {
      pos += 16;
      continue;
    }
    pos += <usize>ctz(mask);
    if (pos >= end) break;
    const c = <u32>load<u8>(pos);
    if (c == 34) {
      pos++;
      return kind;
    }
    if (c == 92) {
      kind = STRING_ESCAPED;
      if (pos + 1 >= end) return STRING_INVALID;
      const e = <u32>load<u8>(pos + 1);
      if (e == 117) {
        if (pos + 5 >= end) return STRING_INVALID;
        for (let k: usize = 2; k <= 5; k++) {
          const h = <u32>load<u8>(pos + k);
          const letter = h | 32; // A-F as a-f (and nothing else: the digits are tested unfolded)
          if (!((h >= 48 && h <= 57) || (letter >= 97 && letter <= 102))) return STRING_INVALID;
        }
        pos += 6;
      } else if (e == 34 || e == 92 || e == 47 || e == 98 || e == 102 || e == 110 || e == 114 || e == 116) {
        pos += 2;
      } else return STRING_INVALID;
      continue;
    }
    if (c < 32) return STRING_INVALID;
    // UTF-8 as the WHATWG decoder accepts it: no overlong forms, no surrogates, at most U+10FFFF.
    if (kind == STRING_ASCII) kind = STRING_UTF8;
    if (c >= 0xc2 && c <= 0xdf) {
      if (pos + 1 >= end || (<u32>load<u8>(pos + 1) & 0xc0) != 0x80) return STRING_INVALID;
      pos += 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      if (pos + 2 >= end) return STRING_INVALID;
      const c1 = <u32>load<u8>(pos + 1);
      const low: u32 = c == 0xe0 ? 0xa0 : 0x80;
      const high: u32 = c == 0xed ? 0x9f : 0xbf;
      if (c1 < low || c1 > high || (<u32>load<u8>(pos + 2) & 0xc0) != 0x80) return STRING_INVALID;
      pos += 3;
    } else if (c >= 0xf0 && c <= 0xf4) {
      if (pos + 3 >= end) return STRING_INVALID;
      const c1 = <u32>load<u8>(pos + 1);
      const low: u32 = c == 0xf0 ? 0x90 : 0x80;
      const high: u32 = c == 0xf4 ? 0x8f : 0xbf;
      if (c1 < low || c1 > high || (<u32>load<u8>(pos + 2) & 0xc0) != 0x80 || (<u32>load<u8>(pos + 3) & 0xc0) != 0x80) return STRING_INVALID;
      pos += 4;
    } else return STRING_INVALID;
  }
  return STRING_INVALID;
}

/** Digits from `pos`; their count. */
@inline function digits(): i32 {
  const start = pos;
  while (pos < end) {
    const c = load<u8>(pos);
    if (c < 48 || c > 57) break;
    pos++;
  }
  return <i32>(pos - start);
}

// scanNumber's answers.
const NUMBER_INVALID: i32 = 0;
const NUMBER_PLAIN: i32 = 1;
/** An integer token of 16 or more digits, which may lie beyond ±2^53: engine/events/exact-integers keeps such digits as text. */
const NUMBER_LONG_INTEGER: i32 = 2;

/** Set when scanNumber meets a NUMBER_LONG_INTEGER (a kept subtree holding one is quoted before JSON.parse). */
let longIntegerSeen: bool = false;

/** The JSON number at `pos`, moving past it. */
function scanNumber(): i32 {
  if (load<u8>(pos) == 45) pos++;
  if (pos >= end) return NUMBER_INVALID;
  const first = load<u8>(pos);
  let integerDigits = 1;
  if (first == 48) pos++;
  else if (first >= 49 && first <= 57) integerDigits = digits();
  else return NUMBER_INVALID;
  let integer = true;
  if (pos < end && load<u8>(pos) == 46) {
    pos++;
    if (digits() == 0) return NUMBER_INVALID;
    integer = false;
  }
  if (pos < end && (load<u8>(pos) | 32) == 101) {
    pos++;
    if (pos < end && (load<u8>(pos) == 43 || load<u8>(pos) == 45)) pos++;
    if (digits() == 0) return NUMBER_INVALID;
    integer = false;
  }
  if (integer && integerDigits >= 16) {
    longIntegerSeen = true;
    return NUMBER_LONG_INTEGER;
  }
  return NUMBER_PLAIN;
}

/** `true`, `false` or `null` at `pos`, given as the bytes after the first. */
function literal(rest: u32, length: i32): bool {
  if (pos + <usize>length > end) return false;
  for (let i = 1; i < length; i++) {
    if (<u32>load<u8>(pos + <usize>i) != ((rest >> (<u32>(i - 1) * 8)) & 0xff)) return false;
  }
  pos += <usize>length;
  return true;
}

const TRUE_REST: u32 = 0x657572; // "rue"
const FALSE_REST: u32 = 0x65736c61; // "alse"
const NULL_REST: u32 = 0x6c6c75; // "ull"

/** Past the opening bracket at `pos` and any whitespace; true, and past `close` too, when the container is empty. */
@inline function openedEmpty(close: u8): bool {
  pos++;
  skipWhitespace();
  if (pos < end && load<u8>(pos) == close) {
    pos++;
    return true;
  }
  return false;
}

// afterItem's answers.
const ITEM_NEXT: i32 = 0;
const ITEM_LAST: i32 = 1;
const ITEM_INVALID: i32 = 2;

/** After an array item or an object member: a `,` (another follows) or `close` (the container ends). */
@inline function afterItem(close: u8): i32 {
  skipWhitespace();
  if (pos >= end) return ITEM_INVALID;
  const next = load<u8>(pos++);
  if (next == close) return ITEM_LAST;
  return next == 44 ? ITEM_NEXT : ITEM_INVALID;
}

/** Checks the value at `pos` and moves past it, keeping nothing. */
function skipValue(depth: i32): bool {
  if (depth > MAX_DEPTH) return false;
  skipWhitespace();
  if (pos >= end) return false;
  const c = load<u8>(pos);
  if (c == 34) {
    pos++;
    return scanString() != STRING_INVALID;
  }
  if (c == 123) return members(-1, depth + 1);
  if (c == 91) {
    if (openedEmpty(93)) return true;
    while (true) {
      if (!skipValue(depth + 1)) return false;
      const after = afterItem(93);
      if (after != ITEM_NEXT) return after == ITEM_LAST;
    }
  }
  if (c == 116) return literal(TRUE_REST, 4);
  if (c == 102) return literal(FALSE_REST, 5);
  if (c == 110) return literal(NULL_REST, 4);
  return scanNumber() != NUMBER_INVALID;
}

/** skipValue for the object or array at `pos`, member at place `place` of an object of `state`, through the value remembered there. */
function skipRemembered(state: i32, place: i32, depth: i32): bool {
  skipWhitespace();
  if (pos >= end) return false;
  const remembered = guessSlot(state, place, skipTable);
  let misses = 0;
  if (load<i32>(remembered) == state + 1) {
    misses = load<i32>(remembered, 4);
    // A member whose values do not repeat is only checked for the rest of the range.
    if (misses >= SKIP_MISSES) return skipValue(depth);
    const length = load<i32>(remembered, 12);
    if (pos + <usize>length <= end && sameLongBytes(<usize>load<i32>(remembered, 8), pos, length)) {
      pos += <usize>length;
      store<i32>(remembered, misses >> 1, 4);
      return true;
    }
    misses++;
  }
  const start = pos;
  if (!skipValue(depth)) return false;
  const length = <i32>(pos - start);
  if (length >= SKIP_MIN) {
    store<i32>(remembered, state + 1);
    store<i32>(remembered, misses, 4);
    store<i32>(remembered, <i32>start, 8);
    store<i32>(remembered, length, 12);
  }
  return true;
}

/** Puts the string scanned from its opening quote at `start` to `pos` (valid, of `kind`) on the tape as member `node`. */
function emitString(node: i32, start: usize, kind: i32): void {
  if (kind == STRING_ESCAPED) {
    notATime(node);
    emitOperation(OP_ESCAPED, node);
    emit(<i32>start);
    emit(<i32>(pos - start));
    return;
  }
  const length = <i32>(pos - start) - 2;
  const id = nodeValueId(node, start + 1, length);
  emitOperation(kind == STRING_ASCII ? OP_ASCII : OP_UTF8, node);
  emit(id);
  if (!metaNode(node)) classWord(<u32>id);
  emit(<i32>(start + 1));
  emit(length);
  const place = timePlaceOf(node);
  if (place >= 0) {
    const time = kind == STRING_ASCII ? timeOf(start + 1, length) : NOT_COMMON;
    if (time != NOT_COMMON) {
      store<i64>(lineTimes + (<usize>place << 3), time);
      lineTimeMask |= <u32>1 << place;
    } else lineTimeMask &= ~(<u32>1 << place);
  }
}

/** The place of member `node` among the time members, or -1 when it is none. */
@inline function timePlaceOf(node: i32): i32 {
  return node < NODE_LIMIT ? <i32>load<u8>(timeNodes + <usize>node) - 1 : -1;
}

/** A time member's value that is no string: the line's time is not its. */
@inline function notATime(node: i32): void {
  const place = timePlaceOf(node);
  if (place >= 0) lineTimeMask &= ~(<u32>1 << place);
}

/** Not a time commonDateTime reads (the times it gives are at least year 0's, above this). */
const NOT_COMMON: i64 = i64.MIN_VALUE;
/** Far enough below zero that any digit sum with a non-digit stays negative (a year's four digits reach 9,999). */
const NOT_A_DIGIT: i32 = -1000000;

@inline function digitAt(at: usize): i32 {
  const d = <i32>load<u8>(at) - 48;
  return d >= 0 && d <= 9 ? d : NOT_A_DIGIT;
}

/**
 * The epoch milliseconds of the date-time text of `length` ASCII bytes at `text` in the
 * forms engine/events/event-time's parseCommonDateTime reads (YYYY-MM-DD, then T or a
 * space and HH:MM[:SS[.fraction]], then an optional Z; the fraction truncated to
 * milliseconds), or NOT_COMMON for anything else: another form, or a day or time of
 * day that does not exist (JavaScript parses those again and says why).
 */
function commonDateTime(text: usize, length: i32): i64 {
  if (length < 10 || load<u8>(text + 4) != 45 || load<u8>(text + 7) != 45) return NOT_COMMON;
  if (length == 10) {
    const days = dayOf(text);
    return days == NOT_COMMON ? NOT_COMMON : days * 86400000;
  }
  const separator = load<u8>(text + 10);
  if ((separator != 84 && separator != 32) || length < 16 || load<u8>(text + 13) != 58) return NOT_COMMON;
  // The day: its ten bytes the same as the last time's are the same (valid) day, read once.
  const head = load<u64>(text);
  const tail = load<u16>(text + 8);
  let days: i64;
  if (head == lastDayHead && tail == lastDayTail) {
    days = lastDays;
  } else {
    days = dayOf(text);
    if (days == NOT_COMMON) return NOT_COMMON;
    lastDayHead = head;
    lastDayTail = tail;
    lastDays = days;
  }
  let hour: i32;
  let minute: i32;
  let second = 0;
  let millisecond = 0;
  let at = 16;
  if (length >= 19 && load<u8>(text + 16) == 58) {
    // HH:MM:SS as eight bytes at once: the colons made zeros, every byte a digit (simdjson's test).
    const clock = (load<u64>(text + 11) & ~(<u64>0xff0000ff0000)) | <u64>0x300000300000;
    if (((clock & 0xf0f0f0f0f0f0f0f0) | (((clock + 0x0606060606060606) & 0xf0f0f0f0f0f0f0f0) >> 4)) != 0x3333333333333333) return NOT_COMMON;
    const digits = clock - 0x3030303030303030;
    hour = <i32>(digits & 0xff) * 10 + <i32>((digits >> 8) & 0xff);
    minute = <i32>((digits >> 24) & 0xff) * 10 + <i32>((digits >> 32) & 0xff);
    second = <i32>((digits >> 48) & 0xff) * 10 + <i32>(digits >> 56);
    if (hour > 23 || minute > 59 || second > 59) return NOT_COMMON;
    at = 19;
    if (at < length && load<u8>(text + <usize>at) == 46) {
      at++;
      const first = at;
      while (at < length) {
        const d = digitAt(text + <usize>at);
        if (d < 0) break;
        // Digits past the third are read and dropped (truncation).
        if (at - first < 3) millisecond = millisecond * 10 + d;
        at++;
      }
      if (at == first) return NOT_COMMON;
      // Fewer than three digits are tenths or hundredths.
      if (at - first == 1) millisecond *= 100;
      else if (at - first == 2) millisecond *= 10;
    }
  } else {
    hour = digitAt(text + 11) * 10 + digitAt(text + 12);
    minute = digitAt(text + 14) * 10 + digitAt(text + 15);
    if (hour < 0 || minute < 0 || hour > 23 || minute > 59) return NOT_COMMON;
    // HH:MM, then (at 16) the end, a Z, or what is no common form (a ':' cut short among it).
  }
  if (at == length - 1 && load<u8>(text + <usize>at) == 90) at++;
  if (at != length) return NOT_COMMON;
  return days * 86400000 + <i64>hour * 3600000 + <i64>minute * 60000 + <i64>second * 1000 + <i64>millisecond;
}

/** The time of the ASCII text of `length` bytes at `text` (a common date-time, or digits as timeDigits says), or NOT_COMMON. */
function timeOf(text: usize, length: i32): i64 {
  const time = commonDateTime(text, length);
  return time != NOT_COMMON || timeDigits == 0 ? time : digitsTime(text, length);
}

/**
 * A string of 1 to 18 digits as engine/events/event-time reads it: epoch milliseconds
 * as the number they are, at most 8.64e15 (parseEventTime); epoch microseconds as the
 * whole milliseconds, their last three digits cut (commonMicroseconds). 18 digits fit an
 * i64 and stay below 2^53 as milliseconds. Anything else is NOT_COMMON.
 */
function digitsTime(text: usize, length: i32): i64 {
  if (length < 1 || length > 18) return NOT_COMMON;
  let value: i64 = 0;
  for (let k = 0; k < length; k++) {
    const d = digitAt(text + <usize>k);
    if (d < 0) return NOT_COMMON;
    value = value * 10 + <i64>d;
  }
  if (timeDigits == 2) return value / 1000;
  return value <= 8640000000000000 ? value : NOT_COMMON;
}

/** The days since 1970-01-01 of the date YYYY-MM-DD at `text` (its dashes checked), or NOT_COMMON for no such day. */
function dayOf(text: usize): i64 {
  const year = digitAt(text) * 1000 + digitAt(text + 1) * 100 + digitAt(text + 2) * 10 + digitAt(text + 3);
  const month = digitAt(text + 5) * 10 + digitAt(text + 6);
  const day = digitAt(text + 8) * 10 + digitAt(text + 9);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NOT_COMMON;
  return daysFromCivil(year, month, day);
}

function daysInMonth(year: i32, month: i32): i32 {
  if (month == 2) return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
  return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil), as event-time's daysFromCivil. */
function daysFromCivil(year: i32, month: i32, day: i32): i64 {
  const y = month <= 2 ? year - 1 : year;
  // Division rounding down: y is -1 for January and February of year 0.
  const era = (y >= 0 ? y : y - 399) / 400;
  const yearOfEra = y - era * 400;
  const dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
  return <i64>era * 146097 + <i64>dayOfEra - 719468;
}

/** The value at `pos` of a kept member `node`, kept as `mode` says. */
function keptValue(node: i32, mode: i32, depth: i32): bool {
  skipWhitespace();
  if (pos >= end) return false;
  const c = load<u8>(pos);
  const start = pos;
  if (c == 34) {
    pos++;
    const kind = scanString();
    if (kind == STRING_INVALID) return false;
    emitString(node, start, kind);
    return true;
  }
  notATime(node);
  if (c == 91 && mode == MODE_ENTRIES) return entries(node, depth);
  if (c == 123 && (mode == MODE_PROJECTED || mode == MODE_ENTRIES)) {
    emitOperation(OP_OPEN, node);
    if (!members(node, depth + 1)) return false;
    emitEnd(OP_CLOSE);
    return true;
  }
  if (c == 123 || c == 91) {
    longIntegerSeen = false;
    if (!skipValue(depth)) return false;
    emitOperation(longIntegerSeen ? OP_RAW_LONG_INTEGERS : OP_RAW, node);
    emit(<i32>start);
    emit(<i32>(pos - start));
    return true;
  }
  let op = OP_NUMBER;
  if (c == 116) {
    if (!literal(TRUE_REST, 4)) return false;
    op = OP_TRUE;
  } else if (c == 102) {
    if (!literal(FALSE_REST, 5)) return false;
    op = OP_FALSE;
  } else if (c == 110) {
    if (!literal(NULL_REST, 4)) return false;
    op = OP_NULL;
  } else {
    const number = scanNumber();
    if (number == NUMBER_INVALID) return false;
    if (number == NUMBER_LONG_INTEGER) op = OP_LONG_INTEGER;
  }
  emitOperation(op, node);
  if (op == OP_NUMBER || op == OP_LONG_INTEGER) {
    emit(<i32>start);
    emit(<i32>(pos - start));
  }
  return true;
}

/**
 * The value at `pos` of a key/value entry's `key` member `node`: kept, unless it is a
 * string that no lookup asks for (asked of `keysState` by the entry's place in its
 * array), which sets entryDropped instead. Sets entryKeyKind.
 */
function entryKey(node: i32, keysState: i32, depth: i32): bool {
  skipWhitespace();
  entryDropped = false;
  entryKeyKind = STRING_NONE;
  if (pos >= end || load<u8>(pos) != 34) return keptValue(node, MODE_WHOLE, depth);
  const start = pos;
  pos++;
  const kind = scanString();
  if (kind == STRING_INVALID) return false;
  entryKeyKind = kind;
  if (kind == STRING_ESCAPED) {
    // Kept for JavaScript to compare: its name is not its bytes.
    emitString(node, start, kind);
    return true;
  }
  const length = <i32>(pos - start) - 2;
  const guess = guessSlot(keysState, entryPlace);
  const action =
    load<i32>(guess) == keysState + 1 && load<i32>(guess, 12) == length && sameBytes(<usize>load<i32>(guess, 8), start + 1, length)
      ? load<i32>(guess, 4)
      : keyActionGuessed(guess, keysState, start + 1, length);
  if (action < 0) {
    entryDropped = true;
    return true;
  }
  emitString(node, start, kind);
  return true;
}

/**
 * The key/value array at `pos` (its `[`) of member `node`: its object entries whose
 * key a lookup may ask for, in order. An entry whose key is no string cannot match one;
 * an escaped key is kept for JavaScript to compare.
 */
function entries(node: i32, depth: i32): bool {
  if (depth > MAX_DEPTH) return false;
  emitOperation(OP_ARRAY, node);
  if (openedEmpty(93)) {
    emitEnd(OP_ARRAY_END);
    return true;
  }
  let place = 0;
  while (true) {
    skipWhitespace();
    if (pos < end && load<u8>(pos) == 123) {
      const mark = tapeLength;
      const keyMark = classKeyLength;
      const hashMark = lineHash;
      entryPlace = place++;
      emitOperation(OP_OPEN, node + 1);
      entryKeyKind = STRING_NONE;
      entryDropped = false;
      // An entry's value is no object of an export's repeated shape (its key tells what it holds).
      if (!members(node + 1, depth + 1, false)) return false;
      // members() asked for the entry's (last) key as it read it; an escaped key is kept for JavaScript to compare.
      const keep = entryKeyKind == STRING_ESCAPED || ((entryKeyKind == STRING_ASCII || entryKeyKind == STRING_UTF8) && !entryDropped);
      if (keep) {
        emitEnd(OP_CLOSE);
      } else {
        tapeLength = mark;
        classKeyLength = keyMark;
        lineHash = hashMark;
      }
    } else if (!skipValue(depth + 1)) {
      return false;
    }
    const after = afterItem(93);
    if (after == ITEM_INVALID) return false;
    if (after == ITEM_LAST) break;
  }
  emitEnd(OP_ARRAY_END);
  return true;
}

/** The object at `pos` (its `{`); `state` -1: nothing in it is kept; `remembers`: its skipped objects and arrays are compared with the record before's (skipRemembered). */
function members(state: i32, depth: i32, remembers: bool = true): bool {
  if (depth > MAX_DEPTH) return false;
  if (openedEmpty(125)) return true;
  let place = 0;
  // A key/value entry whose `key` nobody asks for: its other members are only checked.
  let dropped = false;
  while (true) {
    skipWhitespace();
    if (pos >= end || load<u8>(pos) != 34) return false;
    pos++;
    const keyStart = pos;
    let action: i32 = -1;
    const here = place++;
    const guess = state < 0 || dropped ? 0 : guessSlot(state, here);
    // The key the guess remembers, its bytes then a quote, is that key: a remembered key
    // has no escape (members() gives up on those) and was checked as it was first read.
    const guessedLength = guess == 0 || load<i32>(guess) != state + 1 ? -1 : load<i32>(guess, 12);
    if (guessedLength >= 0 && pos + <usize>guessedLength < end && load<u8>(pos + <usize>guessedLength) == 34 && sameBytes(<usize>load<i32>(guess, 8), pos, guessedLength)) {
      pos += <usize>guessedLength + 1;
      action = load<i32>(guess, 4);
      skipWhitespace();
      if (pos >= end || load<u8>(pos) != 58) return false;
      pos++;
    } else {
      const kind = scanString();
      if (kind == STRING_INVALID) return false;
      // An escaped key is the JSON.parse path's (its name is not its bytes).
      if (state >= 0 && kind == STRING_ESCAPED) return false;
      const keyLength = <i32>(pos - 1 - keyStart);
      skipWhitespace();
      if (pos >= end || load<u8>(pos) != 58) return false;
      pos++;
      // A second `key` would be the entry's key (the last one wins): the JSON.parse path's.
      if (dropped && keyLength == 3 && load<u8>(keyStart) == 107 && load<u8>(keyStart + 1) == 101 && load<u8>(keyStart + 2) == 121) return false;
      if (guess != 0) action = keyActionGuessed(guess, state, keyStart, keyLength);
    }
    if (action == -1) {
      skipWhitespace();
      // Only an object or an array is remembered (skipRemembered); anything else is checked.
      const opens = pos < end && (load<u8>(pos) | 32) == 123;
      if (!(state >= 0 && opens && remembers ? skipRemembered(state, here, depth) : skipValue(depth))) return false;
    } else if (action < -1) {
      return false;
    } else {
      const mode = action & 3;
      if (mode == MODE_ENTRY_KEY) {
        // The entry-keys state is the entry state's next (entries()).
        if (!entryKey(action >> 2, state + 1, depth)) return false;
        dropped = entryDropped;
      } else if (!keptValue(action >> 2, mode, depth)) return false;
    }
    const after = afterItem(125);
    if (after != ITEM_NEXT) return after == ITEM_LAST;
  }
}

/**
 * Scans the `length` bytes at prepare()'s or prepareAt()'s pointer: whole lines,
 * LF-ended but the last. Returns the number of lines (blank ones too), or -1 when the
 * range must be read the other way.
 */
export function scan(length: i32): i32 {
  tapeLength = 0;
  classKeyLength = 0;
  valueCount = 0;
  // The skipped values of the range before point into its bytes.
  memory.fill(skipTable, 0, <usize>GUESS_SLOTS * 16);
  memory.fill(valueTable, 0, <usize>VALUE_SLOTS * 12 + <usize>NODE_LIMIT * 16);
  end = input + <usize>length;
  pos = input;
  let line = 0;
  while (pos < end) {
    line++;
    skipWhitespace();
    if (pos < end && load<u8>(pos) != 10) {
      if (load<u8>(pos) != 123) return -1;
      emit(OP_LINE);
      emit(line);
      startLineKey();
      lineTimeMask = 0;
      if (!members(0, 1)) return -1;
      skipWhitespace();
      if (pos < end && load<u8>(pos) != 10) return -1;
      if (lineTimeMask != 0) {
        // Its 4 slots come with a parsed time member (at least 16 bytes) on a tape entry of 5.
        const place = <i32>ctz(lineTimeMask);
        const time = load<i64>(lineTimes + (<usize>place << 3));
        emit(OP_LINE_TIME);
        // |time| < 2^53: the part above the low 22 bits fits an i32.
        emit(<i32>(time & TIME_LOW_MASK));
        emit(<i32>(time >> TIME_LOW_BITS));
        const places = place | <i32>(lineTimeMask << 8);
        emit(places);
        classWord(operationWord(OP_LINE_TIME, places));
      }
      endLineKey();
      if (tapeLength > tapeCapacity) unreachable();
    }
    pos++;
  }
  return line;
}

// Line classes: the lines of a range whose operations are the same, but for the texts
// of the members setMetaNode() named and the values of numbers, escaped strings and
// members kept whole. Strings are the same by value id (in a range, the same text), a
// time operation by its place and the places whose value parsed, not its time.
// engine/events/json-projection.ts works out a line's record shape once per class in a
// range: for its rules every line of a class has the first one's shape, and its
// metadata at the same places.
//
// As scan() puts a line's operations on the tape, it writes the line's class key (when
// setLineClasses() asked for them): a word per operation (its op and node, or its op),
// and after a string's the value id unless its member is a metadata one; the key is
// hashed as it is written. Two lines are of one class exactly when their keys are
// equal (a word's op says whether a value id follows), so classifyLines() compares
// words, not operations, and reads no tape.
const CLASS_SLOTS: i32 = 1 << 15; // power of two; 12 bytes each: hash, the first line's key + 1 (0: empty), class
const CLASS_LIMIT: i32 = 1 << 13; // classes per range; the lines of any more have class -1 (at most a quarter of the slots)
const CLASS_PROBES: i32 = 64; // the longest probe of a class's lookup: its lines' keys have no secret hash
// Keys of one length can be made to share the hash whatever its seed (it is a rotate and
// xor per word: two values 32 words apart swap without changing it), and each such key
// met costs a comparison of whole keys: after this many keys of the line's hash that
// are not its key, the line has no class. Keys that share a hash by chance are rare.
const CLASS_HASH_MISSES: i32 = 4;
const CLASS_SEED: u32 = 0x2545f491;
let lineClasses: usize = 0;
let classTable: usize = 0;
/** Per line: its key's length in words and its hash, then its words. */
let classKeys: usize = 0;
let classKeyLength: i32 = 0;
let lineKeyStart: i32 = 0;
let lineHash: u32 = 0;
let classing: bool = false;

/** Whether scan() writes the lines' class keys (for classifyLines()). */
export function setLineClasses(on: i32): void {
  classing = on != 0;
}

/** Where classifyLines() writes each tape line's class, in tape order. */
export function lineClassesPointer(): usize {
  return lineClasses;
}

@inline function metaNode(node: i32): bool {
  return <u32>node < <u32>NODE_LIMIT && load<u8>(metaNodes + <usize>node) != 0;
}

/** An operation's word in a class key: the op (below 32) and its node (below NODE_BOUND + 2) or its time places. */
@inline function operationWord(op: i32, node: i32): u32 {
  return <u32>op | (<u32>node << 5);
}

/** The next word of the line's class key. A rotate and xor per word (no multiply waits on the one before), mixed once at the end. */
@inline function classWord(word: u32): void {
  if (!classing) return;
  store<u32>(classKeys + (<usize>classKeyLength << 2), word);
  classKeyLength++;
  lineHash = rotl<u32>(lineHash, 7) ^ word;
}

@inline function startLineKey(): void {
  if (!classing) return;
  lineKeyStart = classKeyLength;
  classKeyLength += 2;
  lineHash = CLASS_SEED;
}

@inline function endLineKey(): void {
  if (!classing) return;
  let hash = lineHash;
  hash = (hash ^ (hash >> 16)) * 0x85ebca6b;
  hash = (hash ^ (hash >> 13)) * 0xc2b2ae35;
  const header = classKeys + (<usize>lineKeyStart << 2);
  store<i32>(header, classKeyLength - lineKeyStart - 2);
  store<u32>(header, hash ^ (hash >> 16), 4);
}

/** Whether the class keys of `length` words at words `a` and `b` are equal. */
@inline function sameWords(a: i32, b: i32, length: i32): bool {
  return sameLongBytes(classKeys + (<usize>a << 2), classKeys + (<usize>b << 2), length << 2);
}

/**
 * Writes each tape line's class (lineClassesPointer(), in tape order) from the class
 * keys scan() wrote: classes are numbered from 0 in order of first line, -1 for a line
 * past CLASS_LIMIT classes, whose class is not within CLASS_PROBES of its hash's slot,
 * or past CLASS_HASH_MISSES other keys of its hash (engine/events/json-projection works
 * such a line's shape out itself). Returns the
 * number of lines on the tape. Lines of one visit come together: a line is compared
 * with the one before first.
 */
export function classifyLines(): i32 {
  memory.fill(classTable, 0, <usize>CLASS_SLOTS * 12);
  let classes: i32 = 0;
  let lines: i32 = 0;
  let previousKey: i32 = 0;
  let previousLength: i32 = -1;
  let previousHash: u32 = 0;
  let previousClass: i32 = -1;
  let k: i32 = 0;
  while (k < classKeyLength) {
    const header = classKeys + (<usize>k << 2);
    const length = load<i32>(header);
    const hash = load<u32>(header, 4);
    const key = k + 2;
    let lineClass: i32 = -1;
    if (previousClass >= 0 && hash == previousHash && length == previousLength && sameWords(previousKey, key, length)) {
      lineClass = previousClass;
    } else {
      let misses = 0;
      let slot = <i32>(hash & <u32>(CLASS_SLOTS - 1));
      // As for values (valueId): a class not found nor placed within CLASS_PROBES has none (-1).
      for (let probes = 0; probes < CLASS_PROBES; probes++) {
        const entry = classTable + <usize>slot * 12;
        const first = load<i32>(entry, 4);
        if (first == 0) {
          if (classes < CLASS_LIMIT) {
            store<u32>(entry, hash);
            store<i32>(entry, key + 1, 4);
            store<i32>(entry, classes, 8);
            lineClass = classes++;
          }
          break;
        }
        if (load<u32>(entry) == hash) {
          if (load<i32>(classKeys + (<usize>(first - 3) << 2)) == length && sameWords(first - 1, key, length)) {
            lineClass = load<i32>(entry, 8);
            break;
          }
          if (++misses == CLASS_HASH_MISSES) break;
        }
        slot = (slot + 1) & (CLASS_SLOTS - 1);
      }
    }
    store<i32>(lineClasses + (<usize>lines << 2), lineClass);
    lines++;
    previousKey = key;
    previousLength = length;
    previousHash = hash;
    previousClass = lineClass;
    k = key + length;
  }
  return lines;
}
