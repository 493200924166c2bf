// Re-lays out a rules file token by token: the same tokens with other whitespace and
// line breaks between them, and optionally comments. The grammar makes whitespace
// and line breaks insignificant, so every re-layout means the same file.

import fc from 'fast-check';
import { scan } from '../../engine/language/scan';

export interface RelayoutChoices {
  /** Separator index per gap (cycled). */
  separators: number[];
  /** Gaps after which a comment is inserted (with comments). */
  comments: boolean[];
}

const SEPARATORS = [' ', ' ', '  ', '\n', '\n  ', '\n\t\t', ' \n    '];

export const relayoutChoices = (withComments: boolean): fc.Arbitrary<RelayoutChoices> =>
  fc.record({
    separators: fc.array(fc.nat(SEPARATORS.length - 1), { minLength: 1, maxLength: 64 }),
    comments: withComments ? fc.array(fc.boolean(), { minLength: 1, maxLength: 64 }) : fc.constant([false]),
  });

export function relayout(text: string, choices: RelayoutChoices): string {
  const tokens = scan(text).filter((token) => token.kind !== 'comment');
  let out = '';
  let comment = 0;
  tokens.forEach((token, i) => {
    if (i > 0) {
      const previous = tokens[i - 1]!;
      const tight = token.text === '.' || previous.text === '.';
      if (!tight) {
        const gap = i - 1;
        out += SEPARATORS[choices.separators[gap % choices.separators.length]!]!;
        if (choices.comments[gap % choices.comments.length]) out += `# c${comment++}\n`;
      }
    }
    out += token.text;
  });
  return `${out}\n`;
}
