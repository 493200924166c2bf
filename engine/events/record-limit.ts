// The longest CSV row the CSV reader keeps in memory: 64 MiB (its bytes in UTF-8,
// ./csv-row-limit). Events stream, so a file may be any size, but one row with no end
// (a 10 GB file of one line, or of NUL bytes) would otherwise be held whole. A longer
// row is skipped with this reason, and the rows after it are read (docs/security.md).
// Real events are a few kilobytes.
// NDJSON lines have their own limit, the longest JavaScript string (./ndjson-splitter).

export const MAX_RECORD_CHARS = 64 * 1024 * 1024;

export const RECORD_TOO_LONG = 'longer than 64 MiB, the limit for one event';
