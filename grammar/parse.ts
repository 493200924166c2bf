// parseChannels: text → syntax tree + every syntax error + comments. Never throws.

import { EOF, type ILexingError, type IRecognitionException, type IToken } from 'chevrotain';
import { AFTER_LIST_VALUE, AFTER_PAIR, LIST_OPEN, PAIRS_OPEN, STRAY_TEXT, quoteToken } from './error-messages';
import {
  AndSymbol,
  Comma,
  DoubleEquals,
  KEYWORDS,
  LBrace,
  LBracket,
  NumberLiteral,
  OrSymbol,
  QuotedName,
  RegexLiteral,
  StringLiteral,
  tokenize,
} from './lexer';
import { readQuotedName, readRegexLiteral, readStringLiteral, type LiteralProblem } from './literals';
import { limitNesting } from './nesting-limit';
import { ChannelsParser } from './parser';
import { SyntaxBuilder, isRealToken, tokenSpan } from './syntax-builder';
import type { Comment, ParseResult, SourceFile, Statement, SyntaxError } from './syntax-tree';

/** Built once: chevrotain's self-analysis is the expensive part, parsing is cheap. */
const parser = new ChannelsParser();

export function parseChannels(text: string): ParseResult {
  try {
    return parse(text);
  } catch (failure) {
    // A bug of ours must not take the editor or the CLI down: say so where it can be seen.
    const detail = failure instanceof Error ? failure.message : String(failure);
    return {
      tree: { kind: 'file', statements: [], span: { start: 0, end: text.length } },
      errors: [{ code: 'syntax', message: `internal parser error, please report it: ${detail}`, span: { start: 0, end: 0 } }],
      comments: [],
    };
  }
}

function parse(text: string): ParseResult {
  const lexed = tokenize(text);
  const problems: LiteralProblem[] = [];

  for (const error of lexed.errors) problems.push(lexingProblem(text, error));
  for (const token of lexed.tokens) {
    const type = token.tokenType;
    if (type === StringLiteral) {
      const reading = readStringLiteral(token.image, token.startOffset);
      token.payload = reading; // read once: the builder takes the value from here
      for (const problem of reading.problems) problems.push(problem);
    }
    else if (type === RegexLiteral) for (const problem of readRegexLiteral(token.image, token.startOffset).problems) problems.push(problem);
    else if (type === QuotedName) for (const problem of readQuotedName(token.image, token.startOffset).problems) problems.push(problem);
    else if (type === DoubleEquals) problems.push({ message: 'write `=` to compare, not `==`', span: tokenSpan(token) });
    else if (type === AndSymbol) problems.push({ message: 'write `and`, not `&&`', span: tokenSpan(token) });
    else if (type === OrSymbol) problems.push({ message: 'write `or`, not `||`', span: tokenSpan(token) });
  }
  for (const token of lexed.groups.slashComments ?? []) {
    problems.push({ message: 'comments start with `#`, not `//`', span: tokenSpan(token) });
  }

  const nesting = limitNesting(lexed.tokens);
  // One by one: push(...array) overflows the stack past ~100,000 problems.
  for (const problem of nesting.problems) problems.push(problem);
  const builder = new SyntaxBuilder(text);
  parser.input = nesting.tokens;
  parser.statementSink = builder;
  let cst;
  let recognitionErrors: IRecognitionException[];
  try {
    cst = parser.file();
    recognitionErrors = parser.errors;
  } finally {
    parser.statementSink = undefined;
    // The parser is kept for the next parse, and its input with it: a file's tokens
    // (about 140 bytes each; a list of 800,000 values has 1.6 million) outlived the parse
    // for as long as its tree. Setting the input resets the errors, read above.
    parser.input = [];
  }
  const tree = builder.file(cst);

  // Looked up by binary search: a hostile file has tens of thousands of errors, and a
  // scan of every earlier one per error made the parse quadratic (200 KB: 35 s).
  const inSwallowed = closedSpansCover(problems.flatMap((p) => (p.swallows ? [p.swallows] : [])));
  const slashCommentStarts = (lexed.groups.slashComments ?? []).map((token) => token.startOffset);
  const seen = new Set<number>();
  let previous: IRecognitionException | undefined;
  for (const error of recognitionErrors) {
    const problem = recognitionProblem(text, error, tree);
    // One error per mistake: recovery can report a spot twice, and a missing `[` or `{`
    // (inserted by recovery) makes the missing `]` or `}` a mere consequence.
    const consequence =
      (previous?.message === LIST_OPEN && error.message === AFTER_LIST_VALUE) ||
      (previous?.message === PAIRS_OPEN && error.message === AFTER_PAIR);
    previous = error;
    if (seen.has(problem.span.start) || consequence || inSwallowed(problem.span.start)) continue;
    seen.add(problem.span.start);
    if (hiddenBySlashComment(text, problem.span, error, slashCommentStarts)) continue;
    problems.push(problem);
  }
  const reported = problems.map((p) => p.span.start).sort((x, y) => x - y);
  for (const problem of builder.problems) {
    const region = problem.unlessErrorIn;
    if (region && firstAtLeast(reported, region.start) < region.end) continue;
    problems.push({ message: problem.message, span: problem.span });
  }

  const errors: SyntaxError[] = problems
    .map((p): SyntaxError => ({ code: 'syntax', message: p.message, span: p.span }))
    .sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const comments: Comment[] = (lexed.groups.comments ?? []).map((t) => ({ text: t.image, span: tokenSpan(t) }));
  return { tree, errors, comments };
}

