// What Parquet's values become in a row (./parquet-rows documents the rules): INT64
// a number when exact, else its decimal text; timestamps of any unit epoch
// milliseconds, truncated toward earlier time; dates epoch milliseconds; either before
// 1970 its ISO text, and always with TIME_TEXT_PARSERS.
//
// hyparquet hands INT64 out as bigints, one heap object per value; a page of
// timestamps in ./parquet-row-group is read here as two 32-bit halves instead, in
// doubles whenever that is exact (every time within 142 years of 1970), and through
// the same bigint rules otherwise, so both give the same value.
//
// Strings are decoded strictly: a value whose bytes are not UTF-8 becomes an
// InvalidText, which ./parquet-row-group finds and ./parquet-rows makes a skipped row,
// as a line of invalid UTF-8 is skipped (docs/events-and-reports.md).

import { invalidSequences } from '../text/utf8';

const MILLIS_PER_DAY = 86_400_000;

function floorDiv(value: bigint, divisor: bigint): number {
  const quotient = value / divisor;
  return Number(value % divisor < 0n ? quotient - 1n : quotient);
}

/** Below 2^52, `n - remainder` and the quotient are exact in doubles. */
const SMALL = 2n ** 52n;

/** Floor division of `n`, an integer below 2^52 in magnitude, exact in doubles. */
function floorDivNumber(n: number, divisor: number): number {
  const remainder = ((n % divisor) + divisor) % divisor;
  return (n - remainder) / divisor;
}

/**
 * Floor division of a bigint, in doubles when that is exact: a bigint division per
 * value cost as much as the rest of the column.
 */
function floorDivSmall(value: bigint, divisor: number, bigDivisor: bigint): number {
  if (value >= SMALL || value <= -SMALL) return floorDiv(value, bigDivisor);
  return floorDivNumber(Number(value), divisor);
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** Largest epoch millisecond a JavaScript Date can hold (either side of 1970). */
const MAX_DATE_MS = 8.64e15;

/**
 * A timestamp's or date's epoch milliseconds as the row holds it: the number, or before
 * 1970 its ISO text (`1969-12-31T23:59:59.999Z`). A negative number is no event time
 * (docs/events-and-reports.md: in JSON it is a count, not a date), but a Parquet
 * timestamp before 1970 is a date like any other, read as its ISO text would be.
 */
function timeValue(ms: number): number | string {
  return ms >= 0 || ms < -MAX_DATE_MS ? ms : new Date(ms).toISOString();
}

/**
 * A timestamp's or date's epoch milliseconds as its ISO text whichever side of 1970
 * (TIME_TEXT_PARSERS): a date-time text is read the same in every time unit, where the
 * number would be rescaled. Beyond a Date's range, the milliseconds' text after a sign
 * (`+9000000000000000`), which no unit reads as a time, as the number is none in ms.
 */
function timeText(ms: number): string {
  return ms <= MAX_DATE_MS && ms >= -MAX_DATE_MS ? new Date(ms).toISOString() : `${ms < 0 ? '' : '+'}${ms}`;
}

/**
 * A value read as text (a string, an unannotated BYTE_ARRAY, JSON) whose bytes are not
 * UTF-8: where in the value the first invalid sequence starts, and its bytes. hyparquet
 * decodes with a TextDecoder that puts U+FFFD in place of such bytes, a value that
 * differs from the data silently; this stands in the row instead, so the row is
 * skipped and named rather than read.
 */
export class InvalidText {
  constructor(
    readonly byteOffset: number,
    readonly bytes: number[],
  ) {}

  /**
   * As a map's key (hyparquet makes a map's keys property names): a lone surrogate,
   * which no UTF-8 decodes to, then the offset and bytes, so that ofKey finds it.
   */
  toString(): string {
    return `\uD800${this.byteOffset}:${this.bytes.join(',')}`;
  }

  /** The InvalidText a key was made of (toString), or undefined for a key of text. */
  static ofKey(key: string): InvalidText | undefined {
    if (key.charCodeAt(0) !== 0xd800) return undefined;
    const [offset, bytes] = key.slice(1).split(':');
    return new InvalidText(Number(offset), bytes!.split(',').map(Number));
  }
}

/**
 * InvalidTexts made so far: a column whose conversion left the count unchanged holds
 * none, so valid data costs no look at each value.
 */
let invalidTexts = 0;

export function invalidTextCount(): number {
  return invalidTexts;
}

// ignoreBOM: a string value starting with U+FEFF keeps it, as the JSON of the value does.
const strictText = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
// A JSON value's byte order mark is not part of it (JSON.parse refuses U+FEFF), as hyparquet reads it.
const strictJson = new TextDecoder('utf-8', { fatal: true });

function decodeText(decoder: TextDecoder, bytes: Uint8Array): string | InvalidText {
  try {
    return decoder.decode(bytes);
  } catch {
    invalidTexts++;
    const { start, end } = invalidSequences(bytes).next().value!;
    return new InvalidText(start, Array.from(bytes.subarray(start, end)));
  }
}

/** How hyparquet's values become what ./parquet-row-group delivers (exported for tests). */
export const PARSERS = {
  stringFromBytes: (bytes: Uint8Array | undefined): string | InvalidText | undefined => bytes && decodeText(strictText, bytes),
  jsonFromBytes: (bytes: Uint8Array | undefined): unknown => {
    if (!bytes) return bytes;
    const text = decodeText(strictJson, bytes);
    return typeof text === 'string' ? JSON.parse(text) : text;
  },
  timestampFromMilliseconds: (millis: bigint) => timeValue(Number(millis)),
  timestampFromMicroseconds: (micros: bigint) => timeValue(floorDivSmall(micros, 1000, 1000n)),
  timestampFromNanoseconds: (nanos: bigint) => timeValue(floorDivSmall(nanos, 1_000_000, 1_000_000n)),
  dateFromDays: (days: number) => timeValue(days * MILLIS_PER_DAY),
  /** hyparquet's own text (lowercase 8-4-4-4-12 hex), without an array and a join per value. */
  uuidFromBytes: (bytes: Uint8Array | undefined): string | undefined => {
    if (!bytes) return undefined;
    let text = '';
    for (let i = 0; i < bytes.length; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) text += '-';
      text += HEX[bytes[i]!];
    }
    return text;
  },
};

