// A number with at most six decimals and its thousands separated, as Intl's en-US
// number format with `maximumFractionDigits: 6` writes it, without Intl: the first Intl
// number format a process makes costs it about 12 ms (ICU's locale data), a tenth of
// the worked example's cold `report`, whose attribution credits are fractions.
//
// Intl (ICU) rounds the shortest decimal that reads back as the number (the digits
// String(value) writes), not the number's exact binary value, and rounds half away from
// zero ("halfExpand"): 5e-7 is 0.000001 (toFixed(6), which rounds the binary value,
// gives 0.000000). So this rounds String's digits the same way. A negative number that
// rounds to zero is "-0", as Intl writes it.

import { groupedDigits } from './grouped-integer';

const FRACTION_DIGITS = 6;

/**
 * `value` rounded to at most 6 decimals, trailing zeros dropped, thousands separated by
 * commas; undefined when not finite or at least 1e21 in size (String writes an exponent
 * there, and the caller asks Intl).
 */
export function groupedDecimal(value: number): string | undefined {
  const magnitude = Math.abs(value);
  if (!(magnitude < 1e21)) return undefined;
  const negative = value < 0 || Object.is(value, -0);
  const text = String(magnitude);
  // The digits without a point, and how many of them come before it.
  let digits: string;
  let point: number;
  const exponentAt = text.indexOf('e');
  if (exponentAt !== -1) {
    // Only below 1e-6: "d.ddde-N".
    digits = text.slice(0, exponentAt).replace('.', '');
    point = Number(text.slice(exponentAt + 1)) + 1;
  } else {
    const dot = text.indexOf('.');
    digits = dot === -1 ? text : text.slice(0, dot) + text.slice(dot + 1);
    point = dot === -1 ? text.length : dot;
  }
  if (point < 1) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  }
  let kept = digits.slice(0, point + FRACTION_DIGITS);
  if (digits.length > point + FRACTION_DIGITS && digits.charCodeAt(point + FRACTION_DIGITS) >= 53 /* 5 */) {
    kept = incremented(kept);
    if (kept.length > point + FRACTION_DIGITS) point++;
  }
  const whole = kept.slice(0, point);
  const fraction = kept.slice(point).replace(/0+$/, '');
  const written = fraction === '' ? groupedDigits(whole) : `${groupedDigits(whole)}.${fraction}`;
  return negative ? `-${written}` : written;
}

/** A string of decimal digits plus one in its last place ("0999" → "1000", "99" → "100"). */
function incremented(digits: string): string {
  let at = digits.length - 1;
  while (at >= 0 && digits.charCodeAt(at) === 57 /* 9 */) at--;
  if (at < 0) return `1${'0'.repeat(digits.length)}`;
  return digits.slice(0, at) + String.fromCharCode(digits.charCodeAt(at) + 1) + '0'.repeat(digits.length - at - 1);
}
