// Case-fold keys for the analysis's folded domain, on the engine's one definition of
// ignoring case (engine/semantics/case-fold): two strings are equal ignoring case
// exactly when their keys are equal. A key's characters are the canonical members of
// their case classes, which are not always the lower-case ones, so `readableFold`
// spells a key the way a person expects to read it in an example event.

import { caseClassOf, foldCase, foldCodePoint } from '../semantics/case-fold';
import { lowerBound } from '../collections/sorted-search';

/** The fold key of a string: equal keys ⇔ equal ignoring case. */
export function fold(value: string): string {
  return foldCase(value);
}

/** The lower-case member of each character's case class, where there is one. */
export function readableFold(value: string): string {
  let result = '';
  for (const char of value) {
    const lower = char.toLowerCase();
    const code = lower.codePointAt(0)!;
    result += [...lower].length === 1 && foldCodePoint(code) === foldCodePoint(char.codePointAt(0)!) ? lower : char;
  }
  return result;
}

/** True when no character of the string has another case (so ignoring case changes nothing). */
export function isCaseless(value: string): boolean {
  for (const char of value) if (caseClassOf(char.codePointAt(0)!).length > 1) return false;
  return true;
}

/** Whether a code point is the canonical member of its case class (a key character). */
export function isKeyCharacter(codePoint: number): boolean {
  return foldCodePoint(codePoint) === codePoint;
}

let nonKeys: Int32Array | undefined;

/** How many characters in [min, max] are not their own case-fold key. */
export function nonKeyCharactersIn(min: number, max: number): number {
  if (nonKeys === undefined) {
    const list: number[] = [];
    // Every character with another case is below U+20000.
    for (let char = 0; char < 0x20000; char++) if (!isKeyCharacter(char)) list.push(char);
    nonKeys = Int32Array.from(list);
  }
  return lowerBound(nonKeys, max + 1) - lowerBound(nonKeys, min);
}
