// How a field name is written in a rules file (SPEC §2.2): each part of its path an
// identifier, or the part in backticks. A backtick name holds any character but a
// backtick, and nothing escapes one, so a name with a backtick in a part cannot be
// written at all: it is refused here rather than written as text that no longer parses.

import { isIdentifier, isKeyword } from './references';

/**
 * The field name as a rule writes it: plain when every part is an identifier, else
 * the odd parts in backticks; undefined when a part holds a backtick (a sample's
 * "utm`source" is no field a rule, an expectation or a completion can name).
 */
export function writeField(name: string): string | undefined {
  const parts = name.split('.');
  if (parts.some((part) => part.includes('`'))) return undefined;
  return parts.map((part) => (isIdentifier(part) && !isKeyword(part) ? part : `\`${part}\``)).join('.');
}
