// Ignoring case (SPEC §2.3): Unicode simple case folding exactly as a JavaScript regex
// with flags `iu` compares characters. Such a regex matches a literal code point by
// code point after mapping each to its class's canonical member, so two strings are
// equal ignoring case exactly when `foldCase` maps them to the same string, and a
// folded needle is found in a folded value exactly where the regex would find it
// (folding keeps every code point in place and every UTF-16 length, because no class
// mixes BMP and astral characters).
//
// The classes come from the JavaScript engine itself (scripts/generate-case-folding.mjs),
// and test/semantics/case-fold.test.ts checks them against `new RegExp(…, 'iu')` over
// every code point.

import { CASE_FOLDING_PAIRS } from './case-folding-pairs';

/** Folded UTF-16 unit of every BMP code point (itself when it has no other case). */
const BMP_FOLD = new Uint16Array(0x10000);
/** Folded code point of astral code points that have other cases. */
const ASTRAL_FOLD = new Map<number, number>();
/** For each representative, every member of its class (representative first). */
const CLASS_MEMBERS = new Map<number, number[]>();

for (let c = 0; c < 0x10000; c++) BMP_FOLD[c] = c;
for (let i = 0; i < CASE_FOLDING_PAIRS.length; i += 2) {
  const member = CASE_FOLDING_PAIRS[i]!;
  const representative = CASE_FOLDING_PAIRS[i + 1]!;
  if (member < 0x10000) BMP_FOLD[member] = representative;
  else ASTRAL_FOLD.set(member, representative);
  let members = CLASS_MEMBERS.get(representative);
  if (members === undefined) CLASS_MEMBERS.set(representative, (members = [representative]));
  members.push(member);
}

/** The canonical member of a code point's case class (the code point itself when it has no other case). */
export function foldCodePoint(codePoint: number): number {
  return codePoint < 0x10000 ? BMP_FOLD[codePoint]! : (ASTRAL_FOLD.get(codePoint) ?? codePoint);
}

/** Every code point equal to this one ignoring case, the canonical member first. */
export function caseClassOf(codePoint: number): readonly number[] {
  const canonical = foldCodePoint(codePoint);
  return CLASS_MEMBERS.get(canonical) ?? [canonical];
}

/** Every case class of more than one code point (each list's canonical member first). */
export function caseClasses(): Iterable<readonly number[]> {
  return CLASS_MEMBERS.values();
}

/**
 * The string with every code point replaced by its case class's canonical member.
 * `foldCase(a) === foldCase(b)` exactly when `new RegExp('^' + escaped(a) + '$', 'iu')`
 * matches `b`. Returns the argument itself when nothing changes (no allocation).
 */
export function foldCase(value: string): string {
  const length = value.length;
  let i = 0;
  // Fast scan: most values are ASCII without capitals, or otherwise already folded.
  for (; i < length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        const codePoint = 0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00);
        if (ASTRAL_FOLD.has(codePoint)) break;
        i++;
      }
    } else if (BMP_FOLD[unit] !== unit) {
      break;
    }
  }
  if (i === length) return value;
  return value.slice(0, i) + foldFrom(value, i);
}

function foldFrom(value: string, start: number): string {
  let result = '';
  for (let i = start; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        const codePoint = 0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00);
        result += String.fromCodePoint(ASTRAL_FOLD.get(codePoint) ?? codePoint);
        i++;
        continue;
      }
    }
    result += String.fromCharCode(BMP_FOLD[unit]!);
  }
  return result;
}
