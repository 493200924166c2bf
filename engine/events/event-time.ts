// Event times (SPEC §3): epoch milliseconds, or an ISO-like date-time. Parsed with one
// strict regular expression and Date.UTC, never with `Date.parse`, whose accepted
// formats and time zone defaults vary between engines.

/** Largest epoch millisecond a JavaScript Date can hold. */
const MAX_EPOCH_MS = 8.64e15;

const DIGITS = /^\d+$/;

// YYYY-MM-DD, then optionally (T or space) HH:MM[:SS[.fraction]] and optionally a zone
// (Z, ±HH, ±HHMM, ±HH:MM). A zone is only allowed after a time of day: a bare date is a
// calendar day, midnight UTC.
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

/** Days in the Gregorian 400-year cycle, as milliseconds: Date.UTC maps years 0–99 to 1900–1999. */
const FOUR_CENTURIES_MS = 146097 * 86_400_000;

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
  if (DIGITS.test(text)) {
    const ms = Number(text);
    return ms <= MAX_EPOCH_MS ? ms : undefined;
  }
  const match = DATE_TIME.exec(text);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  const hour = match[4] === undefined ? 0 : Number(match[4]);
  const minute = match[5] === undefined ? 0 : Number(match[5]);
  const second = match[6] === undefined ? 0 : Number(match[6]);
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const fraction = match[7];
  const millisecond = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  let offsetMinutes = 0;
  if (match[9] !== undefined) {
    const offsetHour = Number(match[10]);
    const offsetMinute = match[11] === undefined ? 0 : Number(match[11]);
    if (offsetHour > 23 || offsetMinute > 59) return undefined;
    offsetMinutes = (match[9] === '-' ? -1 : 1) * (offsetHour * 60 + offsetMinute);
  }
  const local =
    year < 100
      ? Date.UTC(year + 400, month - 1, day, hour, minute, second, millisecond) - FOUR_CENTURIES_MS
      : Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  return local - offsetMinutes * 60_000;
}
