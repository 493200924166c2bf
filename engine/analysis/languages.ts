// Regular languages of strings, kept symbolic: a language is a leaf (the search
// language of a regex source with flags `u` or `iu`, exactly the regex that
// engine/semantics/value-test defines for a string set), or an intersection or
// complement of others. Membership is decided by running the leaves' own RegExps —
// the defining semantics, exact and fast. Automata are built only when no known
// string settles a question: a minimal DFA per leaf (./regex-language), and for a
// combination the explicit product of its leaves' DFAs (./language-product), both
// cached.
//
// Languages are hash-consed: the same leaf or combination gets the same id, so caches
// and the trivial identities (A ∩ A = A, A ∩ ¬A = ∅, ¬¬A = A) work on ids.
// Intersections are kept as flat sets of conjuncts.

import type { DFA } from 'refa';
import { TooManyNodesError } from 'refa';
import { fold, readableFold } from './case-fold';
import { enumerateWords, exploreProduct, ProductBudgetError, type ProductGraph } from './language-product';
import { LinearRegex, RegexTooLargeError, type StringTest } from '../semantics/linear-regex';
import { LanguageBudgetError, regexSearchLanguage, regexSearchSamples, type LanguageLimits, type RegexLanguage } from './regex-language';

export type LanguageId = number;
/** The empty language. */
export const NO_STRING: LanguageId = 0;
/** Every string. */
export const ANY_STRING: LanguageId = 1;

/** Most words of a language tried as members of a set difference. */
const MAX_SAMPLE_WORDS = 256;
/**
 * What building one regex's automata is charged besides its states: parsing, the
 * search ENFA, determinising and minimising cost far more than a box subtraction.
 */
const LEAF_AUTOMATON_STEPS = 1_000;
/** Words of a language kept as likely members of its intersections. */
const FIRST_SAMPLE_WORDS = 16;

type LanguageNode =
  | { kind: 'none' }
  | { kind: 'all' }
  | {
      kind: 'leaf';
      source: string;
      ignoreCase: boolean;
      regex: StringTest | undefined;
      membership: boolean;
      /** The test's literal, when the leaf is known to be a `contains`, `starts with` or `ends with` (`literal`). */
      literal: LiteralTest | undefined;
    }
  /** Sorted, distinct, none itself an intersection. */
  | { kind: 'and'; operands: readonly LanguageId[] }
  | { kind: 'not'; operand: LanguageId };

/**
 * What automata and combinations cost is charged to (the analysis's overall budget):
 * `spend` throws to stop the work, so that no single question (a rule with 10,000
 * `and`ed regexes) can take minutes or gigabytes. Unset, the work is bounded only by
 * the automata's own state limits.
 */
export interface WorkMeter {
  spend(steps: number): void;
}

/** Where a literal test looks for its literal. */
export type LiteralPlace = 'contains' | 'startsWith' | 'endsWith';

/** A `contains`, `starts with` or `ends with` test as a language's leaf knows it (Languages.literal). */
export interface LiteralTest {
  /** The leaf's language. */
  readonly id: LanguageId;
  readonly place: LiteralPlace;
  /** The literal as written. */
  readonly text: string;
  /** Its fold key. */
  readonly key: string;
  readonly ignoreCase: boolean;
}

/** The literal tests of a language (Languages.literalTests). */
export interface LiteralTests {
  readonly tests: readonly LiteralTest[];
  /** Their fold keys. */
  readonly keys: readonly string[];
  /** The language is exactly the strings that pass every one of them. */
  readonly only: boolean;
}

const NO_LITERALS: LiteralTests = { tests: [], keys: [], only: false };

export type Member = { kind: 'found'; value: string } | { kind: 'empty' } | { kind: 'unknown' };

/** The product automata of a language: `over` accepts a superset, `under` a subset (the same graph when exact). */
interface Graphs {
  over: ProductGraph;
  under: ProductGraph;
  exact: boolean;
}

