// Event times (SPEC §3): epoch milliseconds, or an ISO-like date-time. Parsed with one
// strict regular expression and calendar arithmetic (Date.UTC's), never with
// `Date.parse`, whose accepted formats and time zone defaults vary between engines.

/** Largest epoch millisecond a JavaScript Date can hold. */
const MAX_EPOCH_MS = 8.64e15;

const DIGITS = /^\d+$/;

// YYYY-MM-DD, then optionally (T or space) HH:MM[:SS[.fraction]] and optionally a zone
// (Z, ±HH, ±HHMM, ±HH:MM). A zone is only allowed after a time of day: a bare date is a
// calendar day, midnight UTC. Warehouses' own exports write two more zones: BigQuery's
// (`bq extract`, the console) ` UTC`, which is Z, and Snowflake's default, an offset
// after a space (`2024-01-01 10:00:00.000 -0800`).
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:(Z| UTC)| ?([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * The epoch milliseconds of an event time given as text (a number's canonical text or
 * a string), or undefined when it is not one of the accepted forms or not a real
 * calendar date (2024-02-30, 25:00, …). Fraction digits beyond milliseconds are
 * truncated, not rounded.
 */
export function parseEventTime(text: string): number | undefined {
  // A date-time's fifth character is '-', never a digit: the regex is for numbers only.
  if (text.charCodeAt(4) !== 45 && DIGITS.test(text)) {
    const ms = Number(text);
    return ms <= MAX_EPOCH_MS ? ms : undefined;
  }
  const fast = parseCommonDateTime(text);
  if (fast !== NOT_COMMON) return fast;
  const whole = wholeDigitsOf(text);
  return whole === undefined ? parseDateTimeByRegex(text) : parseEventTime(whole);
}

/**
 * How a numeric time is read (SPEC §3.2, §3.3): epoch milliseconds, seconds or
 * microseconds, or Mixpanel's rule (`s-or-ms`: a number below 10^11 is seconds,
 * otherwise milliseconds).
 */
export type TimeUnit = 'ms' | 's' | 'us';
export type NumericTime = TimeUnit | 's-or-ms';
export const TIME_UNITS: readonly TimeUnit[] = ['ms', 's', 'us'];

const SECONDS = /^(\d+)(?:\.(\d+))?$/;
const SECONDS_OR_MS_LIMIT = 1e11;
const ZERO_FRACTION = /^(\d+)\.0+$/;

/**
 * The digits of a whole number written with a fraction of zeros (`1709251200000.000`:
 * a Parquet DECIMAL(16,3), or a JSON string of one), as a JSON number of the same text
 * is read (JSON.parse gives 1709251200000); undefined for any other text.
 */
function wholeDigitsOf(text: string): string | undefined {
  return ZERO_FRACTION.exec(text)?.[1];
}

/**
 * An event time whose numbers are in `unit`; date-time text is read as
 * parseEventTime reads it. The result is truncated to whole milliseconds exactly,
 * with digit arithmetic (a microsecond count beyond 2^53 loses nothing): seconds may
 * have a fraction, milliseconds and microseconds are whole numbers (a fraction of
 * zeros is whole).
 */
export function parseEventTimeIn(text: string, unit: NumericTime): number | undefined {
  if (unit === 'ms') return parseEventTime(text);
  if (unit === 'us') {
    const fast = commonMicroseconds(text);
    if (fast !== NOT_COMMON) return fast;
    const digits = wholeDigitsOf(text) ?? text;
    if (!DIGITS.test(digits)) return parseEventTime(text);
    return millisecondsOf(digits.length <= 3 ? '0' : digits.slice(0, -3));
  }
  const seconds = SECONDS.exec(text);
  if (seconds === null) return parseEventTime(text);
  if (unit === 's-or-ms' && Number(seconds[1]!) >= SECONDS_OR_MS_LIMIT) return seconds[2] === undefined || wholeDigitsOf(text) !== undefined ? parseEventTime(text) : undefined;
  return millisecondsOf(seconds[1]! + (seconds[2] ?? '').slice(0, 3).padEnd(3, '0'));
}

/**
 * parseEventTimeIn(String(value), unit) for a number `value`, without making its text
 * when that is plain digits (a whole number from 0 to 2^53; Parquet and numeric JSON
 * give times so): V8 turns a 13-digit number into text about three times slower than
 * the common date-time text is parsed. Any other number goes through its text.
 */
export function parseEventNumber(value: number, unit: NumericTime): number | undefined {
  if (!(value >= 0 && value <= Number.MAX_SAFE_INTEGER && Number.isInteger(value)) || (unit !== 'ms' && unit !== 'us')) {
    return parseEventTimeIn(String(value), unit);
  }
  // Digits: milliseconds as they are (-0's text is "0"); microseconds with their last three digits cut.
  const ms = unit === 'ms' ? (value === 0 ? 0 : value) : (value - (value % 1000)) / 1000;
  return ms <= MAX_EPOCH_MS ? ms : undefined;
}

/**
 * The hot path of GA4's `event_timestamp` (microseconds as a string of digits): the
 * whole milliseconds of 1 to 18 digits, read with charCodeAt instead of a regex, a
 * slice and Number (a third of a GA4 event's time otherwise). At most 15 digits of
 * milliseconds are below 2^53, so the sum is exact and within MAX_EPOCH_MS. Anything
 * else is NOT_COMMON and goes the general way.
 */
function commonMicroseconds(text: string): number {
  const length = text.length;
  if (length === 0 || length > 18) return NOT_COMMON;
  let ms = 0;
  for (let i = 0; i < length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return NOT_COMMON;
    if (i < length - 3) ms = ms * 10 + digit;
  }
  return ms;
}

function millisecondsOf(digits: string): number | undefined {
  const ms = Number(digits);
  return ms <= MAX_EPOCH_MS ? ms : undefined;
}

/** The definition of the date-time forms: DATE_TIME, then calendar checks. */
export function parseDateTimeByRegex(text: string): number | undefined {
  const match = DATE_TIME.exec(text);
  if (match === null) return undefined;
  const hour = match[4] === undefined ? 0 : Number(match[4]);
  const minute = match[5] === undefined ? 0 : Number(match[5]);
  const second = match[6] === undefined ? 0 : Number(match[6]);
  const fraction = match[7];
  const millisecond = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  let offsetMinutes = 0;
  if (match[9] !== undefined) {
    const offsetHour = Number(match[10]);
    const offsetMinute = match[11] === undefined ? 0 : Number(match[11]);
    if (offsetHour > 23 || offsetMinute > 59) return undefined;
    offsetMinutes = (match[9] === '-' ? -1 : 1) * (offsetHour * 60 + offsetMinute);
  }
  const local = utcMs(Number(match[1]), Number(match[2]), Number(match[3]), hour, minute, second, millisecond);
  return local === undefined ? undefined : local - offsetMinutes * 60_000;
}

function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number, millisecond: number): number | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + millisecond;
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil):
 * what Date.UTC computes, in integer arithmetic that is exact for years 0–9999 and a
 * few times faster than the builtin (it runs once per event).
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

