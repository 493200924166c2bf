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
import { fold } from './case-fold';
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
  | { kind: 'leaf'; source: string; ignoreCase: boolean; regex: StringTest | undefined; membership: boolean }
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
    }));
  }

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
    return this.intern(`&${operands.join(',')}`, () => ({ kind: 'and', operands }));
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
      case 'leaf':
        // A regex walks its program for each character: a long one (a long literal, a
        // long list) is charged by its length, in KiB, for each character tested.
        if (!node.membership && node.source.length >= 1024) this.meter?.spend((value.length + 1) * (node.source.length >> 10));
        return (node.regex ??= leafTest(node.source, node.ignoreCase)).test(value);
      case 'and':
        this.meter?.spend(node.operands.length);
        return node.operands.every((operand) => this.has(operand, value));
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
      const leaves = node.operands.filter((operand) => this.nodes[operand]!.kind === 'leaf');
      for (const leaf of leaves) {
        for (const word of this.samples(leaf, folded, FIRST_SAMPLE_WORDS)) {
          if (!minus.has(word) && this.has(id, word)) return { kind: 'found', value: word };
        }
      }
      // Words of several leaves one after the other ("video" + "push") are members of
      // intersections like "contains X and ends with Y" more often than not.
      const concatenated = this.concatenatedSamples(leaves, folded, (word) => !minus.has(word) && this.has(id, word));
      if (concatenated !== undefined) return { kind: 'found', value: concatenated };
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

  /** The first concatenation of one sample of each leaf (in a few orders) that `accept`s. */
  private concatenatedSamples(leaves: readonly LanguageId[], folded: boolean, accept: (word: string) => boolean): string | undefined {
    if (leaves.length < 2 || leaves.length > 4) return undefined;
    const samples = leaves.map((leaf) => this.samples(leaf, folded, FIRST_SAMPLE_WORDS).slice(0, 3));
    if (samples.some((list) => list.length === 0)) return undefined;
    const orders = leaves.length === 2 ? [[0, 1], [1, 0]] : [leaves.map((_, i) => i), leaves.map((_, i) => leaves.length - 1 - i)];
    for (const order of orders) {
      const combine = (position: number, prefix: string): string | undefined => {
        if (position === order.length) return accept(prefix) ? prefix : undefined;
        for (const word of samples[order[position]!]!) {
          const found = combine(position + 1, prefix + word);
          if (found !== undefined) return found;
        }
        return undefined;
      };
      const found = combine(0, '');
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /**
   * Up to `wanted` distinct members (more when cached), shortest and most readable
   * first; fold keys when `folded`. Empty when none can be found within the limits.
   */
  private samples(id: LanguageId, folded: boolean, wanted: number): readonly string[] {
    const cacheKey = `${id}${folded ? 'k' : ''}`;
    const cached = this.sampleCache.get(cacheKey);
    if (cached !== undefined && cached.length >= Math.min(wanted, FIRST_SAMPLE_WORDS)) return cached;
    const count = Math.max(wanted, FIRST_SAMPLE_WORDS);
    // enumerateWords' own bound on its steps.
    this.meter?.spend(64 * count + 1024);
    let words: readonly string[];
    const graphs = this.graphsOf(id);
    if (graphs !== undefined) words = enumerateWords(graphs.under, count, folded).words;
    else {
      // Without an automaton, a regex's words can still be found on its NFA.
      const node = this.nodes[id]!;
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
 * Membership of a leaf in linear time. A `matches` pattern always fits LinearRegex (the
 * checker refuses larger ones); only a long `in` list ignoring case can be larger, and
 * its source, an anchored alternation of escaped literals, runs in linear time as a RegExp.
 */
function leafTest(source: string, ignoreCase: boolean): StringTest {
  try {
    return new LinearRegex(source, ignoreCase);
  } catch (error) {
    if (!(error instanceof RegexTooLargeError)) throw error;
    return new RegExp(source, ignoreCase ? 'iu' : 'u');
  }
}
