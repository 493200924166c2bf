// The longest single event (an NDJSON line, a .json array element, a CSV row) the
// readers keep in memory: 64 MiB of text. Events stream, so a file may be any size,
// but one line with no newline (a 10 GB file of one line, or of NUL bytes) would
// otherwise be held whole. A longer record is skipped with this reason and reading
// goes on after it (docs/security.md). Real events are a few kilobytes.

export const MAX_RECORD_CHARS = 64 * 1024 * 1024;

export const RECORD_TOO_LONG = 'longer than 64 MiB, the limit for one event';
