// A bound on how deeply a condition nests (parentheses and `not`), checked on the tokens
// before parsing. The parser recurses once per level; far beyond any real rule, a
// generated or pasted condition could exhaust the stack. Such a condition is reported
// and cut at the level that is too deep; the rest of the file parses as usual.

import type { IToken } from 'chevrotain';
import * as t from './lexer';
import type { LiteralProblem } from './literals';
import { tokenSpan } from './syntax-builder';

export const MAX_NESTING = 100;

/** Tokens after which a `not` negates a whole condition (rather than prefixing `in`, `contains`, …). */
const UNARY_CONTEXT = new Set([t.When, t.And, t.Or, t.Not, t.LParen, t.AndSymbol, t.OrSymbol]);

export function limitNesting(tokens: IToken[]): { tokens: IToken[]; problems: LiteralProblem[] } {
  const problems: LiteralProblem[] = [];
  let kept: IToken[] | undefined; // copied only when something is cut
  // nots[i]: unary `not`s open at parenthesis level i; they close at `and`, `or` or `)`.
  let nots = [0];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const type = token.tokenType;
    if (t.statementKeywordTokens.includes(type)) {
      nots = [0];
      depth = 0;
    } else if (type === t.LParen) {
      nots.push(0);
      depth++;
    } else if (type === t.RParen) {
      if (nots.length > 1) depth -= 1 + nots.pop()!;
    } else if (type === t.And || type === t.Or || type === t.AndSymbol || type === t.OrSymbol) {
      depth -= nots[nots.length - 1];
      nots[nots.length - 1] = 0;
    } else if (type === t.Not && i > 0 && UNARY_CONTEXT.has(tokens[i - 1].tokenType)) {
      nots[nots.length - 1]++;
      depth++;
    }
    if (depth <= MAX_NESTING) {
      kept?.push(token);
      continue;
    }
    // Cut from here to the next statement keyword.
    kept ??= tokens.slice(0, i);
    let next = i;
    while (next < tokens.length && !t.statementKeywordTokens.includes(tokens[next].tokenType)) next++;
    const before = tokens[i - 1];
    problems.push({
      message: `this condition nests more than ${MAX_NESTING} levels deep (parentheses and \`not\`); simplify it`,
      span: tokenSpan(token),
      swallows: {
        start: before.startOffset + before.image.length,
        end: next < tokens.length ? tokens[next].startOffset : Number.MAX_SAFE_INTEGER,
      },
    });
    nots = [0];
    depth = 0;
    i = next - 1;
  }
  return { tokens: kept ?? tokens, problems };
}
