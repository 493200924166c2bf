// Regular languages of strings, kept symbolic: a language is a leaf (the search
// language of a regex source with flags `u` or `iu`, exactly the regex that
// engine/semantics/value-test defines for a string set), or an intersection or
// complement of others. Membership is decided by running the leaves' own RegExps —
// the defining semantics, exact and fast. Automata (refa DFAs, via ./regex-language)
// are built only when emptiness must be decided and no known string settles it, and
// are cached per language.
//
// Languages are hash-consed: the same leaf or combination gets the same id, so caches
// and the trivial identities (A ∩ A = A, A ∩ ¬A = ∅, ¬¬A = A) work on ids.

import { CharSet, DFA, TooManyNodesError, Words } from 'refa';
import { sampleWords, shortestWord } from './automaton-words';
import { fold, isKeyCharacter } from './case-fold';
import { LanguageBudgetError, MAX_CHARACTER, regexSearchLanguage, regexSearchSamples, type LanguageLimits } from './regex-language';

export type LanguageId = number;
/** Most words of a language tried as members before building a difference automaton. */
const MAX_SAMPLE_WORDS = 256;
const FIRST_SAMPLE_WORDS = 16;
/** The empty language. */
export const NO_STRING: LanguageId = 0;
/** Every string. */
export const ANY_STRING: LanguageId = 1;

type LanguageNode =
  | { kind: 'none' }
  | { kind: 'all' }
  | { kind: 'leaf'; source: string; ignoreCase: boolean; regex: RegExp }
  /** Sorted, distinct, none itself an intersection. */
  | { kind: 'and'; operands: readonly LanguageId[] }
  | { kind: 'not'; operand: LanguageId };

export type Member = { kind: 'found'; value: string } | { kind: 'empty' } | { kind: 'unknown' };

/** Over- and under-approximating automata; the same DFA twice when exact. */
export interface Automata {
  over: DFA;
  under: DFA;
  exact: boolean;
}

export class Languages {
  private readonly nodes: LanguageNode[] = [{ kind: 'none' }, { kind: 'all' }];
  private readonly ids = new Map<string, LanguageId>();
  private readonly automataCache = new Map<LanguageId, Automata | 'budget'>();
  /** DFA states built so far, for the analysis budget. */
  automatonStates = 0;

  constructor(readonly limits: LanguageLimits) {}

  get size(): number {
    return this.nodes.length;
  }

  /** The strings in which `source` (flags `u`, plus `i` when ignoring case) finds a match. */
  leaf(source: string, ignoreCase: boolean): LanguageId {
    if (source === '') return ANY_STRING;
    return this.intern(`r${ignoreCase ? 'i' : ''}/${source}`, () => ({
      kind: 'leaf',
      source,
      ignoreCase,
      regex: new RegExp(source, ignoreCase ? 'iu' : 'u'),
    }));
  }

  and(left: LanguageId, right: LanguageId): LanguageId {
    if (left === NO_STRING || right === NO_STRING) return NO_STRING;
    if (left === ANY_STRING || left === right) return right;
    if (right === ANY_STRING) return left;
    // Intersections are flattened into sorted sets of conjuncts, so that A ∩ (A ∩ B) is
    // A ∩ B and A ∩ (B ∩ ¬A) is seen to be empty without an automaton.
    const operands = [...new Set([...this.conjuncts(left), ...this.conjuncts(right)])].sort((a, b) => a - b);
    const present = new Set(operands);
    for (const operand of operands) {
      const node = this.nodes[operand]!;
      if (node.kind === 'not' && present.has(node.operand)) return NO_STRING;
    }
    if (operands.length === 1) return operands[0]!;
    return this.intern(`&${operands.join(',')}`, () => ({ kind: 'and', operands }));
  }

