// A 32-bit float as the shortest decimal that reads back as it, the nearest to it of
// those, the even one of two as near (Ryu's and double-conversion's rule, which Arrow
// prints a FLOAT with): 0.1, where the double that holds its exact binary value prints
// 0.10000000149011612. DuckDB prints the same but for about 1% of random floats, where
// its formatter writes the exact value instead (17171.5625, here 17171.562; 191905792,
// here 191905800: the same float).
//
// Tried with 1 to 9 significant digits (9 always read back), by halves: when a decimal
// of n digits reads back, so does one of n + 1 (the same one). At each count the two
// decimals of that many digits either side of the value are the only ones to try, the
// nearer first (toPrecision's, exact). Whether a decimal reads back is decided
// exactly, against the points halfway to the neighbouring floats (which doubles hold):
// reading it as a double and rounding that to a float32 rounds twice.

const float = new Float32Array(1);
const floatBits = new Uint32Array(float.buffer);
const double = new DataView(new ArrayBuffer(8));

/** The largest finite float32's bits: the float above it is infinity. */
const MAX_FLOAT_BITS = 0x7f7fffff;
const MAX_DIGITS = 9;

/** The float32 of `bits` (positive). */
function floatOf(bits: number): number {
  floatBits[0] = bits;
  return float[0]!;
}

/**
 * The double nearest the shortest decimal that reads back as the float32 `value` (a
 * double holding one exactly), of `value`'s sign; NaN, infinities, zeros and a double
 * that is no float32 as they are.
 */
export function shortestFloat32(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const magnitude = Math.abs(value);
  float[0] = magnitude;
  if (float[0] !== magnitude) return value;
  const bits = floatBits[0]!;
  const below = floatOf(bits - 1);
  // Past the largest float a decimal reads as infinity from as far above it as the float below is.
  const above = bits === MAX_FLOAT_BITS ? 2 * magnitude - below : floatOf(bits + 1);
  const bounds: Bounds = { magnitude, low: (below + magnitude) / 2, high: (magnitude + above) / 2, even: (bits & 1) === 0 };
  let fewest = 1;
  let most = MAX_DIGITS;
  let found: string | undefined;
  while (fewest < most) {
    const digits = (fewest + most) >> 1;
    const decimal = readingBackIn(bounds, digits);
    if (decimal === undefined) {
      fewest = digits + 1;
    } else {
      most = digits;
      found = decimal;
    }
  }
  // Found with `most` digits, unless none below MAX_DIGITS were enough (which always are).
  found ??= readingBackIn(bounds, MAX_DIGITS)!;
  const shortest = Number(found);
  return value < 0 ? -shortest : shortest;
}

/** A float's rounding interval: the decimals strictly between `low` and `high` read back as it, and those two too when `even`. */
interface Bounds {
  magnitude: number;
  low: number;
  high: number;
  even: boolean;
}

/**
 * The decimal of `digits` significant digits nearest the value that reads back as it,
 * if any; of two as near, the one whose last digit is even (as Ryu, double-conversion,
 * which Arrow prints with, and JavaScript's own text of a double choose).
 */
function readingBackIn(bounds: Bounds, digits: number): string | undefined {
  const { magnitude } = bounds;
  const nearest = magnitude.toPrecision(digits);
  // toPrecision writes the larger of two as near, so a tie has the other below.
  const below = Number(nearest) < magnitude;
  const other = besideOf(nearest, below);
  if (!readsBack(nearest, bounds)) return readsBack(other, bounds) ? other : undefined;
  if (below || decimalOf(nearest).integer % 2 === 0 || !isHalfway(decimalOf(nearest), decimalOf(other), magnitude)) return nearest;
  return readsBack(other, bounds) ? other : nearest;
}

/** Whether `value` lies exactly halfway between the decimals `a` and `b`. */
function isHalfway(a: Decimal, b: Decimal, value: number): boolean {
  const exponent = Math.min(a.exponent, b.exponent);
  const sum: Decimal = { integer: a.integer * 10 ** (a.exponent - exponent) + b.integer * 10 ** (b.exponent - exponent), exponent };
  // Twice the value is a double, which a decimal equal to it reads as.
  return Number(`${sum.integer}e${sum.exponent}`) === 2 * value && compareExactly(sum, 2 * value) === 0;
}

/** A decimal's significant digits as an integer and its power of ten. */
interface Decimal {
  integer: number;
  exponent: number;
}

/** The digits and exponent of toPrecision's text (`1.27e+30`, `0.00127`, `127`). */
function decimalOf(text: string): Decimal {
  const e = text.indexOf('e');
  const mantissa = e === -1 ? text : text.slice(0, e);
  const point = mantissa.indexOf('.');
  const fraction = point === -1 ? 0 : mantissa.length - point - 1;
  return { integer: Number(point === -1 ? mantissa : mantissa.slice(0, point) + mantissa.slice(point + 1)), exponent: (e === -1 ? 0 : Number(text.slice(e + 1))) - fraction };
}

/** The decimal of as many significant digits as `text`, next to it upwards or downwards. */
function besideOf(text: string, upwards: boolean): string {
  const { integer, exponent } = decimalOf(text);
  if (upwards) return `${integer + 1}e${exponent}`;
  // Below 100…0 the decimals of as many digits are 99…9 of the next power down.
  const length = String(integer).length;
  return integer === 10 ** (length - 1) ? `${integer * 10 - 1}e${exponent - 1}` : `${integer - 1}e${exponent}`;
}

/** Whether the decimal `text` reads back as the float of `bounds` (rounding to nearest, ties to even). */
function readsBack(text: string, bounds: Bounds): boolean {
  const { low, high, even } = bounds;
  // Rounding to a double keeps order, and the bounds are doubles, so only a decimal
  // that reads as a bound itself needs an exact look.
  const read = Number(text);
  if (read > low && read < high) return true;
  if (read < low || read > high) return false;
  const side = compareExactly(decimalOf(text), read);
  return side === 0 ? even : read === low ? side > 0 : side < 0;
}

/** The sign of `decimal` − `value` (a positive double), exactly. */
function compareExactly(decimal: Decimal, value: number): number {
  double.setFloat64(0, value);
  const high = double.getUint32(0);
  const biased = (high >>> 20) & 0x7ff;
  let significand = (BigInt(high & 0xfffff) << 32n) | BigInt(double.getUint32(4));
  if (biased !== 0) significand |= 1n << 52n;
  const power = (biased === 0 ? 1 : biased) - 1075;
  let left = BigInt(decimal.integer);
  let right = significand;
  if (decimal.exponent >= 0) left *= 10n ** BigInt(decimal.exponent);
  else right *= 10n ** BigInt(-decimal.exponent);
  if (power >= 0) right <<= BigInt(power);
  else left <<= BigInt(-power);
  return left === right ? 0 : left > right ? 1 : -1;
}
