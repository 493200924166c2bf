// A rule that cannot be compiled to exactly the same meaning in the chosen dialect.
// The compiler never emits SQL that means something else; it throws this instead, and
// the CLI prints it with the rule's location.

import type { Span } from '../../grammar/syntax-tree';

export class SqlCompileError extends Error {
  /** The condition or rule the message is about, when known. */
  span?: Span;

  constructor(message: string, span?: Span) {
    super(message);
    this.name = 'SqlCompileError';
    this.span = span;
  }
}