export class Languages {
  private readonly nodes: LanguageNode[] = [{ kind: 'none' }, { kind: 'all' }];
  private readonly ids = new Map<string, LanguageId>();
  private readonly leafAutomata = new Map<LanguageId, RegexLanguage | 'budget'>();
  private readonly graphs = new Map<LanguageId, Graphs | 'budget'>();
  private readonly memberCache = new Map<string, Member>();
  private readonly sampleCache = new Map<string, readonly string[]>();
  /**
   * Per intersection (and `k` when folded): no word of likelyMembers before this position
   * is a member. An intersection with the same positive leaves and more complements (a
   * box cut by one more earlier rule) starts where the one it was cut from found its
   * member, instead of trying every word again: the same member, found sooner.
   */
  private readonly likelyFloors = [new Map<LanguageId, number>(), new Map<LanguageId, number>()] as const;
  /** The two languages an intersection was first made from (hasMember). */
  private readonly madeFrom = new Map<LanguageId, readonly [LanguageId, LanguageId]>();
  /** A word known to be a member of a language (the first hasMember found). */
  private readonly knownMembers = new Map<LanguageId, string>();
  /** An intersection's positive leaves as a key (leavesKeyOf). */
  private readonly leavesKeys = new Map<LanguageId, string>();
  /** likelyMembers per set of positive leaves (and `k` when folded), as far as read. */
  private readonly likelySequences = new Map<string, LikelySequence>();
  /** Each intersection's likelyMembers (in the plain and the folded domain). */
  private readonly sequenceOf = [new Map<LanguageId, LikelySequence>(), new Map<LanguageId, LikelySequence>()] as const;

  /** Set by the analysis for its run (./analyze-rules), unset otherwise. */
  meter: WorkMeter | undefined;

  constructor(readonly limits: LanguageLimits) {}

  get size(): number {
    return this.nodes.length;
  }

  /**
   * The strings in which `source` (flags `u`, plus `i` when ignoring case) finds a match;
   * `membership`, when given, answers that test as the regex would, in less time.
   */
  leaf(source: string, ignoreCase: boolean, membership?: StringTest): LanguageId {
    if (source === '') return ANY_STRING;
    return this.intern(`r${ignoreCase ? 'i' : ''}/${source}`, () => ({
      kind: 'leaf',
      source,
      ignoreCase,
      regex: membership,
      membership: membership !== undefined,
      literal: undefined,
    }));
  }

  /**
   * The strings that contain `text` (`place` 'contains'), start with it or end with it,
   * ignoring case when `ignoreCase`: the leaf of its escaped source (the same language
   * as a `matches` of that source), known to be a literal so that a candidate word can
   * be tested against many such leaves at once by looking the literal's fold key up in
   * the word's (./first-coverer, ./value-sets) rather than by running each regex, and
   * so that a word of several such leaves can be written down (./literal-words).
   * `membership` answers the test as the regex would (the classifier's native check).
   *
   * Every member's fold key contains the literal's, as code units: the regex (flags `u`
   * or `iu`) matches the literal code point by code point, ignoring case by simple case
   * folding, and `fold` maps each code point to its case class's canonical member (the
   * classes are the `iu` regex's own, engine/semantics/case-fold) keeping its UTF-16
   * length, so where the regex finds the literal the value's key holds the literal's key
   * at the same offset (at its start for `starts with`, at its end for `ends with`). No
   * character escapes this: K, k and the Kelvin sign, ß and ẞ, σ, ς and Σ, s, S and ſ
   * are one class each in both; İ and ı fold to nothing else in either (only full or
   * Turkic folding joins them to i); a combining mark is a code point of its own in both
   * (neither normalises); no class mixes BMP and astral characters. A word whose key
   * lacks it is no member; one whose key has it is tested.
   */
  literal(place: LiteralPlace, text: string, source: string, ignoreCase: boolean, membership?: StringTest): LanguageId {
    const id = this.leaf(source, ignoreCase, membership);
    const node = this.nodes[id]!;
    if (node.kind === 'leaf') {
      if (node.literal === undefined) {
        node.literal = { id, place, text, key: fold(text), ignoreCase };
        this.literalsOf.set(id, { tests: [node.literal], keys: [node.literal.key], only: true });
      }
      if (!node.membership && membership !== undefined) {
        node.regex = membership;
        node.membership = true;
      }
    }
    return id;
  }

  /**
   * The fold keys of the literals (`literal`) that every member of `id` has (the leaf
   * itself, or the leaves among an intersection's operands): a word whose fold key
   * lacks one of them is no member, found without a test.
   */
  containedLiterals(id: LanguageId): readonly string[] {
    return this.literalTests(id).keys;
  }

