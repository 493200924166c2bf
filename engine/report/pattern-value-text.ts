// A grouped traffic field's value in a table of unassigned patterns (SPEC §9), the same
// in text, Markdown and the HTML report. A field without a value (missing or null) is
// shown as `(missing)`; SPEC §2.3 makes every string ordinary (`(not set)` is never
// null), so no real value may read like that marker. A value is written as it is
// unless it could be mistaken for the marker or for a quoted value: the marker's own
// text, the empty string (an empty cell says nothing) and any value starting with `"`
// are written as a JSON string. The display is one-to-one: the marker has no quote,
// a value as it is neither starts with one nor is the marker, and JSON strings differ
// when their values do. No imports: the webview bundle uses it.

/** How a missing or null field is shown (docs/agreement.md). */
export const MISSING_VALUE = '(missing)';

/** The value as a table cell: `(missing)` for null, else the text, quoted where it could be confused. */
export function patternValueText(value: string | null): string {
  if (value === null) return MISSING_VALUE;
  return value === MISSING_VALUE || value === '' || value.startsWith('"') ? JSON.stringify(value) : value;
}
