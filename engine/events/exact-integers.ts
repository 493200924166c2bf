// JSON integers beyond ±2^53 keep their digits (docs/events-and-reports.md): JSON.parse
// reads `12345678901234567890` as the double 12345678901234567000, which would merge
// two users or sessions whose ids differ in the last digits. Such an integer is read as
// its exact decimal text instead, as Parquet's INT64 is (./parquet-reader), so it
// compares as its digits.
//
// Finding them costs almost nothing on ordinary text: an unsafe integer has at least 16
// digits, so a chunk is sampled every 16 characters, and only a digit run of 16 or
// more that starts where a JSON number can start (after `:`, `,`, `[` or whitespace,
// with an optional `-`) marks its record. A marked record (rare; a run inside a string
// may mark one too) is parsed as usual, then scanned for its number tokens, and parsed
// again with the unsafe integers quoted.

/** A place in a chunk's text where a JSON integer of 16 or more digits may start. */
export interface DigitRunMark {
  offset: number;
}

const NO_MARKS: DigitRunMark[] = [];

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** JSON whitespace, `:`, `,` or `[`: what may come right before a number token (or its `-`). */
function mayPrecedeNumber(c: number): boolean {
  return c === 58 || c === 44 || c === 91 || c === 32 || c === 10 || c === 13 || c === 9;
}

/**
 * The digit runs of 16 or more in text[from, to) that may be number tokens, in order.
 * Runs touching `from` or `to` are not looked at: their records span chunks, and are
 * checked whole with hasLongInteger.
 */
export function digitRunMarks(text: string, from = 0, to = text.length): DigitRunMark[] {
  let marks = NO_MARKS;
  for (let i = from + 15; i < to; i += 16) {
    if (!isDigit(text.charCodeAt(i))) continue;
    // A run of 16 holding position i holds all of i − 8 … i or all of i … i + 8.
    if (!(isDigit(text.charCodeAt(i - 8)) && isDigit(text.charCodeAt(i - 4))) && !(isDigit(text.charCodeAt(i + 8)) && isDigit(text.charCodeAt(i + 4)))) continue;
    let start = i;
    while (start > from && isDigit(text.charCodeAt(start - 1))) start--;
    if (start === from) continue;
    let before = codeOrSpace(text, start - 1);
    if (before === 45 /* - */ && start - 1 > from) before = codeOrSpace(text, start - 2);
    // Not where a number starts (most often a string's digits, after `"`): sampling goes on.
    if (!mayPrecedeNumber(before)) continue;
    let end = i + 1;
    while (end < to && isDigit(text.charCodeAt(end))) end++;
    // Resume sampling after the run: any later run of 16 still holds a sample.
    i = end - 1;
    if (end - start < 16 || end === to) continue;
    if (marks === NO_MARKS) marks = [];
    marks.push({ offset: start });
  }
  return marks;
}

/** The character code at `index`, or a space's outside the text (where hasLongInteger's text ends). */
function codeOrSpace(text: string, index: number): number {
  return index >= 0 && index < text.length ? text.charCodeAt(index) : 32;
}

/**
 * Whether a whole record's text may hold an integer of 16 or more digits: its runs
 * looked at as if it had a space on either side (a run may touch its edges), without
 * building that string, which would copy a long line's text once more.
 */
export function hasLongInteger(text: string): boolean {
  return digitRunMarks(text, -1, text.length + 1).length > 0;
}

/**
 * `text` (valid JSON) with every integer token that a number cannot give back (its
 * text as a number differs: beyond ±2^53, or 10^21 and up, which print with an
 * exponent) quoted, so JSON.parse keeps its digits; undefined when it has none.
 */
export function quoteUnsafeIntegers(text: string): string | undefined {
  const parts: string[] = [];
  let copied = 0;
  let i = 0;
  const length = text.length;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i = stringEnd(text, i);
      continue;
    }
    if (c !== 45 /* - */ && !isDigit(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === 45) i++;
    const digitsStart = i;
    while (i < length && isDigit(text.charCodeAt(i))) i++;
    const digits = i - digitsStart;
    let integer = true;
    while (i < length) {
      const d = text.charCodeAt(i);
      if (d === 46 /* . */ || d === 101 /* e */ || d === 69 /* E */ || d === 43 /* + */ || d === 45 /* - */ || isDigit(d)) {
        integer = false;
        i++;
      } else {
        break;
      }
    }
    // Lossy exactly when the number's text is not the token (2^53 itself is exact).
    if (integer && digits >= 16 && String(Number(text.slice(start, i))) !== text.slice(start, i)) {
      parts.push(text.slice(copied, start), '"', text.slice(start, i), '"');
      copied = i;
    }
  }
  if (parts.length === 0) return undefined;
  parts.push(text.slice(copied));
  return parts.join('');
}

/** The index after the string starting at text[start] (a quote) of valid JSON. */
function stringEnd(text: string, start: number): number {
  let quote = text.indexOf('"', start + 1);
  for (;;) {
    if (quote === -1) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 92 /* \ */) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    quote = text.indexOf('"', quote + 1);
  }
}