  /**
   * The literal tests of `id` (the leaf itself, or the leaves among an intersection's
   * operands, in the order of their ids), their keys, and whether they are all of it:
   * then `id` is exactly the strings that pass every one of them.
   */
  literalTests(id: LanguageId): LiteralTests {
    const node = this.nodes[id]!;
    if (node.kind !== 'and') return this.literalsOf.get(id) ?? NO_LITERALS;
    let literals = this.literalsOf.get(id);
    if (literals === undefined) {
      this.meter?.spend(node.operands.length);
      const tests: LiteralTest[] = [];
      for (const operand of node.operands) {
        const leaf = this.nodes[operand]!;
        if (leaf.kind === 'leaf' && leaf.literal !== undefined) tests.push(leaf.literal);
      }
      this.literalsOf.set(id, (literals = { tests, keys: tests.map((test) => test.key), only: tests.length === node.operands.length }));
    }
    return literals;
  }

  private readonly literalsOf = new Map<LanguageId, LiteralTests>();

  and(left: LanguageId, right: LanguageId): LanguageId {
    if (left === NO_STRING || right === NO_STRING) return NO_STRING;
    if (left === ANY_STRING || left === right) return right;
    if (right === ANY_STRING) return left;
    // Flat sorted sets of conjuncts: A ∩ (A ∩ B) is A ∩ B, and A ∩ (B ∩ ¬A) is seen to
    // be empty without an automaton.
    this.meter?.spend(this.conjuncts(left).length + this.conjuncts(right).length);
    const operands = [...new Set([...this.conjuncts(left), ...this.conjuncts(right)])].sort((a, b) => a - b);
    const present = new Set(operands);
    for (const operand of operands) {
      const node = this.nodes[operand]!;
      if (node.kind === 'not' && present.has(node.operand)) return NO_STRING;
    }
    if (operands.length === 1) return operands[0]!;
    const id = this.intern(`&${operands.join(',')}`, () => ({ kind: 'and', operands }));
    if (!this.madeFrom.has(id)) this.madeFrom.set(id, [left, right]);
    this.inheritLikelyFloors(id, left);
    this.inheritLikelyFloors(id, right);
    return id;
  }

  /**
   * Exact membership, as `has`, with what is known: a word known to be a member of one
   * of the two languages `id` was made from is a member of `id` when it is one of the
   * other. A box cut by each earlier rule in turn asks about its last member again and
   * again; this tests it against the last rule only, not every rule before it.
   */
  hasMember(id: LanguageId, value: string): boolean {
    const from = this.madeFrom.get(id);
    let member: boolean;
    if (from !== undefined && this.knownMembers.get(from[0]) === value) member = this.has(from[1], value);
    else if (from !== undefined && this.knownMembers.get(from[1]) === value) member = this.has(from[0], value);
    else member = this.has(id, value);
    if (member && !this.knownMembers.has(id)) this.knownMembers.set(id, value);
    return member;
  }

  /** `id` ⊆ `from`: with the same positive leaves, no word before `from`'s floor is a member of `id` either. */
  private inheritLikelyFloors(id: LanguageId, from: LanguageId): void {
    if (id === from) return;
    for (const floors of this.likelyFloors) {
      const floor = floors.get(from);
      if (floor === undefined || floor <= (floors.get(id) ?? 0)) continue;
      const leaves = this.leavesKeyOf(id);
      if (leaves === undefined || leaves !== this.leavesKeyOf(from)) continue;
      floors.set(id, floor);
    }
  }

  /** An intersection's positive leaves (its operands that are leaves, in order) as a key; undefined for other languages. */
  private leavesKeyOf(id: LanguageId): string | undefined {
    const node = this.nodes[id]!;
    if (node.kind !== 'and') return undefined;
    let key = this.leavesKeys.get(id);
    if (key === undefined) this.leavesKeys.set(id, (key = node.operands.filter((operand) => this.nodes[operand]!.kind === 'leaf').join(',')));
    return key;
  }

  /** Regex work not yet charged: less than a step's. */
  private regexWork = 0;

  private spendRegexWork(work: number): void {
    if (work === 0 || this.meter === undefined) return;
    this.regexWork += work;
    if (this.regexWork < REGEX_WORK_PER_STEP) return;
    const steps = Math.floor(this.regexWork / REGEX_WORK_PER_STEP);
    // Taken before the charge: a refused charge is not owed again by the next test.
    this.regexWork %= REGEX_WORK_PER_STEP;
    this.meter.spend(steps);
  }

