// A value of the data in the trust tables (SPEC §9), the same in text, Markdown and the
// HTML report: a grouped traffic field's value in the unassigned patterns, and theirs
// and ours in the agreement matrix and the disagreements. A field without a value
// (missing or null) is shown as `(missing)`, and no channel as `(unclassified)`; SPEC
// §2.3 makes every string ordinary (`(not set)` is never null), so no real value may
// read like such a marker. A value is written as it is unless it could be mistaken for
// the marker, for a quoted value or for another value once a format has shown it: the
// marker's own text, the empty string (an empty cell says nothing), a value starting
// with `"`, a value holding a backslash or a control character (text escapes a control
// character as a backslash sequence, so `a` LF `b` read like the four characters `a\nb`;
// Markdown and HTML show a line break as a space), a value holding a lone UTF-16
// surrogate (UTF-8 output writes it as U+FFFD, and so does the page, so `x` U+D800 `y`
// read like `x` U+FFFD `y`; JSON writes it as `\ud800`), and a value starting or ending
// with white space (padding and table cells hide it) are written as a JSON string. The
// display is one-to-one: the marker has no quote, a value as it is neither starts with
// one nor is the marker, JSON strings differ when their values do, and what each format
// escapes afterwards (control characters past JSON's, Markdown syntax) it escapes
// one-to-one. No imports: the webview bundle uses it.

/** How a missing or null field is shown (docs/agreement.md). */
export const MISSING_VALUE = '(missing)';

/** What a format could show differently from the value itself: a backslash, a C0 or C1 control character, DEL. */
const ESCAPED = /[\\\x00-\x1f\x7f-\x9f]/;
/** A high surrogate without its low one, or a low one without its high one: no UTF-8 text can hold it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** White space a table would hide: at either end. */
const EDGE_SPACE = /^\s|\s$/;

/** The value as a table cell, quoted as a JSON string where it could be confused with `marker` (a marker of its table) or another value. */
export function valueText(value: string, marker?: string): string {
  return value === marker || value === '' || value.startsWith('"') || ESCAPED.test(value) || LONE_SURROGATE.test(value) || EDGE_SPACE.test(value) ? JSON.stringify(value) : value;
}

/** The value as a table cell: `(missing)` for null, else the text, quoted where it could be confused. */
export function patternValueText(value: string | null): string {
  return value === null ? MISSING_VALUE : valueText(value, MISSING_VALUE);
}
