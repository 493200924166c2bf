// Where a case-sensitive regex (flags `u`) tells two cases of a character apart, which
// GA4 cannot do: it runs every regex ignoring case (SPEC §8 refuses case-sensitive
// comparisons). Ignoring case changes only what each character and class of a regex
// accepts, one character at a time, so a regex none of whose characters and classes
// holds a character without all of its other cases (its case class in
// engine/semantics/case-fold) accepts the same strings both ways, and GA4's folding
// adds nothing to it, as it adds nothing to the classes export closes under case.
//
// The pattern's text does not say this: `[!-_]` holds A to Z but not a to z, `[ -~]`
// holds k and s but not K (Kelvin) and ſ, `[^!-_]` the other way round, and `\u0041`
// is A. So each character and class is read with JavaScript's own meaning
// (../../sql/js-match-set). The check is sound, not exact: `a|A` is refused though its
// language is closed under case, which only an automaton of the whole regex could tell,
// at a cost that is not bounded.

import type { AST } from '@eslint-community/regexpp';
import { caseClasses, caseClassOf } from '../../semantics/case-fold';
import type { CodePointSet } from '../../sql/code-point-set';
import { jsMatchSet } from '../../sql/js-match-set';
import { parseRegexPattern } from '../../semantics/regex-syntax';
import { lowerBound } from '../../collections/sorted-search';

export interface CaseDistinction {
  /** The character or class as written in the pattern (`[!-_]`, `\u0041`). */
  element: string;
  /** Its UTF-16 offset in the pattern. */
  offset: number;
  /** A character it accepts… */
  accepted: number;
  /** …and one of that character's other cases, which it does not. */
  refused: number;
}

/**
 * The first character or class of `pattern` that accepts a character and not all of
 * its other cases, or undefined when there is none (then the regex accepts the same
 * strings ignoring case). A pattern that does not parse gives undefined: the caller's
 * translation says why it is refused.
 */
export function firstCaseDistinction(pattern: string): CaseDistinction | undefined {
  let ast: AST.Pattern;
  try {
    ast = parseRegexPattern(pattern);
  } catch {
    return undefined;
  }
  return inAlternatives(ast.alternatives);
}

function inAlternatives(alternatives: readonly AST.Alternative[]): CaseDistinction | undefined {
  for (const alternative of alternatives) {
    for (const element of alternative.elements) {
      const found = inElement(element);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function inElement(element: AST.Element): CaseDistinction | undefined {
  switch (element.type) {
    case 'Character': {
      const others = caseClassOf(element.value).filter((member) => member !== element.value);
      return others.length === 0 ? undefined : { element: element.raw, offset: element.start, accepted: element.value, refused: others[0]! };
    }
    case 'CharacterClass':
    case 'CharacterSet': {
      const open = openCaseClass(jsMatchSet(element.raw, 'u'));
      return open === undefined ? undefined : { element: element.raw, offset: element.start, ...open };
    }
    case 'Group':
    case 'CapturingGroup':
      return inAlternatives(element.alternatives);
    case 'Quantifier':
      return inElement(element.element);
    default:
      // Assertions accept no character; `\b` and the constructs outside the language's
      // subset are refused by the translation itself.
      return undefined;
  }
}

let casedCharacters: Int32Array | undefined;

/** Every character with another case, in order (a few thousand, all below U+20000). */
function sortedCasedCharacters(): Int32Array {
  return (casedCharacters ??= Int32Array.from([...caseClasses()].flat()).sort());
}

/**
 * A character of `set` with another case outside it. Only the characters that have
 * other cases are visited, each with a binary search per member of its class, so the
 * work is bounded by the size of the case table whatever the set's ranges.
 */
function openCaseClass(set: CodePointSet): { accepted: number; refused: number } | undefined {
  const cased = sortedCasedCharacters();
  for (const range of set) {
    for (let i = lowerBound(cased, range.min); i < cased.length && cased[i]! <= range.max; i++) {
      const accepted = cased[i]!;
      const refused = caseClassOf(accepted).find((member) => !holds(set, member));
      if (refused !== undefined) return { accepted, refused };
    }
  }
  return undefined;
}

function holds(set: CodePointSet, codePoint: number): boolean {
  let low = 0;
  let high = set.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (set[mid]!.max < codePoint) low = mid + 1;
    else high = mid;
  }
  return low < set.length && set[low]!.min <= codePoint;
}
