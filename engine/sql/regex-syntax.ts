// How one SQL dialect's regex engine spells the few constructs ./print-regex uses.

import type { CodePointSet } from './code-point-set';

export interface RegexSyntax {
  /** Name used in error messages ("RE2 (DuckDB)", "PostgreSQL ARE", …). */
  name: string;
  /** Code points no value of this warehouse can contain (never printed as range ends). */
  dontCare: CodePointSet;
  /** One set as an atom (a character, a bracket expression, or a group). */
  set(set: CodePointSet): string;
  /** Wraps a regex in a group that does not change its meaning. */
  group(inner: string): string;
  start: string;
  end: string;
  /** `\b` (or `\B` when negate) for the given word characters; throws when not exact. */
  wordBoundary(negate: boolean, word: CodePointSet): string;
  /** Largest bound allowed in `{m,n}`. */
  maxRepeat: number;
}
