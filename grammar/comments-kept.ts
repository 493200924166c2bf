// The comments an edit would take away, to be written back in its new text: a quick fix
// that rewrites or removes part of a condition keeps what its author wrote about it.

import { lineEndingOf } from './line-ending';
import type { Comment, ParseResult, Span } from './syntax-tree';

/**
 * The comments inside `span` of `text`, each followed by a line break and the indentation
 * of the line where the span ends, so that what comes after them (the edit's own text, or
 * the rest of the span's last line) is not commented out. Empty when there are none.
 * The file's comments are in order (as the parser gives them): the first one inside is
 * found by binary search, so a checker offering such an edit for every condition stays
 * linear in the file.
 */
export function commentsKept(text: string, parsed: ParseResult, span: Span): string {
  const comments = parsed.comments;
  let low = 0;
  let high = comments.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (comments[middle]!.span.start < span.start) low = middle + 1;
    else high = middle;
  }
  const inside: Comment[] = [];
  for (let i = low; i < comments.length && comments[i]!.span.end <= span.end; i++) inside.push(comments[i]!);
  if (inside.length === 0) return '';
  const eol = lineEndingOf(text, parsed);
  const indent = indentationOf(text, span.end);
  return inside.map((comment) => ` ${comment.text}${eol}${indent}`).join('');
}

function indentationOf(text: string, offset: number): string {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  return /^[ \t]*/.exec(text.slice(start))![0];
}
