// The character sets of an `iu` regex against the engine's case folding.
//
// refa parses a regex with flags `iu` using its own tables of case folding, from an
// older Unicode than the engine's (engine/semantics/case-fold, taken from V8: Unicode
// 17). Its classes are subsets of the engine's (test/analysis/regex-case-classes.test.ts
// checks every code point), 116 code points fewer: `/ɤ/iu` matches "Ɤ" (U+A7CB) in the
// engine and not in refa's automaton. A set refa gives is exactly the engine's when it
// is closed under the engine's folding: a class `[A]` is refa's closure of A, which lies
// between A and the engine's closure, and a closed set between them is the engine's
// closure itself; `[^A]` is the complement of such a closure. A set that is not closed
// holds a code point without all of its engine class: the engine's set then lies between
// the set's interior (the code points whose whole class it holds) and its closure,
// whichever form the regex wrote.

import { CharSet } from 'refa';
import { caseClasses, caseClassOf } from '../semantics/case-fold';

const MAX_CHARACTER = 0x10ffff;

/** The set as the engine reads it, or bounds on it when refa's folding may differ. */
export type CaseBounds = { exact: CharSet } | { under: CharSet; over: CharSet };

let classSets: CharSet[] | undefined;

/** Each case class as a set (built on first use: a few thousand small sets). */
function classesAsSets(): CharSet[] {
  return (classSets ??= [...caseClasses()].map(asSet));
}

function asSet(members: readonly number[]): CharSet {
  return CharSet.fromCharacters(MAX_CHARACTER, [...members].sort((a, b) => a - b));
}

/** A set with few characters is checked class by class of its own characters, not against every class. */
const FEW_CHARACTERS = 64;

// refa's parser gives one CharSet object to each distinct character or class of a pattern.
const known = new WeakMap<CharSet, CaseBounds>();

/** `set` (from refa, flags `iu`) against the engine's case classes. */
export function caseBounds(set: CharSet): CaseBounds {
  let bounds = known.get(set);
  if (bounds === undefined) {
    bounds = boundsOf(set);
    known.set(set, bounds);
  }
  return bounds;
}

function boundsOf(set: CharSet): CaseBounds {
  const classes = set.size <= FEW_CHARACTERS ? [...set.characters()].map((c) => caseClassOf(c)).filter((members) => members.length > 1).map(asSet) : classesAsSets();
  let over = set;
  let under = set;
  for (const members of classes) {
    if (set.isDisjointWith(members) || set.isSupersetOf(members)) continue;
    over = over.union(members);
    under = under.without(members);
  }
  return over === set ? { exact: set } : { under, over };
}
