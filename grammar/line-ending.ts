// A rules file's own line ending, for edits that write line breaks into it (the
// formatter, quick fixes): the file's, not one that a name holds.

import type { ParseResult } from './syntax-tree';

/**
 * The file's line ending: the first line break between its statements, where only white
 * space and comments are. A backtick name may hold a line break of its own (`a⏎b`, LF in
 * a CRLF file), which is the name's, not the file's; only a file whose statements have no
 * line break between them is judged by its first line break wherever it is.
 */
export function lineEndingOf(text: string, parsed: ParseResult): string {
  const lineBreak = /\r\n|\n|\r/;
  const spans = [...(parsed.tree.caseInsensitive === undefined ? [] : [parsed.tree.caseInsensitive]), ...parsed.tree.statements.map((statement) => statement.span)];
  let gapStart = 0;
  for (const span of [...spans, { start: text.length, end: text.length }]) {
    const found = lineBreak.exec(text.slice(gapStart, span.start));
    if (found !== null) return found[0];
    gapStart = Math.max(gapStart, span.end);
  }
  return lineBreak.exec(text)?.[0] ?? '\n';
}