const NOT_COMMON = -1.5; // never a time: times are whole milliseconds

/** Far enough below zero that any sum of digits times their place values with a non-digit stays negative (a year's four digits reach 9,999). */
const NOT_A_DIGIT = -1_000_000;

function digitAt(text: string, at: number): number {
  const d = text.charCodeAt(at) - 48;
  return d >= 0 && d <= 9 ? d : NOT_A_DIGIT;
}

/**
 * The hot path, for the forms exports use (`2024-01-01T10:00:00.123Z`,
 * `2024-01-01 10:00:00.123456`, …) without an offset: the same result as
 * parseDateTimeByRegex, read with charCodeAt instead of a regex with eleven groups.
 * Anything else (offsets, malformed text) is NOT_COMMON and goes to the regex.
 */
function parseCommonDateTime(text: string): number | undefined {
  const length = text.length;
  if (length < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return NOT_COMMON;
  const year = digitAt(text, 0) * 1000 + digitAt(text, 1) * 100 + digitAt(text, 2) * 10 + digitAt(text, 3);
  const month = digitAt(text, 5) * 10 + digitAt(text, 6);
  const day = digitAt(text, 8) * 10 + digitAt(text, 9);
  if (year < 0 || month < 0 || day < 0) return NOT_COMMON;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let millisecond = 0;
  if (length > 10) {
    const separator = text.charCodeAt(10);
    if ((separator !== 84 /* T */ && separator !== 32) || length < 16 || text.charCodeAt(13) !== 58 /* : */) return NOT_COMMON;
    hour = digitAt(text, 11) * 10 + digitAt(text, 12);
    minute = digitAt(text, 14) * 10 + digitAt(text, 15);
    if (hour < 0 || minute < 0) return NOT_COMMON;
    let at = 16;
    if (at < length && text.charCodeAt(at) === 58) {
      if (length < 19) return NOT_COMMON;
      second = digitAt(text, 17) * 10 + digitAt(text, 18);
      if (second < 0) return NOT_COMMON;
      at = 19;
      if (at < length && text.charCodeAt(at) === 46 /* . */) {
        at++;
        const first = at;
        while (at < length) {
          const d = digitAt(text, at);
          if (d < 0) break;
          // Digits past the third are read and dropped (truncation).
          if (at - first < 3) millisecond += d * (at === first ? 100 : at === first + 1 ? 10 : 1);
          at++;
        }
        if (at === first) return NOT_COMMON;
      }
    }
    if (at === length - 1 && text.charCodeAt(at) === 90 /* Z */) at++;
    else if (at === length - 4 && text.endsWith(' UTC')) at = length;
    if (at !== length) return NOT_COMMON;
  }
  return utcMs(year, month, day, hour, minute, second, millisecond);
}
