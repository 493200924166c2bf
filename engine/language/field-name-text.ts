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
  if (unwritableField(name) !== undefined) return undefined;
  return name.split('.').map((part) => (isIdentifier(part) && !isKeyword(part) ? part : `\`${part}\``)).join('.');
}

/**
 * Why a .channels file cannot write this field, or undefined when it can. Each importer
 * asks where it reads the field, so that its refusal names the field's own place.
 */
export function unwritableField(field: string): string | undefined {
  return field.includes('`') ? `the field name ${JSON.stringify(field)} holds a backtick, which a .channels file cannot write` : undefined;
}