/**
 * PARSERS, but timestamps and dates as their ISO text on both sides of 1970 (the same
 * instant, exact to the millisecond): how a run that reads numeric times in a unit
 * other than milliseconds reads them (./parquet-rows typedTimesAsText), so that a typed
 * time is never rescaled as a number of that unit would be.
 */
export const TIME_TEXT_PARSERS: typeof PARSERS = {
  ...PARSERS,
  timestampFromMilliseconds: (millis: bigint) => timeText(Number(millis)),
  timestampFromMicroseconds: (micros: bigint) => timeText(floorDivSmall(micros, 1000, 1000n)),
  timestampFromNanoseconds: (nanos: bigint) => timeText(floorDivSmall(nanos, 1_000_000, 1_000_000n)),
  dateFromDays: (days: number) => timeText(days * MILLIS_PER_DAY),
};

const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

/** INT64 (bigint) as a number when exact, else as decimal text. */
export function fromBigInt(value: bigint): number | string {
  return value <= MAX_EXACT && value >= -MAX_EXACT ? Number(value) : value.toString();
}

/**
 * A DECIMAL whose unscaled integer is `unscaled`: of scale 0 (or below, which the
 * format does not allow but which is still an exact integer), read as INT64 is; else
 * its exact decimal text with `scale` digits after the point and at least one before
 * it, as DuckDB's CAST(d AS VARCHAR) writes it (DECIMAL(10,2): `12.30`, `-0.05`;
 * DuckDB drops that leading 0 when the precision equals the scale, `-.05`, Spark and
 * Arrow do not). A double would lose digits past 2^53 and write 12.30 as 12.3.
 */
export function decimalValue(unscaled: bigint | number, scale: number): number | string {
  if (scale === 0 && typeof unscaled === 'number') return unscaled;
  if (scale <= 0) {
    const integer = typeof unscaled === 'number' ? BigInt(unscaled) : unscaled;
    return fromBigInt(scale === 0 ? integer : integer * 10n ** BigInt(-scale));
  }
  const negative = unscaled < 0;
  const digits = String(negative ? -unscaled : unscaled).padStart(scale + 1, '0');
  const point = digits.length - scale;
  return `${negative ? '-' : ''}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** How an INT64 column's values are read: as integers, or as timestamps in one unit. */
export type Int64Reading = 'integer' | 'MILLIS' | 'MICROS' | 'NANOS';

/** The largest high half (signed) of an INT64 whose magnitude is below 2^52. */
const HIGH_SMALL = 0x100000;
const TWO_32 = 4294967296;

/**
 * The INT64 at `offset` in `view` (little-endian), as ./parquet-row-group delivers it
 * once hyparquet's converters and PARSERS have run: in doubles below 2^52, else the
 * same bigint rules.
 */
export function readInt64(view: DataView, offset: number, reading: Int64Reading): number | string {
  const high = view.getInt32(offset + 4, true);
  if (high < HIGH_SMALL && high >= -HIGH_SMALL) {
    const n = high * TWO_32 + view.getUint32(offset, true);
    if (reading === 'integer') return n;
    return timeValue(reading === 'MILLIS' ? n : floorDivNumber(n, reading === 'MICROS' ? 1000 : 1_000_000));
  }
  const value = view.getBigInt64(offset, true);
  if (reading === 'integer') return fromBigInt(value);
  if (reading === 'MILLIS') return PARSERS.timestampFromMilliseconds(value);
  return reading === 'MICROS' ? PARSERS.timestampFromMicroseconds(value) : PARSERS.timestampFromNanoseconds(value);
}
