// What a parsed file says, without where it says it: the formatter's proof that an edit
// of layout changed nothing else (SPEC §7.4: reformatting is no change).

import type { ParseResult } from '../../grammar/syntax-tree';

/**
 * The tree and the comments' texts without positions: equal exactly when two files say
 * the same thing and keep the same comments in the same order. Trailing white space is
 * not part of what a comment says, and `case insensitive` is compared by its presence.
 */
export function meaningFingerprint(parsed: ParseResult): string {
  const positional = new Set(['span', 'keyword', 'operatorSpan', 'valuesSpan']);
  return JSON.stringify({ tree: parsed.tree, comments: parsed.comments.map((comment) => comment.text.trimEnd()) }, (key, value: unknown) => {
    if (positional.has(key)) return undefined;
    if (key === 'caseInsensitive') return value !== undefined;
    return value;
  });
}
