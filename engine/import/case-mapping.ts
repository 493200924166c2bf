// LOWER / UPPER / ILIKE / case-insensitive regexes of SQL, turned into exact sets of
// characters. Unicode lower-casing is not case folding, and each warehouse lowers with
// its own tables (DuckDB: one character to one, with its own quirks; BigQuery,
// Snowflake and Spark: Unicode's full mappings, where `İ` lowers to two characters;
// PostgreSQL: whatever the database's LC_CTYPE or ICU locale says). So a comparison on
// LOWER(x) is translated only where the answer is the same under every table the
// dialect may use: the compared characters are ASCII (or a class of "every
// non-ASCII character"), and the few ASCII letters whose preimage varies are refused
// for that dialect. docs/import-export.md lists the rules; test/import holds DuckDB's
// table to the real LOWER and UPPER over every code point.

import { caseClassOf } from '../semantics/case-fold';
import { CASE_FOLDING_PAIRS } from '../semantics/case-folding-pairs';
import { complement, intersect, normalize, singleton, subtract, union, type CodePointSet } from '../sql/code-point-set';
import type { DialectName } from '../sql/dialect';

export type CaseFunction = 'lower' | 'upper';

export interface CaseModel {
  /** Every character maps to exactly one character (so `_` and regexes keep their positions). */
  lengthPreserving: boolean;
  /** Non-ASCII characters whose image is one ASCII character: [image, source]. */
  asciiExtras: Record<CaseFunction, ReadonlyArray<readonly [string, number]>>;
  /** ASCII characters whose preimage depends on the server's locale: refused. */
  uncertain: Record<CaseFunction, string>;
  /** Letters that occur in a multi-character image of some character (full mappings only). */
  expansionLetters: Record<CaseFunction, string>;
  /** ASCII substrings that are the whole image of some other character (full mappings only). */
  expansionImages: Record<CaseFunction, readonly string[]>;
  /** How the dialect's case-insensitive regex matching treats ASCII letters. */
  regexFold: 'unicode-simple' | 'ascii' | 'locale' | 'language';
  description: string;
}

const FULL_UPPER_LETTERS = 'SNJHTWYAFIL';
const FULL_UPPER_IMAGES = ['SS', 'FF', 'FI', 'FL', 'ST'];

const UNICODE_FULL: CaseModel = {
  lengthPreserving: false,
  asciiExtras: { lower: [['k', 0x212a]], upper: [['I', 0x131], ['S', 0x17f]] },
  uncertain: { lower: '', upper: '' },
  expansionLetters: { lower: 'i', upper: FULL_UPPER_LETTERS },
  expansionImages: { lower: [], upper: FULL_UPPER_IMAGES },
  regexFold: 'unicode-simple',
  description: "Unicode's full case mappings",
};

/** GA4: matching ignores case, which a `case insensitive` file says as the language's case folding (SPEC §8). */
export const GA4_CASE_MODEL: CaseModel = { ...UNICODE_FULL, regexFold: 'language', description: "GA4's case-insensitive matching" };

export const CASE_MODELS: Record<DialectName, CaseModel> = {
  duckdb: {
    lengthPreserving: true,
    asciiExtras: { lower: [['i', 0x130], ['k', 0x212a]], upper: [['I', 0x131], ['S', 0x17f]] },
    uncertain: { lower: '', upper: '' },
    expansionLetters: { lower: '', upper: '' },
    expansionImages: { lower: [], upper: [] },
    regexFold: 'unicode-simple',
    description: "DuckDB's one-to-one case mappings",
  },
  bigquery: UNICODE_FULL,
  snowflake: { ...UNICODE_FULL, regexFold: 'locale' },
  spark: { ...UNICODE_FULL, regexFold: 'ascii' },
  postgres: {
    lengthPreserving: false,
    asciiExtras: { lower: [], upper: [] },
    uncertain: { lower: 'ik', upper: 'IS' },
    expansionLetters: { lower: 'i', upper: FULL_UPPER_LETTERS },
    expansionImages: { lower: [], upper: FULL_UPPER_IMAGES },
    regexFold: 'locale',
    description: "the database's locale (LC_CTYPE or ICU)",
  },
};

