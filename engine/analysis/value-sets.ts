// The set of values one field may take in a region: whether it may be missing,
// whether it may be null, and which strings (SPEC §2.3's three states). Built from a
// ValueTest (engine/semantics/value-test), whose meaning it keeps exactly.
//
// Strings are `(language ∪ plus) ∖ minus`: a symbolic regular language (./languages)
// adjusted by finite sets, with plus ∩ language = ∅ and minus ⊆ language. `=`, `in`
// and `is empty` are plain finite sets (language ∅), their negations co-finite sets
// (language "every string"), so the common rules never touch an automaton; only
// `contains`, `starts with`, `ends with` and `matches` bring a language, and only
// two languages meeting need one.
//
// A field is analysed in one of two domains, chosen once for the whole analysis:
// *folded* when every test of the field is blind to case (ignoring case, or no cased
// letter involved), and then every string stands for its case-fold class (./case-fold)
// and finite sets hold fold keys; *exact* otherwise, where a case-insensitive `=`/`in`
// becomes the language of its `iu` regex.

import type { FieldValue, StringSet, ValueTest } from '../semantics/value-test';
import { stringSetRegexSource } from '../semantics/value-test';
import type { StringTest } from '../semantics/linear-regex';
import { compileValueTest } from '../classify/compile-value-test';
import { fold, isCaseless, readableFold } from './case-fold';
import { GrowingSet } from '../collections/growing-set';
import { lowerBound } from '../collections/sorted-search';
import { literalWord } from './literal-words';
import { ANY_STRING, NO_STRING, type LanguageId, type Languages } from './languages';

export interface Strings {
  readonly language: LanguageId;
  readonly plus: ReadonlySet<string>;
  readonly minus: ReadonlySet<string>;
}

export interface FieldSet {
  readonly missing: boolean;
  readonly null: boolean;
  readonly strings: Strings;
}

/** Whether a set is empty, with a member when it is not; `unknown` when the budget ran out. */
export type Witness = { kind: 'found'; value: FieldValue } | { kind: 'empty' } | { kind: 'unknown' };

const NOTHING: ReadonlySet<string> = new Set();
const ALL_STRINGS: Strings = { language: ANY_STRING, plus: NOTHING, minus: NOTHING };
const NO_STRINGS: Strings = { language: NO_STRING, plus: NOTHING, minus: NOTHING };

/** Every value: missing, null and every string. */
export const ANY_VALUE: FieldSet = { missing: true, null: true, strings: ALL_STRINGS };

/** Whether a test treats every string like the other members of its case-fold class. */
export function isCaseBlind(test: ValueTest): boolean {
  if (test.ignoreCase || test.strings.kind === 'all') return true;
  switch (test.strings.kind) {
    case 'equals':
      return test.strings.values.every(isCaseless);
    case 'contains':
    case 'startsWith':
    case 'endsWith':
      return isCaseless(test.strings.value);
    case 'regex':
      return false;
  }
}

const ASCII = /^[\x00-\x7f]*$/;

/** Generated fallback values for sets that no written value is in. */
const FALLBACK_VALUES = ['x', 'y', 'z', 'other', 'value', 'a', 'b', '0', '1', ''];

export class FieldDomain {
  private readonly witnesses = new WeakMap<FieldSet, Witness>();
  private readonly candidates: string[];
  /**
   * Per language: no candidate before this index is a member (a lower bound, exact:
   * the witness found is the first member among the candidates all the same).
   */
  private readonly firstCandidate = new Map<LanguageId, number>();

  /**
   * @param written values written in the rules for this field (`=`, `in`, `contains` …), tried
   *   first as members so that examples read like the rules.
   */
  constructor(
    readonly field: string,
    readonly folded: boolean,
    readonly languages: Languages,
    written: Iterable<string>,
  ) {
    const seen = new Set<string>();
    this.candidates = [];
    for (const value of [...written, ...FALLBACK_VALUES]) {
      const key = this.key(value);
      if (!seen.has(key)) {
        seen.add(key);
        this.candidates.push(key);
      }
    }
  }

  /** The representative of a string in this domain. */
  key(value: string): string {
    return this.folded ? fold(value) : value;
  }