  /** Code units read by native membership tests and not yet charged: less than a step's. */
  private nativeWork = 0;

  private spendNativeWork(units: number): void {
    if (this.meter === undefined) return;
    this.nativeWork += units;
    if (this.nativeWork < NATIVE_UNITS_PER_STEP) return;
    const steps = Math.floor(this.nativeWork / NATIVE_UNITS_PER_STEP);
    this.nativeWork %= NATIVE_UNITS_PER_STEP;
    this.meter.spend(steps);
  }

  not(operand: LanguageId): LanguageId {
    if (operand === NO_STRING) return ANY_STRING;
    if (operand === ANY_STRING) return NO_STRING;
    const node = this.nodes[operand]!;
    if (node.kind === 'not') return node.operand;
    return this.intern(`!${operand}`, () => ({ kind: 'not', operand }));
  }

  /** Exact membership, by the leaves' RegExps. */
  has(id: LanguageId, value: string): boolean {
    const node = this.nodes[id]!;
    switch (node.kind) {
      case 'none':
        return false;
      case 'all':
        return true;
      case 'leaf': {
        const regex = (node.regex ??= leafTest(node.source, node.ignoreCase));
        if (regex instanceof LinearRegex) {
          // Charged by the states it stepped over: a pattern of a few characters can
          // expand to thousands (`[a-z]{1000}`: 4 such rules ran for minutes on 5% of
          // the budget, when only a long pattern was charged).
          // Charged as it goes, so that the budget can stop one long test part-way.
          let charged = regex.work;
          const member = regex.testReporting(value, (work) => {
            const done = work - charged;
            charged = work;
            this.spendRegexWork(done);
          });
          this.spendRegexWork(regex.work - charged);
          return member;
        }
        // RegExp (a pattern over the linear matcher's limit) walks its program for each
        // character: a long one (a long literal, a long list) is charged by its length,
        // in KiB, for each character tested.
        if (!node.membership && node.source.length >= 1024) this.meter?.spend((value.length + 1) * (node.source.length >> 10));
        // A native test (includes, a Set look-up, on the value or its fold key) reads the
        // value once, a microsecond (a step) for about a thousand code units.
        if (node.membership) this.spendNativeWork(32 + value.length);
        return regex.test(value);
      }
      case 'and': {
        // Charged per operand tested: a value outside the first operand costs one test,
        // not one per operand (a chain of 30 `contains` rules ran out of its budget).
        let tested = 0;
        const member = node.operands.every((operand) => (tested++, this.has(operand, value)));
        this.meter?.spend(tested);
        return member;
      }
      case 'not':
        return !this.has(node.operand, value);
    }
  }

  /**
   * A member of `id` ∖ `minus`: `empty` when there is none, `unknown` when the automata
   * are over their limit or only approximate the language where it matters. With
   * `folded`, members are case-fold keys (the language is closed under case folding).
   */
  member(id: LanguageId, minus: ReadonlySet<string>, folded: boolean): Member {
    if (minus.size > 0) return this.findMember(id, minus, folded);
    const key = `${id}${folded ? 'k' : ''}`;
    let found = this.memberCache.get(key);
    if (found === undefined) {
      found = this.findMember(id, minus, folded);
      this.memberCache.set(key, found);
    }
    return found;
  }

