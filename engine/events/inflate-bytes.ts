// Decompression without Node (the web build: github.dev, vscode.dev), with fflate,
// from bytes held in memory: `.gz` samples and zip entries (./zip-bytes-reader).
// Output is streamed a slice of input at a time, so expanded text is never held whole.
//
// Why fflate and not the browser's DecompressionStream: Chromium's refuses
// concatenated gzip members ("Junk found after end of compressed data"), which
// Node's gunzip and the CLI read as one stream; fflate reads them, runs the same in
// Node and in a web worker (so the tests compare the web readers with the Node
// readers in Node), and throws while it is given a slice, so a damaged stream is
// placed within one slice of the compressed bytes, as ./gzip-reader does with zlib.
//
// fflate's own gunzip checks neither a member's header (reserved flags, the header
// CRC) nor its trailer (CRC-32, length), reads the last 8 bytes as a trailer however
// the data ended, and refuses the zero padding gzip allows: so gzip's framing is read
// here (./gzip-member), member by member, and only each member's deflate data is
// given to fflate's raw inflater, which then says where that data ended.
//
// What comes out before damage is what the Node reader hands on (./inflate-buffers):
// zlib works each 64 KiB slice in calls that end where the slice is used up or its
// output buffer is full, and Node hands on each call's output, not the failing one's.
// fflate drops all it decoded of a slice it fails in, so a slice's output is held
// until the slice is read; at a failure the slice is inflated again from a copy of the
// inflater's state, in parts, to find where zlib's last whole call ended: the output
// up to there is handed on, and the error names the bytes from there, as zlib does.

import { Inflate } from 'fflate';
import { crc32 } from './crc32';
import { EventFileError } from './event-format';
import { describeRange, type DamageRange } from './damage-range';
import { expansionError } from './expansion-limit';
import { firstNonZero, gzipDataStart, GzipHeaderError, paddingDamage } from './gzip-member';
import { entryOutputChunkFor, gzipOutputChunkFor, INPUT_SLICE } from './inflate-buffers';

const TRUNCATED = 'the data ends early (truncated)';

/**
 * Decompresses the gzip stream `bytes` (every member, in order, then optional zero
 * padding to the end); `where` names it in errors. Throws once more than `limit` bytes
 * came out. `compressedSize`: as the Node reader is given it (a zip entry's), which
 * sizes zlib's output buffer there.
 */
export async function* gunzipBytes(bytes: Uint8Array, where: string, limit: number, onProgress?: (read: number) => void, compressedSize?: number): AsyncGenerator<Uint8Array> {
  const stream = new SlicedInflate(bytes, where, limit, gzipOutputChunkFor(compressedSize), (range, reason) =>
    new EventFileError(`${where}: damaged gzip data ${describeRange(range, 'compressed')}: ${reason}`),
  );
  const end = bytes.length;
  let at = 0;
  do {
    let dataStart: number;
    try {
      dataStart = gzipDataStart(bytes, at);
    } catch (error) {
      if (!(error instanceof GzipHeaderError)) throw error;
      return yield* stream.fail(error.truncated ? end : error.offset, error.message);
    }
    let crc = 0;
    let length = 0;
    const deflateEnd = yield* stream.inflate(dataStart, onProgress, (chunk) => {
      crc = crc32(chunk, crc);
      length += chunk.length;
    });
    at = deflateEnd + 8;
    if (at > end) return yield* stream.fail(end, TRUNCATED);
    const trailer = new DataView(bytes.buffer, bytes.byteOffset + deflateEnd, 8);
    if (trailer.getUint32(0, true) !== crc) return yield* stream.fail(at - 1, 'incorrect data check');
    if (trailer.getUint32(4, true) !== length % 2 ** 32) return yield* stream.fail(at - 1, 'incorrect length check');
    if (bytes[at] === 0) {
      yield* stream.flush();
      const garbage = firstNonZero(bytes, at);
      if (garbage !== -1) throw stream.damaged({ from: garbage, to: garbage }, paddingDamage(at));
      at = end;
    }
  } while (at < end);
  onProgress?.(end);
  yield* stream.flush();
}

/**
 * Raw deflate (a zip entry's data); `damaged` words the error from the bytes where it
 * was found. `expandedSize`: the size the entry records, as the Node reader is given it.
 */
export async function* inflateRawBytes(
  bytes: Uint8Array,
  where: string,
  limit: number,
  damaged: (range: DamageRange, reason: string) => EventFileError,
  onProgress?: (read: number) => void,
  expandedSize?: number,
): AsyncGenerator<Uint8Array> {
  const stream = new SlicedInflate(bytes, where, limit, entryOutputChunkFor(expandedSize), damaged);
  // Bytes after the end of the deflate data are not read, as zlib stops there too.
  yield* stream.inflate(0, onProgress);
  yield* stream.flush();
}