  /** A representative as an event value (lower case where case does not matter). */
  display(key: string): string {
    // An ASCII key is lower case already (a pair's example is a new key each time: not kept).
    if (!this.folded || ASCII.test(key)) return key;
    let readable = this.readable.get(key);
    if (readable === undefined) this.readable.set(key, (readable = readableFold(key)));
    return readable;
  }

  private readonly readable = new Map<string, string>();

  fromValueTest(test: ValueTest): FieldSet {
    const strings = this.stringsOf(test.strings, test.ignoreCase);
    return { missing: test.missing, null: test.null, strings: test.complement ? this.complementStrings(strings) : strings };
  }

  intersect(a: FieldSet, b: FieldSet): FieldSet {
    if (a === b || b === ANY_VALUE) return a;
    if (a === ANY_VALUE) return b;
    return { missing: a.missing && b.missing, null: a.null && b.null, strings: this.intersectStrings(a.strings, b.strings) };
  }

  /**
   * The witness of a ∩ b, found without making a language for it where that is not
   * needed: a finite side's members are tested against the other, and two sets of
   * literal tests (`contains`, `starts with`, `ends with`) get the first written value
   * that is in both, else a word written down from their literals (./literal-words),
   * tested. Undefined when the intersection's own witness would have to be searched.
   */
  meet(a: FieldSet, b: FieldSet): Witness | undefined {
    if (a.strings.language === NO_STRING || b.strings.language === NO_STRING || a === b || a === ANY_VALUE || b === ANY_VALUE) return this.witness(this.intersect(a, b));
    if (a.missing && b.missing) return { kind: 'found', value: undefined };
    const strings = this.literalMeet(a.strings, b.strings);
    if (strings === undefined) return undefined;
    if (strings !== 'none') return { kind: 'found', value: strings };
    return a.null && b.null ? { kind: 'found', value: null } : { kind: 'empty' };
  }

  private literalMeet(a: Strings, b: Strings): string | 'none' | undefined {
    if (a.plus.size + a.minus.size + b.plus.size + b.minus.size > 0) return undefined;
    const left = this.languages.literalTests(a.language);
    const right = this.languages.literalTests(b.language);
    if (!left.only || !right.only) return undefined;
    const tests = [...left.tests, ...right.tests].sort((x, y) => x.id - y.id).filter((test, i, all) => i === 0 || all[i - 1]!.id !== test.id);
    const word = literalWord(tests, this.folded);
    if (word === 'none') return word;
    // The written values first, as `witness` tries them.
    for (const index of this.positionsHoldingAll([...left.keys, ...right.keys])!) {
      const value = this.candidates[index]!;
      this.languages.meter?.spend(1);
      if (this.hasString(a, value) && this.hasString(b, value)) return value;
    }
    return this.hasString(a, word) && this.hasString(b, word) ? word : undefined;
  }

  complement(a: FieldSet): FieldSet {
    return { missing: !a.missing, null: !a.null, strings: this.complementStrings(a.strings) };
  }

  /** Exact membership of a value (strings given as keys of this domain). */
  has(set: FieldSet, value: FieldValue): boolean {
    if (value === undefined) return set.missing;
    if (value === null) return set.null;
    return this.hasString(set.strings, value);
  }

  isUniversal(set: FieldSet): boolean {
    return set === ANY_VALUE || (set.missing && set.null && set.strings.language === ANY_STRING && set.strings.minus.size === 0);
  }

  /** A member, preferring missing, then a string, then null. Memoised per set. */
  witness(set: FieldSet): Witness {
    let found = this.witnesses.get(set);
    if (found === undefined) {
      found = this.computeWitness(set);
      this.witnesses.set(set, found);
    }
    return found;
  }

  /** Members of the set's strings other than `avoid`, for alternative examples. */
  *stringMembers(set: FieldSet, limit: number): Iterable<string> {
    let count = 0;
    const strings = set.strings;
    for (const value of strings.plus) {
      yield value;
      if (++count >= limit) return;
    }
    if (strings.language === NO_STRING) return;
    for (const value of this.candidates) {
      if (!strings.plus.has(value) && this.hasString(strings, value)) {
        yield value;
        if (++count >= limit) return;
      }
    }
  }