const ASCII: CodePointSet = [{ min: 0, max: 0x7f }];
const NON_ASCII: CodePointSet = complement(ASCII);

export class CaseRefusal extends Error {}

function isUpperAscii(c: number): boolean {
  return c >= 0x41 && c <= 0x5a;
}
function isLowerAscii(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
}

/** Every character whose `fn` image is the ASCII character `c`. */
function asciiPreimage(c: number, fn: CaseFunction, model: CaseModel): CodePointSet {
  const char = String.fromCodePoint(c);
  if (model.uncertain[fn].includes(char)) {
    throw new CaseRefusal(`${fn.toUpperCase()} of a character compared with "${char}" depends on ${model.description}`);
  }
  let members: number[];
  if (fn === 'lower') members = isUpperAscii(c) ? [] : isLowerAscii(c) ? [c, c - 32] : [c];
  else members = isLowerAscii(c) ? [] : isUpperAscii(c) ? [c, c + 32] : [c];
  for (const [image, source] of model.asciiExtras[fn]) if (image === char) members.push(source);
  return normalize(members.map((member) => ({ min: member, max: member })));
}

/**
 * The characters whose `fn` image lies in `set`. The set must be ASCII-only or hold
 * every non-ASCII character (`.`, `%`, `[^/]`): other sets depend on tables we do not
 * know exactly, and are refused.
 */
export function casePreimage(set: CodePointSet, fn: CaseFunction, model: CaseModel): CodePointSet {
  const nonAscii = intersect(set, NON_ASCII);
  const asciiPart = intersect(set, ASCII);
  const preimageOf = (ascii: CodePointSet) => {
    let result: CodePointSet = [];
    for (const range of ascii) for (let c = range.min; c <= range.max; c++) result = union(result, asciiPreimage(c, fn, model));
    return result;
  };
  if (nonAscii.length === 0) return preimageOf(asciiPart);
  if (subtract(NON_ASCII, nonAscii).length === 0) return complement(preimageOf(subtract(ASCII, asciiPart)));
  throw new CaseRefusal(`${fn.toUpperCase()} compared with non-ASCII characters depends on ${model.description}`);
}

/**
 * Refuses what a multi-character image could match other than character by character
 * (full mappings): `elements` is the pattern as literal characters, `*` for `%` and `$`
 * for the end. LOWER's only such image is `i̇` (of `İ`): safe when every `i` is followed
 * by a literal character or ends the pattern. UPPER's are many (`SS` of `ß`, `FI` of
 * `ﬁ`, …): their letters are refused next to wildcards, their ASCII images everywhere.
 */
export function checkExpansions(elements: readonly string[], fn: CaseFunction, model: CaseModel): void {
  const literal = elements.filter((element) => element.length > 0 && element !== '*' && element !== '$').join('');
  const wildcard = elements.includes('*');
  if (fn === 'lower') {
    elements.forEach((element, i) => {
      if (!model.expansionLetters.lower.includes(element)) return;
      const next = elements[i + 1];
      if (next === undefined || next === '*') {
        throw new CaseRefusal(`with ${model.description}, LOWER("İ") is "i" and a combining dot, so "${element}" before a wildcard or an open end cannot be matched character by character`);
      }
    });
  } else if (wildcard) {
    for (const char of literal) {
      if (model.expansionLetters[fn].includes(char)) {
        throw new CaseRefusal(`with ${model.description}, some character's ${fn.toUpperCase()} is several characters including "${char}", so a pattern with wildcards and "${char}" cannot be matched character by character`);
      }
    }
  }
  // A match that begins after a wildcard or ends before one may begin or end inside a
  // longer image, at a character of its own that is not ASCII: LOWER("İ")'s combining
  // dot, and UPPER's Greek capitals, ʼ and combining marks (UPPER("ΐ") is "Ϊ́").
  elements.forEach((element, i) => {
    if (element === '*' || element === '$' || element.codePointAt(0)! < 0x80) return;
    const nextToWildcard = elements[i - 1] === '*' || (fn === 'upper' && elements[i + 1] === '*');
    if (nextToWildcard && (fn === 'upper' || element === '\u0307')) {
      throw new CaseRefusal(`with ${model.description}, some character's ${fn.toUpperCase()} is several characters including "${element}", so "${element}" next to a wildcard or an open end cannot be matched character by character`);
    }
  });
  for (const image of model.expansionImages[fn]) {
    if (literal.includes(image)) {
      throw new CaseRefusal(`with ${model.description}, "${image}" is the ${fn.toUpperCase()} of a single character too`);
    }
  }
}

