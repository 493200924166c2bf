// Folding regions in offsets: channel blocks, lists and expectations that span lines,
// `when` clauses written over several lines, and runs of own-line comments. The
// server turns them into line ranges and drops those on a single line.

import type { Comment, ParseResult, Span } from '../../grammar/syntax-tree';
import { appendAll } from '../collections/append-all';

export interface FoldingRegion {
  span: Span;
  kind: 'region' | 'comment';
}

export function foldingRegions(parsed: ParseResult, text: string): FoldingRegion[] {
  const regions: FoldingRegion[] = [];
  for (const statement of parsed.tree.statements) {
    switch (statement.kind) {
      case 'channel':
        regions.push({ span: statement.span, kind: 'region' });
        for (const rule of statement.rules) regions.push({ span: rule.span, kind: 'region' });
        break;
      case 'list':
      case 'expect':
        regions.push({ span: statement.span, kind: 'region' });
        break;
      case 'otherwise':
        break;
    }
  }
  appendAll(regions, commentRuns(parsed.comments, text));
  return regions.filter((region) => spansLines(text, region.span));
}

/** Consecutive own-line comments (only blank space between them) fold together. */
function commentRuns(comments: readonly Comment[], text: string): FoldingRegion[] {
  const runs: FoldingRegion[] = [];
  let run: Span | undefined;
  for (const comment of comments) {
    if (!startsLine(text, comment.span.start)) {
      if (run !== undefined) runs.push({ span: run, kind: 'comment' });
      run = undefined;
      continue;
    }
    if (run !== undefined && /^[ \t]*(?:\r\n|\r|\n)[ \t]*$/.test(text.slice(run.end, comment.span.start))) {
      run = { start: run.start, end: comment.span.end };
    } else {
      if (run !== undefined) runs.push({ span: run, kind: 'comment' });
      run = { ...comment.span };
    }
  }
  if (run !== undefined) runs.push({ span: run, kind: 'comment' });
  return runs;
}

function startsLine(text: string, offset: number): boolean {
  let i = offset - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return i < 0 || text[i] === '\n' || text[i] === '\r';
}

function spansLines(text: string, span: Span): boolean {
  return /[\r\n]/.test(text.slice(span.start, span.end));
}