  private computeWitness(set: FieldSet): Witness {
    if (set.missing) return { kind: 'found', value: undefined };
    const strings = this.stringWitness(set.strings);
    if (strings.kind === 'found') return strings;
    if (set.null) return { kind: 'found', value: null };
    return strings;
  }

  private stringWitness(strings: Strings): Witness {
    for (const value of strings.plus) return { kind: 'found', value };
    if (strings.language === NO_STRING) return { kind: 'empty' };
    const meter = this.languages.meter;
    const language = strings.language;
    const from = this.firstCandidate.get(language) ?? 0;
    let firstMember: number | undefined;
    // Only the candidates holding a literal every member contains can be members: with
    // one `contains` rule per written value, trying every value for each intersection
    // of two of them was a cost of the rules' number cubed.
    const positions = this.positionsHoldingAll(this.languages.containedLiterals(language));
    for (let next = positions === undefined ? from : lowerBound(positions, from); ; next++) {
      const index = positions === undefined ? next : positions[next];
      if (index === undefined || index >= this.candidates.length) break;
      const value = this.candidates[index]!;
      // One step per value tried: 10,000 `contains` tests of one field would try 10,000 values each.
      meter?.spend(1);
      if (!this.languages.hasMember(language, value)) continue;
      firstMember ??= index;
      // A member left out by `minus` is still the language's first: the bound is the language's, whatever the set's `minus`.
      this.firstCandidate.set(language, firstMember);
      if (!strings.minus.has(value)) return { kind: 'found', value };
    }
    this.firstCandidate.set(language, firstMember ?? this.candidates.length);
    if (strings.language === ANY_STRING) return this.generatedOutside(strings.minus);
    return this.languages.member(strings.language, strings.minus, this.folded);
  }

  /**
   * The positions (ascending) of the candidates whose fold keys contain the literal (a
   * fold key, Languages.containedLiterals) of `literals` held by the fewest, a superset
   * of the candidates that contain them all; undefined without literals (every
   * candidate may be a member).
   */
  private positionsHoldingAll(literals: readonly string[]): Int32Array | undefined {
    let fewest: Int32Array | undefined;
    for (const literal of literals) {
      let positions = this.holding.get(literal);
      if (positions === undefined) {
        // Once per literal: a test of each candidate (code units: a superset of the
        // candidates that contain it as code points, which `has` then decides), a few
        // dozen nanoseconds each: a step (about a microsecond) per 16.
        this.languages.meter?.spend(1 + (this.candidates.length >> 4));
        const found: number[] = [];
        this.candidateKeys ??= this.folded ? this.candidates : this.candidates.map(fold);
        this.candidateKeys.forEach((candidate, index) => {
          if (candidate.includes(literal)) found.push(index);
        });
        this.holding.set(literal, (positions = Int32Array.from(found)));
      }
      if (fewest === undefined || positions.length < fewest.length) fewest = positions;
    }
    return fewest;
  }

  /** Per literal: the positions of the candidates that contain it (positionsHoldingAll). */
  private readonly holding = new Map<string, Int32Array>();
  /** The candidates' fold keys (the candidates themselves in a folded domain). */
  private candidateKeys: readonly string[] | undefined;

  private generatedOutside(minus: ReadonlySet<string>): Witness {
    for (let i = 0; ; i++) {
      const value = this.key(`x${i}`);
      if (!minus.has(value)) return { kind: 'found', value };
    }
  }

  private hasString(strings: Strings, value: string): boolean {
    if (strings.plus.has(value)) return true;
    if (strings.language === NO_STRING || strings.minus.has(value)) return false;
    return this.languages.has(strings.language, value);
  }