  private findMember(id: LanguageId, minus: ReadonlySet<string>, folded: boolean): Member {
    const key = (word: string): string => (folded ? fold(word) : word);
    // Words of the leaves a combination intersects are likely members: trying them
    // natively settles most non-empty combinations without a product automaton.
    const node = this.nodes[id]!;
    if (node.kind === 'and') {
      const floors = this.likelyFloors[folded ? 1 : 0];
      const from = floors.get(id) ?? 0;
      // The first position not known to hold a non-member: a word in `minus` is passed over untested.
      let floor: number | undefined;
      const sequence = this.likelySequence(id, folded);
      const literals = this.containedLiterals(id);
      let position = from;
      for (let word = sequence.at(position); word !== undefined; word = sequence.at(++position)) {
        // A word without one of the literals is no member (a sample of one `contains`
        // leaf tried for its intersection with another): passed over without a test.
        if (literals.length > 0) {
          const wordKey = folded ? word : fold(word);
          if (!literals.every((literal) => wordKey.includes(literal))) continue;
        }
        if (this.outsideParents(id, folded, word)) continue;
        if (minus.has(word)) {
          floor ??= position;
          continue;
        }
        if (!this.hasMember(id, word)) continue;
        floors.set(id, floor ?? position);
        return { kind: 'found', value: word };
      }
      floors.set(id, floor ?? position);
    }
    const graphs = this.graphsOf(id);
    if (graphs === undefined) {
      for (const word of this.samples(id, folded, FIRST_SAMPLE_WORDS)) if (!minus.has(word)) return { kind: 'found', value: word };
      return { kind: 'unknown' };
    }
    if (graphs.over.distance[0] === Infinity) return { kind: 'empty' };
    // An infinite language has a member outside `minus` among any |minus| + 1 of its
    // members; a finite one is enumerated to its end.
    const wanted = Math.min(minus.size + 1, MAX_SAMPLE_WORDS);
    const { words, complete } = enumerateWords(graphs.under, wanted + FIRST_SAMPLE_WORDS, folded);
    for (const word of words) {
      const member = key(word);
      if (!minus.has(member) && this.has(id, member)) return { kind: 'found', value: member };
    }
    return complete && graphs.exact ? { kind: 'empty' } : { kind: 'unknown' };
  }

  /**
   * Whether `word` is known not to be a member of `id`: one of its parents (the languages
   * it was made from) tried it before its floor. A box cut down to one more earlier
   * rule's language (a third `contains`) then tries only the new leaf's words and the
   * concatenations, not again the words of the two leaves its box already had.
   */
  private outsideParents(id: LanguageId, folded: boolean, word: string): boolean {
    for (const parent of this.madeFrom.get(id) ?? []) {
      const floor = this.likelyFloors[folded ? 1 : 0].get(parent) ?? 0;
      if (floor === 0 || this.leavesKeyOf(parent) === undefined) continue;
      const position = this.likelySequence(parent, folded).positionOf(word);
      if (position !== undefined && position < floor) return true;
    }
    return false;
  }

  /** The likely members of the intersection `id` (likelyMembers), made as far as they are read and kept per set of leaves. */
  private likelySequence(id: LanguageId, folded: boolean): LikelySequence {
    const known = this.sequenceOf[folded ? 1 : 0].get(id);
    if (known !== undefined) return known;
    const leaves = this.leavesKeyOf(id)!;
    const key = `${leaves}${folded ? 'k' : ''}`;
    let sequence = this.likelySequences.get(key);
    if (sequence === undefined) {
      const node = this.nodes[id] as Extract<LanguageNode, { kind: 'and' }>;
      const leaves = node.operands.filter((operand) => this.nodes[operand]!.kind === 'leaf');
      this.likelySequences.set(key, (sequence = new LikelySequence(() => this.likelyMembers(leaves, folded)[Symbol.iterator]())));
    }
    this.sequenceOf[folded ? 1 : 0].set(id, sequence);
    return sequence;
  }

  /**
   * The words an intersection of `leaves` (and of complements) is tried with before any
   * automaton, in order: each leaf's samples, then concatenations of one sample of each
   * leaf in a few orders ("video" + "push" is a member of "contains X and ends with Y"
   * more often than not). The order depends on the leaves alone, so a position in it
   * means the same for every intersection of the same leaves (`likelyFloors`).
   */
  private *likelyMembers(leaves: readonly LanguageId[], folded: boolean): Iterable<string> {
    for (const leaf of leaves) yield* this.samples(leaf, folded, FIRST_SAMPLE_WORDS);
    if (leaves.length < 2 || leaves.length > 4) return;
    const samples = leaves.map((leaf) => this.samples(leaf, folded, FIRST_SAMPLE_WORDS).slice(0, 3));
    if (samples.some((list) => list.length === 0)) return;
    const orders = leaves.length === 2 ? [[0, 1], [1, 0]] : [leaves.map((_, i) => i), leaves.map((_, i) => leaves.length - 1 - i)];
    for (const order of orders) {
      const combine = function* (position: number, prefix: string): Iterable<string> {
        if (position === order.length) {
          yield prefix;
          return;
        }
        for (const word of samples[order[position]!]!) yield* combine(position + 1, prefix + word);
      };
      yield* combine(0, '');
    }
  }