/**
 * Whether any number of characters of `set` (`.*` of RE2, `[^/]*`) may follow `fn` where
 * it changes lengths, matched character by character: the set holds every character of
 * every image several characters long (all non-ASCII characters and the model's
 * expansion letters), so a run of the value's characters has its image in the
 * repetition exactly when each of them is in the set's preimage. Where the run starts
 * and ends is `checkExpansions`' question, with a `*` for the repetition.
 */
export function repeatsCharacterByCharacter(set: CodePointSet, fn: CaseFunction, model: CaseModel): boolean {
  if (subtract(NON_ASCII, set).length > 0) return false;
  return [...model.expansionLetters[fn]].every((letter) => intersect(set, singleton(letter.codePointAt(0)!)).length > 0);
}

/** Every code point that is equal to another ignoring case (the language's case classes). */
const HAS_OTHER_CASES: CodePointSet = normalize(CASE_FOLDING_PAIRS.map((codePoint) => ({ min: codePoint, max: codePoint })));

/** The set a case-insensitive regex matches for the set `positive` written in the pattern. */
export function regexCaseClosure(positive: CodePointSet, model: CaseModel): CodePointSet {
  // The language's folding is one known table: the closure goes through the few
  // characters that have other cases, however large the class (GA4's `[\x{0}-\x{10FFFF}]`).
  if (model.regexFold === 'language') return languageCaseClosure(positive);
  let result = positive;
  if (positive.reduce((total, range) => total + range.max - range.min + 1, 0) > 0x3000) {
    throw new CaseRefusal('a character class this large cannot be matched case-insensitively character by character');
  }
  for (const range of positive) {
    for (let c = range.min; c <= range.max; c++) {
      const cased = String.fromCodePoint(c).toLowerCase() !== String.fromCodePoint(c).toUpperCase();
      if (!cased && caseClassOf(c).length === 1) continue;
      if (c > 0x7f) {
        if (model.regexFold === 'ascii') continue;
        throw new CaseRefusal(`case-insensitive matching of "${String.fromCodePoint(c)}" depends on the engine's Unicode tables`);
      }
      const char = String.fromCodePoint(c);
      if (model.regexFold === 'locale' && 'iIkKsS'.includes(char)) {
        throw new CaseRefusal(`case-insensitive matching of "${char}" depends on the database's locale`);
      }
      if (model.regexFold === 'unicode-simple') result = union(result, normalize(caseClassOf(c).map((m) => ({ min: m, max: m }))));
      else result = union(result, union(singleton(char.toLowerCase().codePointAt(0)!), singleton(char.toUpperCase().codePointAt(0)!)));
    }
  }
  return result;
}

/** `positive` with the whole case class of each of its characters. */
function languageCaseClosure(positive: CodePointSet): CodePointSet {
  const ranges = [...positive];
  for (const range of intersect(positive, HAS_OTHER_CASES)) {
    for (let c = range.min; c <= range.max; c++) for (const member of caseClassOf(c)) ranges.push({ min: member, max: member });
  }
  return normalize(ranges);
}
