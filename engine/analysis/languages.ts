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

import { DFA, TooManyNodesError, Words } from 'refa';
import { LanguageBudgetError, MAX_CHARACTER, regexSearchLanguage, type LanguageLimits } from './regex-language';

export type LanguageId = number;
/** The empty language. */
export const NO_STRING: LanguageId = 0;
/** Every string. */
export const ANY_STRING: LanguageId = 1;

type LanguageNode =
  | { kind: 'none' }
  | { kind: 'all' }
  | { kind: 'leaf'; source: string; ignoreCase: boolean; regex: RegExp }
  | { kind: 'and'; left: LanguageId; right: LanguageId }
  | { kind: 'not'; operand: LanguageId };

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
    if (this.isComplementOf(left, right)) return NO_STRING;
    const [a, b] = left < right ? [left, right] : [right, left];
    return this.intern(`&${a},${b}`, () => ({ kind: 'and', left: a, right: b }));
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
        return this.has(node.left, value) && this.has(node.right, value);
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

  /** Readable words of the under-approximation (certainly in the language), shortest first. */
  *sampleWords(automaton: DFA, limit: number): Iterable<string> {
    let count = 0;
    for (const wordSet of automaton.wordSets()) {
      const readable = Words.fromUnicodeToString(Words.pickMostReadableWord(wordSet));
      yield readable;
      if (++count >= limit) return;
      let variants = 0;
      for (const word of Words.wordSetsToWords([wordSet])) {
        const text = Words.fromUnicodeToString(word);
        if (text !== readable) {
          yield text;
          if (++count >= limit) return;
        }
        if (++variants >= 8) break;
      }
    }
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
        const left = this.automata(node.left);
        const right = this.automata(node.right);
        if (left === undefined || right === undefined) return 'budget';
        const over = DFA.fromIntersection(left.over, right.over, factory);
        over.minimize();
        if (left.exact && right.exact) return { over, under: over, exact: true };
        const under = DFA.fromIntersection(left.under, right.under, factory);
        under.minimize();
        return { over, under, exact: false };
      }
      case 'not': {
        const inner = this.automata(node.operand);
        if (inner === undefined) return 'budget';
        const over = inner.under.copy(factory);
        over.complement(factory);
        over.minimize();
        if (inner.exact) return { over, under: over, exact: true };
        const under = inner.over.copy(factory);
        under.complement(factory);
        under.minimize();
        return { over, under, exact: false };
      }
    }
  }

  private isComplementOf(a: LanguageId, b: LanguageId): boolean {
    const nodeA = this.nodes[a]!;
    const nodeB = this.nodes[b]!;
    return (nodeA.kind === 'not' && nodeA.operand === b) || (nodeB.kind === 'not' && nodeB.operand === a);
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