  /**
   * Up to `wanted` distinct members (more when cached), shortest and most readable
   * first; fold keys when `folded`. Empty when none can be found within the limits.
   */
  private samples(id: LanguageId, folded: boolean, wanted: number): readonly string[] {
    const cacheKey = `${id}${folded ? 'k' : ''}`;
    const cached = this.sampleCache.get(cacheKey);
    if (cached !== undefined && cached.length >= Math.min(wanted, FIRST_SAMPLE_WORDS)) return cached;
    const node = this.nodes[id]!;
    if (!folded && node.kind === 'leaf' && node.ignoreCase) {
      // A leaf ignoring case is closed under case folding: in a field that keeps case its
      // words are its keys' readable spellings, not its own spellings listed breadth first
      // (a literal of a dozen letters has thousands before its second word).
      const spelled = this.samples(id, true, wanted).map(readableFold);
      this.sampleCache.set(cacheKey, spelled);
      return spelled;
    }
    const count = Math.max(wanted, FIRST_SAMPLE_WORDS);
    let words: readonly string[];
    const graphs = this.graphsOf(id);
    if (graphs !== undefined) {
      const found = enumerateWords(graphs.under, count, folded);
      // Charged the steps taken, once taken: enumerateWords stops at its own bound (64 per
      // word wanted + 1,024), but a literal's first words take a few dozen, and charging
      // that bound for each leaf's samples ran 400 `contains` rules out of the budget.
      this.meter?.spend(found.steps);
      words = found.words;
    } else {
      // Without an automaton, a regex's words can still be found on its NFA, charged
      // in advance by that search's own bound on its steps.
      this.meter?.spend(64 * count + 1024);
      words = node.kind === 'leaf' ? regexSearchSamples(node.source, node.ignoreCase, this.limits, count) : [];
    }
    const seen = new Set<string>();
    const members: string[] = [];
    for (const word of words) {
      if (!this.has(id, word)) continue;
      const member = folded ? fold(word) : word;
      if (!seen.has(member)) {
        seen.add(member);
        members.push(member);
      }
    }
    this.sampleCache.set(cacheKey, members);
    return members;
  }

  private graphsOf(id: LanguageId): Graphs | undefined {
    let graphs = this.graphs.get(id);
    if (graphs === undefined) {
      try {
        graphs = this.buildGraphs(id);
      } catch (error) {
        if (!(error instanceof ProductBudgetError) && !(error instanceof LanguageBudgetError) && !(error instanceof TooManyNodesError)) throw error;
        graphs = 'budget';
      }
      this.graphs.set(id, graphs);
    }
    return graphs === 'budget' ? undefined : graphs;
  }

  /**
   * The product of the leaves' DFAs. For `over`, a leaf under an even number of
   * complements contributes its over-approximation and one under an odd number its
   * under-approximation; `under` the other way round.
   */
  private buildGraphs(id: LanguageId): Graphs {
    const leaves: LanguageId[] = [];
    const collect = (node: LanguageId): void => {
      const found = this.nodes[node]!;
      if (found.kind === 'leaf') {
        if (!leaves.includes(node)) leaves.push(node);
      } else if (found.kind === 'and') found.operands.forEach(collect);
      else if (found.kind === 'not') collect(found.operand);
    };
    collect(id);
    const automata = leaves.map((leaf) => this.automataOf(leaf));
    if (automata.some((entry) => entry === undefined)) throw new ProductBudgetError('a leaf automaton exceeds its size limit');
    const exact = automata.every((entry) => entry!.exact);
    const build = (mode: 'over' | 'under'): ProductGraph => {
      // Components: each leaf's over automaton, then (when inexact) its under one.
      const components: DFA[] = automata.flatMap((entry) => (exact ? [entry!.over] : [entry!.over, entry!.under]));
      const stride = exact ? 1 : 2;
      const evaluate = (node: LanguageId, positive: boolean, finals: readonly boolean[]): boolean => {
        const found = this.nodes[node]!;
        switch (found.kind) {
          case 'none':
            return false;
          case 'all':
            return true;
          case 'leaf': {
            const index = leaves.indexOf(node) * stride;
            const useOver = exact || positive === (mode === 'over');
            return finals[useOver ? index : index + 1]!;
          }
          case 'and':
            return found.operands.every((operand) => evaluate(operand, positive, finals));
          case 'not':
            return !evaluate(found.operand, !positive, finals);
        }
      };
      return exploreProduct(components, (finals) => evaluate(id, true, finals), this.limits.maxNodes, this.meter);
    };
    const over = build('over');
    return exact ? { over, under: over, exact } : { over, under: build('under'), exact };
  }

