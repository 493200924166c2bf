// The grammar of a JSON number's text (RFC 8259 §6), written once: the engine reads a GA4
// float written as text by it (engine/events/fields), and compile --dialect duckdb writes
// the same test into SQL (engine/sql/warehouse/render-value-source). Two copies could drift
// apart, and then the SQL would count a value the engine keeps as written, or the reverse.

/**
 * A JSON number, not anchored, in the syntax JavaScript's regexes and RE2 read alike:
 * `[0-9]` rather than `\d`, which RE2 with Unicode classes would widen, and only
 * non-capturing groups, so it can sit inside another pattern.
 */
export const JSON_NUMBER_PATTERN = '-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?';

/** A whole string that is a JSON number's text. */
export const JSON_NUMBER = new RegExp(`^(?:${JSON_NUMBER_PATTERN})$`);