/** One push of compressed bytes to fflate within a slice: a member's part of it. */
interface Part {
  /** Where the part begins, in the input and in the stream's output. */
  input: number;
  output: number;
  /** Where the part's input ends (the slice's end, or the end of its deflate data). */
  end: number;
  /** fflate's state before the part, to inflate it again (undefined when it cannot be copied). */
  state: InflaterState | undefined;
}

/** A compressed stream read in the slices zlib is given, its output held until each slice is read. */
class SlicedInflate {
  /** The stream's output so far, and how much of it was handed on: the rest came from the slice being read. */
  private produced = 0;
  private handedOn = 0;
  private pending: Uint8Array[] = [];
  /** Where the slice being read starts, and the parts pushed of it. */
  private slice = 0;
  private parts: Part[] = [];

  constructor(
    private readonly bytes: Uint8Array,
    private readonly where: string,
    private readonly limit: number,
    /** zlib's output buffer in the Node reader of the same bytes. */
    private readonly outputChunk: number,
    readonly damaged: (range: DamageRange, reason: string) => EventFileError,
  ) {}

  /**
   * Inflates the deflate data starting at `from`, slice by slice, and returns the
   * offset where it ended (past its final block); the output of the slice it ended in
   * is still held.
   */
  async *inflate(from: number, onProgress?: (read: number) => void, onChunk?: (chunk: Uint8Array) => void): AsyncGenerator<Uint8Array, number> {
    const inflater = new Inflate((chunk) => {
      this.pending.push(chunk);
      this.produced += chunk.length;
      if (this.produced > this.limit) throw new ExpansionStop();
      onChunk?.(chunk);
    });
    const end = this.bytes.length;
    for (let start = from; ; ) {
      yield* this.reach(start);
      const to = Math.min(end, this.slice + INPUT_SLICE);
      const part: Part = { input: start, output: this.produced, end: to, state: stateOf(inflater) };
      this.parts.push(part);
      let ended: number | undefined;
      try {
        inflater.push(this.bytes.subarray(start, to), false);
        ended = deflateEnd(inflater, to);
      } catch (error) {
        if (error instanceof ExpansionStop) {
          // Node hands on zlib's calls as the limit counts them: those that end within it.
          yield* this.handOn(Math.max(this.handedOn, this.outputChunk * Math.floor(this.limit / this.outputChunk)));
          throw expansionError(this.where, this.limit);
        }
        // fflate dropped what it decoded of the part: the output of the part up to where it failed is found again.
        return yield* this.fail(start, fflateReason(error), part.output + this.decodedBefore(part));
      }
      onProgress?.(ended ?? to);
      if (ended !== undefined) {
        part.end = ended;
        return ended;
      }
      // The slice was read whole without fault: its output is handed on (once the
      // next slice is reached), and only then does the end of the input show the data is cut short.
      if (to === end) return yield* this.fail(end, TRUNCATED);
      start = to;
    }
  }

  /** Hands on all the output held. */
  *flush(): Generator<Uint8Array> {
    yield* this.handOn(this.produced);
  }

  /**
   * Throws the damage found at input `offset` (the end of the input: data cut short)
   * once zlib's output before it is handed on: every slice before the one holding
   * `offset`, and of that slice the calls that ended before the one that found the
   * damage, `produced` bytes into the stream's output (fflate's count where it failed;
   * all the output so far when the damage is in gzip's framing).
   */
  *fail(offset: number, reason: string, produced = this.produced): Generator<Uint8Array, never> {
    const end = this.bytes.length;
    yield* this.reach(offset);
    if (offset >= end) {
      yield* this.flush();
      throw this.damaged({ from: end, to: end }, reason);
    }
    const sliceEnd = Math.min(end, this.slice + INPUT_SLICE);
    // A call ends where its buffer is full only when output comes after it: the last such place before `produced`.
    const lastCallEnd = this.outputChunk * Math.floor((produced - 1) / this.outputChunk);
    const from = lastCallEnd > this.handedOn ? this.inputWhereOutputReaches(lastCallEnd + 1) : undefined;
    if (from === undefined) throw this.damaged({ from: this.slice, to: sliceEnd }, reason);
    yield* this.handOn(lastCallEnd);
    throw this.damaged({ from, to: sliceEnd }, reason);
  }