  private automataOf(leaf: LanguageId): RegexLanguage | undefined {
    let automata = this.leafAutomata.get(leaf);
    if (automata === undefined) {
      const node = this.nodes[leaf]! as Extract<LanguageNode, { kind: 'leaf' }>;
      try {
        automata = regexSearchLanguage(node.source, node.ignoreCase, this.limits);
      } catch (error) {
        if (!(error instanceof LanguageBudgetError) && !(error instanceof TooManyNodesError)) throw error;
        automata = 'budget';
      }
      this.leafAutomata.set(leaf, automata);
      // Charged once made and kept: a refused charge refuses the question that asked, and
      // the later ones use the automata without making them again (a refusal leaves the
      // budget open for them: regions' RAN_OUT_CHARGE).
      if (automata !== 'budget') this.meter?.spend(LEAF_AUTOMATON_STEPS + automata.over.countNodes() + (automata.exact ? 0 : automata.under.countNodes()));
    }
    return automata === 'budget' ? undefined : automata;
  }

  private conjuncts(id: LanguageId): readonly LanguageId[] {
    const node = this.nodes[id]!;
    return node.kind === 'and' ? node.operands : [id];
  }

  private intern(key: string, make: () => LanguageNode): LanguageId {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.nodes.length;
      this.nodes.push(make());
      this.ids.set(key, id);
    }
    return id;
  }
}

/**
 * A sequence of words made as far as it is read, with the first position of each word
 * made. Making a word may be refused by the budget (a leaf's samples are charged): the
 * words made so far are kept, and the next read starts the words again from `make` and
 * passes over those, so a refusal never shortens the sequence for later questions.
 */
class LikelySequence {
  private readonly words: string[] = [];
  /** Made when first asked for (most sequences are only read). */
  private positions: Map<string, number> | undefined;
  private rest: Iterator<string> | undefined;
  private done = false;

  constructor(private readonly make: () => Iterator<string>) {}

  /** The word at `position`, or undefined past the end. */
  at(position: number): string | undefined {
    while (this.words.length <= position && !this.done) {
      if (this.rest === undefined) {
        this.rest = this.make();
        for (let skipped = 0; skipped < this.words.length; skipped++) this.rest.next();
      }
      let next: IteratorResult<string>;
      try {
        next = this.rest.next();
      } catch (error) {
        // A generator that threw is over: the next read makes the words again.
        this.rest = undefined;
        throw error;
      }
      if (next.done === true) {
        this.done = true;
        this.rest = undefined;
        break;
      }
      if (this.positions !== undefined && !this.positions.has(next.value)) this.positions.set(next.value, this.words.length);
      this.words.push(next.value);
    }
    return this.words[position];
  }

  /** The first position of `word` among the words made so far. */
  positionOf(word: string): number | undefined {
    if (this.positions === undefined) {
      this.positions = new Map();
      this.words.forEach((each, position) => {
        if (!this.positions!.has(each)) this.positions!.set(each, position);
      });
    }
    return this.positions.get(word);
  }
}

/**
 * Membership of a leaf in linear time. A `matches` pattern always fits LinearRegex (the
 * checker refuses larger ones); only a long `in` list ignoring case can be larger, and
 * its source, an anchored alternation of escaped literals, runs in linear time as a RegExp.
 */
/**
 * LinearRegex work (NFA states stepped over) per step of the budget: one such state
 * costs about 0.4 µs (a class test, the state's key, its lookup), and a step about 1 µs.
 */
const REGEX_WORK_PER_STEP = 2;

/** Code units a native membership test reads in a step (about a microsecond). */
const NATIVE_UNITS_PER_STEP = 1024;

function leafTest(source: string, ignoreCase: boolean): StringTest {
  try {
    return new LinearRegex(source, ignoreCase);
  } catch (error) {
    if (!(error instanceof RegexTooLargeError)) throw error;
    return new RegExp(source, ignoreCase ? 'iu' : 'u');
  }
}