function lexingProblem(text: string, error: ILexingError): LiteralProblem {
  const span = { start: error.offset, end: error.offset + error.length };
  const written = text.slice(span.start, span.end);
  let message = `unexpected character${written.length > 1 ? 's' : ''} \`${written}\``;
  if (written === '!') message += ': did you mean `!=`?';
  else if (written === '&&' || written === '&') message += ': write `and`';
  else if (written === '||' || written === '|') message += ': write `or`';
  else if (written === '-') message += ': a name cannot start with `-`';
  return { message, span };
}

function recognitionProblem(text: string, error: IRecognitionException, tree: SourceFile): LiteralProblem {
  const found = error.token;
  const previous = (error as IRecognitionException & { previousToken?: IToken }).previousToken;
  const foundIsReal = isRealToken(found) && found.tokenType !== EOF;

  if (error.message === STRAY_TEXT && foundIsReal) {
    return { message: strayTextMessage(found, tree), span: tokenSpan(found) };
  }

  let message = error.message;
  const opened = previous?.tokenType === LBracket || previous?.tokenType === LBrace || previous?.tokenType === Comma;
  if (message === AFTER_LIST_VALUE && opened) {
    message = `expected a string in double quotes or \`]\` after ${quoteToken(previous!)}`;
  } else if (message === AFTER_PAIR && opened) {
    message = `expected a field name or \`}\` after ${quoteToken(previous!)}`;
  }
  if (foundIsReal && found.tokenType === NumberLiteral && /string/.test(message)) {
    message += `: write the value as a string, "${found.image}"`;
  }
  const previousEnd = isRealToken(previous) && previous.tokenType !== EOF ? previous.startOffset + previous.image.length : 0;
  // What is missing is shown where it is missing: on the token found instead when it is
  // on the same line, else just after the last token written.
  if (foundIsReal && !/[\r\n]/.test(text.slice(previousEnd, found.startOffset))) {
    return { message, span: tokenSpan(found) };
  }
  return { message, span: { start: previousEnd, end: previousEnd } };
}

/**
 * Whether what the parser missed at the end of a line is there, hidden by a `//` comment
 * on that line (`when utm_id matches //`): the comment's own error already names the
 * mistake. A missing thing is shown just after the last token written (an empty span);
 * the comment must start on that token's line, before the token found.
 */
function hiddenBySlashComment(text: string, span: { start: number; end: number }, error: IRecognitionException, slashCommentStarts: readonly number[]): boolean {
  if (span.end !== span.start) return false;
  const found = error.token;
  const foundStart = isRealToken(found) && found.tokenType !== EOF ? found.startOffset : text.length;
  const comment = firstAtLeast(slashCommentStarts, span.start);
  // Only blanks lie between the last token and the comment (no token does), each such gap is sliced once.
  return comment < foundStart && !/[\r\n]/.test(text.slice(span.start, comment));
}

function strayTextMessage(found: IToken, tree: SourceFile): string {
  const what = `unexpected ${quoteToken(found)}`;
  const lowered = found.image.toLowerCase();
  if (found.image !== lowered && (KEYWORDS as readonly string[]).includes(lowered)) {
    return `${what}: keywords are lower-case, write \`${lowered}\``;
  }
  const before = lastStatementBefore(tree.statements, found.startOffset);
  if (before?.kind === 'channel' && before.rules.length > 0) {
    return `${what}: join conditions with \`and\` or \`or\`, or start a new rule with \`when\``;
  }
  return `${what}: expected \`channel\`, \`list\`, \`expect\` or \`otherwise\``;
}

function lastStatementBefore(statements: Statement[], offset: number): Statement | undefined {
  let result: Statement | undefined;
  for (const statement of statements) {
    if (statement.span.start >= offset) break;
    result = statement;
  }
  return result;
}

/** How many values of an ascending array are below `bound` (the index of the first ≥ it). */
function countBelow(sorted: readonly number[], bound: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < bound) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The smallest value ≥ `bound` in an ascending array (Infinity when none). */
function firstAtLeast(sorted: readonly number[], bound: number): number {
  const index = countBelow(sorted, bound);
  return index < sorted.length ? sorted[index]! : Number.POSITIVE_INFINITY;
}

/** Whether an offset lies in one of the spans, ends included: spans sorted by start, with the running maximum of their ends. */
function closedSpansCover(spans: readonly { start: number; end: number }[]): (offset: number) => boolean {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const starts = sorted.map((span) => span.start);
  const reach: number[] = [];
  let furthest = Number.NEGATIVE_INFINITY;
  for (const span of sorted) reach.push((furthest = Math.max(furthest, span.end)));
  return (offset) => {
    // The spans starting at or before the offset; the furthest end among them decides.
    const last = countBelow(starts, offset + 1) - 1;
    return last >= 0 && reach[last]! >= offset;
  };
}