  private intersectStrings(a: Strings, b: Strings): Strings {
    if (a === b) return a;
    if (a.language === NO_STRING && a.plus.size === 0) return NO_STRINGS;
    if (b.language === NO_STRING && b.plus.size === 0) return NO_STRINGS;
    const language = this.languages.and(a.language, b.language);
    this.boundFirstCandidate(language, a.language, b.language);
    const plus = new Set<string>();
    const meter = this.languages.meter;
    if (a.language === NO_STRING || b.language === NO_STRING) {
      // A finite side: its members that the other side has, a step each (as every written value tried as a member).
      const [finite, other] = a.language === NO_STRING ? (b.language === NO_STRING && b.plus.size < a.plus.size ? [b, a] : [a, b]) : [b, a];
      meter?.spend(finite.plus.size);
      for (const value of finite.plus) if (this.hasString(other, value)) plus.add(value);
      return plus.size === 0 ? NO_STRINGS : { language: NO_STRING, plus, minus: NOTHING };
    }
    meter?.spend(a.plus.size + b.plus.size);
    for (const value of a.plus) if (this.hasString(b, value)) plus.add(value);
    for (const value of b.plus) if (this.hasString(a, value)) plus.add(value);
    if (language === ANY_STRING) {
      // Two co-finite sets: every excluded value stays excluded, and the union grows
      // the larger exclusion in place (a chain of `!=` or of subtracted values is linear).
      return { language, plus: plus.size === 0 ? NOTHING : plus, minus: GrowingSet.union(a.minus, b.minus, (values) => meter?.spend(values)) };
    }
    meter?.spend(a.minus.size + b.minus.size);
    const minus = new Set<string>();
    if (language !== NO_STRING) {
      for (const value of a.minus) if (this.languages.has(language, value)) minus.add(value);
      for (const value of b.minus) if (this.languages.has(language, value)) minus.add(value);
    }
    return { language, plus: plus.size === 0 ? NOTHING : plus, minus: minus.size === 0 ? NOTHING : minus };
  }

  /**
   * `language` is `left ∩ right`: no candidate before the first member of either is a
   * member of it, so its witness search starts at the later of the two. In a chain of
   * subtractions (a rule's box cut by each earlier rule in turn) the search then starts
   * at the piece before's witness instead of trying every written value again.
   */
  private boundFirstCandidate(language: LanguageId, left: LanguageId, right: LanguageId): void {
    const bound = Math.max(this.firstCandidate.get(left) ?? 0, this.firstCandidate.get(right) ?? 0);
    if (bound > (this.firstCandidate.get(language) ?? 0)) this.firstCandidate.set(language, bound);
  }

  private complementStrings(strings: Strings): Strings {
    if (strings === ALL_STRINGS) return NO_STRINGS;
    if (strings === NO_STRINGS) return ALL_STRINGS;
    return { language: this.languages.not(strings.language), plus: strings.minus, minus: strings.plus };
  }

  private stringsOf(set: StringSet, ignoreCase: boolean): Strings {
    switch (set.kind) {
      case 'all':
        return ALL_STRINGS;
      case 'equals': {
        if (set.values.length === 0) return NO_STRINGS;
        if (this.folded && !ignoreCase && !set.values.every(isCaseless)) {
          throw new Error(`a case-sensitive test of ${this.field} in the folded domain`);
        }
        if (!ignoreCase || this.folded || set.values.every(isCaseless)) {
          return { language: NO_STRING, plus: new Set(set.values.map((value) => this.key(value))), minus: NOTHING };
        }
        return { language: this.languages.leaf(stringSetRegexSource(set), true, equalIgnoringCase(set.values)), plus: NOTHING, minus: NOTHING };
      }
      case 'contains':
      case 'startsWith':
      case 'endsWith': {
        // Membership by the classifier's native check (includes, startsWith, endsWith on fold keys when ignoring case).
        const membership = { test: compileValueTest({ missing: false, null: false, strings: set, complement: false, ignoreCase }) };
        return { language: this.languages.literal(set.kind, set.value, stringSetRegexSource(set), ignoreCase, membership), plus: NOTHING, minus: NOTHING };
      }
      default:
        return { language: this.languages.leaf(stringSetRegexSource(set), ignoreCase), plus: NOTHING, minus: NOTHING };
    }
  }
}

/**
 * Membership of `^(?:a|b|…)$` with flags `iu` by fold keys: a value matches exactly when
 * it equals one of the values ignoring case (./case-fold), found in one lookup rather
 * than a try of every alternative (a list of 10,000 values made a question of each of
 * them cost 10,000 tries).
 */
function equalIgnoringCase(values: readonly string[]): StringTest {
  const keys = new Set(values.map(fold));
  return { test: (value) => keys.has(fold(value)) };
}