  private conjuncts(id: LanguageId): readonly LanguageId[] {
    const node = this.nodes[id]!;
    return node.kind === 'and' ? node.operands : [id];
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
        return node.regex.test(value);
      case 'and':
        return node.operands.every((operand) => this.has(operand, value));
      case 'not':
        return !this.has(node.operand, value);
    }
  }

  /** The automata of a language, or undefined when they would exceed the node limit. */
  automata(id: LanguageId): Automata | undefined {
    const cached = this.automataCache.get(id);
    if (cached !== undefined) return cached === 'budget' ? undefined : cached;
    let built: Automata | 'budget';
    try {
      built = this.build(id);
    } catch (error) {
      if (!(error instanceof LanguageBudgetError) && !(error instanceof TooManyNodesError)) throw error;
      built = 'budget';
    }
    this.automataCache.set(id, built);
    if (built !== 'budget') this.automatonStates += built.over.countNodes() + (built.exact ? 0 : built.under.countNodes());
    return built === 'budget' ? undefined : built;
  }

  /**
   * A member of `id` ∖ `minus`, found from the automata: `empty` when there is none,
   * `unknown` when the automata are over their limit or only approximate the language
   * where it matters. With `canonicalOnly`, only strings whose characters are all
   * case-fold keys count (the folded domain's representatives).
   */
  member(id: LanguageId, minus: ReadonlySet<string>, canonicalOnly: boolean): Member {
    if (minus.size > 0) return this.findMember(id, minus, canonicalOnly);
    const key = `${id}${canonicalOnly ? 'k' : ''}`;
    let found = this.memberCache.get(key);
    if (found === undefined) {
      found = this.findMember(id, minus, canonicalOnly);
      this.memberCache.set(key, found);
    }
    return found;
  }

  private readonly memberCache = new Map<string, Member>();

  private findMember(id: LanguageId, minus: ReadonlySet<string>, canonicalOnly: boolean): Member {
    // Words of the leaves the language intersects are likely members: trying them
    // natively settles most non-empty combinations without a product automaton.
    const node = this.nodes[id]!;
    if (node.kind !== 'leaf') {
      for (const leaf of this.positiveLeaves(id)) {
        for (const word of this.samples(leaf, canonicalOnly, FIRST_SAMPLE_WORDS)) {
          if (!minus.has(word) && this.has(id, word)) return { kind: 'found', value: word };
        }
      }
    }
    const automata = this.automata(id);
    if (automata === undefined) {
      for (const word of this.samples(id, canonicalOnly, FIRST_SAMPLE_WORDS)) if (!minus.has(word)) return { kind: 'found', value: word };
      return { kind: 'unknown' };
    }
    if (automata.over.isEmpty) return { kind: 'empty' };
    // Usually one of the language's first few words is outside `minus`; an infinite
    // language always has one among any |minus| + 1 of its words.
    const samples = this.samples(id, canonicalOnly, Math.min(minus.size + 1, MAX_SAMPLE_WORDS));
    for (const word of samples) if (!minus.has(word)) return { kind: 'found', value: word };
    try {
      const restrict = (dfa: DFA): DFA => {
        let restricted = dfa;
        const factory = new DFA.LimitedNodeFactory(this.limits.maxNodes);
        if (canonicalOnly) restricted = DFA.fromIntersection(restricted, canonicalStrings(), factory);
        if (minus.size > 0) restricted = DFA.fromIntersection(restricted, this.without(minus), factory);
        return restricted;
      };
      const over = restrict(automata.over);
      if (over.isEmpty) return { kind: 'empty' };
      const under = automata.exact ? over : restrict(automata.under);
      const word = shortestWord(under);
      if (word !== undefined && !minus.has(word) && this.has(id, word)) return { kind: 'found', value: word };
      return { kind: 'unknown' };
    } catch (error) {
      if (error instanceof TooManyNodesError) return { kind: 'unknown' };
      throw error;
    }
  }

  private readonly leavesCache = new Map<LanguageId, LanguageId[]>();

  /** The leaves of a language that are not under a complement. */
  private positiveLeaves(id: LanguageId): LanguageId[] {
    let leaves = this.leavesCache.get(id);
    if (leaves === undefined) {
      const node = this.nodes[id]!;
      leaves = node.kind === 'leaf' ? [id] : node.kind === 'and' ? node.operands.filter((operand) => this.nodes[operand]!.kind === 'leaf') : [];
      this.leavesCache.set(id, leaves);
    }
    return leaves;
  }

  private readonly sampleCache = new Map<string, string[]>();

  /**
   * At least `wanted` (fewer when the language has fewer, or past the sample limit)
   * distinct members, shortest and most readable first; case-fold keys only when
   * `canonicalOnly`. Cached and grown on demand.
   */
  private samples(id: LanguageId, canonicalOnly: boolean, wanted: number): readonly string[] {
    const key = `${id}${canonicalOnly ? 'k' : ''}`;
    let cached = this.sampleCache.get(key);
    const first = Math.max(wanted, FIRST_SAMPLE_WORDS);
    if (cached === undefined || (cached.length < wanted && cached.length >= first / 2)) {
      cached = [];
      const source = this.automata(id)?.under;
      const node = this.nodes[id]!;
      // Without an automaton, a regex's words can still be found on its NFA.
      const words =
        source !== undefined ? sampleWords(source, first) : node.kind === 'leaf' ? regexSearchSamples(node.source, node.ignoreCase, this.limits, first) : [];
      // Case-fold keys of members are members: the languages of the folded domain are
      // closed under case folding.
      const seen = new Set<string>();
      for (const word of words) {
        if (!this.has(id, word)) continue;
        const member = canonicalOnly ? fold(word) : word;
        if (!seen.has(member)) {
          seen.add(member);
          cached.push(member);
        }
      }
      this.sampleCache.set(key, cached);
    }
    return cached;
  }

  private readonly withoutCache = new WeakMap<ReadonlySet<string>, DFA>();

  /** Every string but the given ones. */
  private without(strings: ReadonlySet<string>): DFA {
    let dfa = this.withoutCache.get(strings);
    if (dfa === undefined) {
      dfa = DFA.fromWords(
        [...strings].map((value) => Words.fromStringToUnicode(value)),
        { maxCharacter: MAX_CHARACTER },
        new DFA.LimitedNodeFactory(this.limits.maxNodes),
      );
      dfa.complement();
      this.withoutCache.set(strings, dfa);
    }
    return dfa;
  }

  private build(id: LanguageId): Automata | 'budget' {
    const node = this.nodes[id]!;
    const factory = new DFA.LimitedNodeFactory(this.limits.maxNodes);
    switch (node.kind) {
      case 'none': {
        const dfa = DFA.empty({ maxCharacter: MAX_CHARACTER });
        return { over: dfa, under: dfa, exact: true };
      }
      case 'all': {
        const dfa = DFA.all({ maxCharacter: MAX_CHARACTER });
        return { over: dfa, under: dfa, exact: true };
      }
      case 'leaf':
        return regexSearchLanguage(node.source, node.ignoreCase, this.limits);
      case 'and': {
        // The last conjunct with the intersection of the others (itself cached).
        const rest = node.operands.slice(0, -1);
        const left = this.automata(rest.length === 1 ? rest[0]! : this.intern(`&${rest.join(',')}`, () => ({ kind: 'and', operands: rest })));
        const right = this.automata(node.operands[node.operands.length - 1]!);
        if (left === undefined || right === undefined) return 'budget';
        // Not minimised: these automata only answer emptiness and give words, and
        // minimising costs more than it saves.
        const over = DFA.fromIntersection(left.over, right.over, factory);
        if (left.exact && right.exact) return { over, under: over, exact: true };
        const under = DFA.fromIntersection(left.under, right.under, factory);
        return { over, under, exact: false };
      }
      case 'not': {
        const inner = this.automata(node.operand);
        if (inner === undefined) return 'budget';
        const over = inner.under.copy(factory);
        over.complement(factory);
        if (inner.exact) return { over, under: over, exact: true };
        const under = inner.over.copy(factory);
        under.complement(factory);
        return { over, under, exact: false };
      }
    }
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

let canonicalStringsDfa: DFA | undefined;

/** Strings of case-fold keys only: every character is its own canonical form. */
function canonicalStrings(): DFA {
  if (canonicalStringsDfa === undefined) {
    const others: number[] = [];
    // Every character with another case is below U+20000.
    for (let char = 0; char < 0x20000; char++) if (!isKeyCharacter(char)) others.push(char);
    const canonical = CharSet.fromCharacters(MAX_CHARACTER, others).negate();
    const dfa = DFA.emptyWord({ maxCharacter: MAX_CHARACTER });
    dfa.initial.link(dfa.initial, canonical);
    canonicalStringsDfa = dfa;
  }
  return canonicalStringsDfa;
}
