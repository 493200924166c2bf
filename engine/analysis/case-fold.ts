// Case folding as the engine's `iu` regexes do it (SPEC §2.3: Unicode simple case
// folding). Two strings are equal ignoring case exactly when their folds are equal,
// because an `iu` regex compares code point by code point after canonicalising each.
//
// refa's canonical character of a fold class is not always the lower-case one (it
// maps `k` and the Kelvin sign to `K`), so `fold` is only a key; `readableFold` turns
// a key back into the lower-case spelling a person expects in an example event.

import { JS, type Char } from 'refa';

const folding = JS.getCharCaseFolding({ unicode: true, ignoreCase: true });
const canonicalize = folding.canonicalize ?? ((char: Char) => char);

/** The fold key of a string: equal keys ⇔ equal under `iu` matching. */
export function fold(value: string): string {
  let result = '';
  let changed = false;
  for (const char of value) {
    const code = char.codePointAt(0)!;
    const canonical = canonicalize(code as Char);
    if (canonical !== code) changed = true;
    result += String.fromCodePoint(canonical);
  }
  return changed ? result : value;
}

/** The lower-case member of each character's fold class, where there is one. */
export function readableFold(value: string): string {
  let result = '';
  for (const char of value) {
    const lower = char.toLowerCase();
    const single = [...lower].length === 1;
    result += single && canonicalize(lower.codePointAt(0)! as Char) === canonicalize(char.codePointAt(0)! as Char) ? lower : char;
  }
  return result;
}

/** True when no character of the string has another case (so case-insensitive = exact). */
export function isCaseless(value: string): boolean {
  for (const char of value) {
    const code = char.codePointAt(0)! as Char;
    const set = folding.toCharSet(canonicalize(code));
    if (set.ranges.length !== 1 || set.ranges[0]!.min !== set.ranges[0]!.max) return false;
  }
  return true;
}