  /** The slice holding input `offset` is reached: the output of the slices before it is handed on, as zlib's calls there ended. */
  private *reach(offset: number): Generator<Uint8Array> {
    const slice = offset - (offset % INPUT_SLICE);
    if (slice === this.slice) return;
    yield* this.flush();
    this.slice = slice;
    this.parts = [];
  }

  /**
   * Hands on the output held up to `upTo` bytes into the stream's output, in zlib's
   * chunks: a call's output ends at the end of a slice and where the buffer is full,
   * a multiple of its size (what a consumer counts, the expansion limit or a zip
   * entry's size, then sees the same chunks).
   */
  private *handOn(upTo: number): Generator<Uint8Array> {
    let at = this.handedOn;
    let call: Uint8Array[] = [];
    for (const chunk of this.pending) {
      for (let offset = 0; offset < chunk.length && at < upTo; ) {
        const callEnd = Math.min(upTo, (Math.floor(at / this.outputChunk) + 1) * this.outputChunk);
        const length = Math.min(chunk.length - offset, callEnd - at);
        call.push(chunk.subarray(offset, offset + length));
        offset += length;
        at += length;
        if (at === callEnd) {
          yield joined(call);
          call = [];
        }
      }
    }
    if (call.length > 0) yield joined(call);
    this.pending = [];
    this.handedOn = upTo;
  }

  /**
   * The least input offset by which the stream's output reaches `target` bytes: where
   * zlib stopped when its buffer filled (it stops at the first symbol whose output has
   * no room, having read it whole). Found by inflating a part again from its state on
   * ever shorter inputs; undefined when fflate's state cannot be copied.
   */
  private inputWhereOutputReaches(target: number): number | undefined {
    const part = [...this.parts].reverse().find((candidate) => candidate.output < target);
    if (part?.state === undefined) return undefined;
    // A failure counts as reached: the output before it goes past `target`.
    let [low, high] = [part.input + 1, part.end];
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      const decoded = inflateAgain(part.state, this.bytes.subarray(part.input, middle));
      if (decoded === undefined || part.output + decoded >= target) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  /** How much of its output fflate decodes from the part before it fails (0 when its state cannot be copied). */
  private decodedBefore(part: Part): number {
    if (part.state === undefined) return 0;
    // The longest input the part decodes without failing: fflate fails on the same bytes in any input that holds them.
    let [low, high] = [part.input, part.end];
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (inflateAgain(part.state, this.bytes.subarray(part.input, middle)) === undefined) high = middle - 1;
      else low = middle;
    }
    return inflateAgain(part.state, this.bytes.subarray(part.input, low)) ?? 0;
  }
}

function joined(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const whole = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    whole.set(part, at);
    at += part.length;
  }
  return whole;
}

/**
 * fflate's raw inflater keeps its unread input (`p`) and its bit position in it
 * (`s.p`), and marks the final block done (`s.f` set, no block under way in `s.l`):
 * its own gunzip finds a member's trailer from them, and no public API says where the
 * deflate data ended. `pushed` is the offset just past the bytes given to it so far.
 */
function deflateEnd(inflater: Inflate, pushed: number): number | undefined {
  const { s: state, p: unread } = inflater as unknown as { s: { f?: number; l?: unknown; p?: number }; p: Uint8Array };
  if (!state.f || state.l) return undefined;
  return pushed - unread.length + (((state.p ?? 0) + 7) >> 3);
}

/**
 * fflate's inflater as it is between pushes: its state record `s` (changed in place,
 * so copied), its window of past output `o` and unread input `p` (both replaced by
 * each push, never written into).
 */
interface InflaterState {
  s: Record<string, unknown>;
  o: Uint8Array;
  p: Uint8Array;
}

function stateOf(inflater: Inflate): InflaterState | undefined {
  const { s, o, p } = inflater as unknown as Partial<InflaterState>;
  if (typeof s !== 'object' || s === null || !(o instanceof Uint8Array) || !(p instanceof Uint8Array)) return undefined;
  return { s: { ...s }, o, p };
}

/** The bytes of output an inflater in `state` gives for `input`, or undefined when it fails on it. */
function inflateAgain(state: InflaterState, input: Uint8Array): number | undefined {
  let decoded = 0;
  const inflater = new Inflate((chunk) => (decoded += chunk.length));
  Object.assign(inflater, { s: { ...state.s }, o: state.o, p: state.p });
  try {
    inflater.push(input, false);
  } catch {
    return undefined;
  }
  return decoded;
}

/** Thrown from fflate's callback to stop at the expansion limit. */
class ExpansionStop extends Error {}

function fflateReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /unexpected EOF/i.test(message) ? TRUNCATED : message;
}
