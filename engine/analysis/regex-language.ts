// The regular language of a `matches` test: every string in which a JavaScript regex
// (flags `u` or `iu`) finds a match, as a minimal refa DFA.
//
// refa reads the regex's tree (case folding and `\w`, `.`, classes exactly as the engine's
// RegExp) but cannot turn assertions into automata. So the automaton is built here:
// a Thompson ENFA of the pattern between two "any string" loops (the search), with
// assertions kept as guarded ε-edges, then a product with the context a guard needs —
// the class of the previous character (or "at the start") and the constraint on the
// next one (or "at the end"). That is exact for every assertion whose body is one
// character class, which covers `^`, `$`, `\b`, `\B` and one-character lookarounds.
// Anything else (multi-character lookarounds, backreferences) is approximated: `over`
// accepts a superset and `under` a subset of the true language, and `exact` is false.
// So is a character set of an `iu` regex that refa's case folding may read otherwise
// than the engine's (./regex-case-classes).

import { CharSet, DFA, JS, TooManyNodesError, type Char, type Concatenation, type Element, type Expression, type TransitionIterator } from 'refa';
import { parseRegexFlags, parseRegexPattern } from '../semantics/regex-syntax';
import { sampleTransitionWords } from './automaton-words';
import { caseBounds } from './regex-case-classes';

export interface RegexLanguage {
  /** A superset of the language (the language itself when exact). */
  over: DFA;
  /** A subset of the language (the language itself when exact). */
  under: DFA;
  exact: boolean;
}

export interface LanguageLimits {
  /** Most states an automaton may have (ENFA, product or DFA). */
  maxNodes: number;
}

/** The automaton would exceed the limits: the caller treats the question as undecided. */
export class LanguageBudgetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LanguageBudgetError';
  }
}

export const MAX_CHARACTER = 0x10ffff as Char;

/** Transitions an automaton's construction may walk (several seconds of work at most). */
const MAX_PRODUCT_WORK = 4_000_000;
const ALL = CharSet.all(MAX_CHARACTER);

type Guard =
  | { kind: 'behind' | 'ahead'; negate: boolean; chars: CharSet }
  /** An assertion or backreference the construction cannot model exactly. */
  | { kind: 'unknown' };

interface Enfa {
  chars: Array<Array<[number, CharSet]>>;
  epsilons: number[][];
  guards: Array<Array<[number, Guard]>>;
  initial: number;
  final: number;
}

/** Builds the search language of `pattern` with flags `u` (+ `i` when ignoring case). */
export function regexSearchLanguage(pattern: string, ignoreCase: boolean, limits: LanguageLimits): RegexLanguage {
  let expression;
  try {
    expression = refaExpression(pattern, ignoreCase, limits);
  } catch (error) {
    if (error instanceof TooManyNodesError) throw new LanguageBudgetError(`the regex /${pattern}/ is too large to analyse`);
    throw error;
  }
  const builder = new EnfaBuilder(limits.maxNodes, ignoreCase);
  const body = builder.alternatives(expression.alternatives);
  const enfa = builder.searchAround(body);
  if (!builder.approximated) {
    const dfa = determinize(enfa, 'over', limits);
    return { over: dfa, under: dfa, exact: true };
  }
  return { over: determinize(enfa, 'over', limits), under: determinize(enfa, 'under', limits), exact: false };
}

/**
 * refa's reading of the pattern, from the tree regex-syntax parses as the checker does:
 * refa's own parse (fromLiteral) is by its bundled copy of regexpp, of another version
 * and ECMAScript year than the one the checker accepted the pattern with.
 */
function refaExpression(pattern: string, ignoreCase: boolean, limits: LanguageLimits): Expression {
  const parser = JS.Parser.fromAst({ pattern: parseRegexPattern(pattern), flags: parseRegexFlags(ignoreCase) });
  return parser.parse({ backreferences: 'unknown', assertions: 'parse', maxNodes: limits.maxNodes }).expression;
}

class EnfaBuilder {
  readonly chars: Array<Array<[number, CharSet]>> = [];
  readonly epsilons: number[][] = [];
  readonly guards: Array<Array<[number, Guard]>> = [];
  approximated = false;

  constructor(
    private readonly maxNodes: number,
    private readonly ignoreCase: boolean,
  ) {}

  node(): number {
    if (this.chars.length >= this.maxNodes) throw new LanguageBudgetError('the regex is too large to analyse');
    this.chars.push([]);
    this.epsilons.push([]);
    this.guards.push([]);
    return this.chars.length - 1;
  }

  alternatives(alternatives: readonly Concatenation[]): [number, number] {
    const start = this.node();
    const end = this.node();
    for (const alternative of alternatives) {
      const [from, to] = this.concatenation(alternative);
      this.epsilons[start]!.push(from);
      this.epsilons[to]!.push(end);
    }
    return [start, end];
  }

  concatenation(concatenation: Concatenation): [number, number] {
    const start = this.node();
    let current = start;
    for (const element of concatenation.elements) {
      const [from, to] = this.element(element);
      this.epsilons[current]!.push(from);
      current = to;
    }
    return [start, current];
  }

  element(element: Element): [number, number] {
    switch (element.type) {
      case 'CharacterClass': {
        const start = this.node();
        const end = this.node();
        const bounds = this.ignoreCase ? caseBounds(element.characters) : { exact: element.characters };
        if ('exact' in bounds) {
          if (!bounds.exact.isEmpty) this.chars[start]!.push([end, bounds.exact]);
          return [start, end];
        }
        // The interior surely, the rest of the closure only in the over-approximation.
        this.approximated = true;
        if (!bounds.under.isEmpty) this.chars[start]!.push([end, bounds.under]);
        const maybe = this.node();
        this.guards[start]!.push([maybe, { kind: 'unknown' }]);
        this.chars[maybe]!.push([end, bounds.over.without(bounds.under)]);
        return [start, end];
      }
      case 'Alternation':
        return this.alternatives(element.alternatives);
      case 'Quantifier':
        return this.quantifier(element.alternatives, element.min, element.max);
      case 'Assertion': {
        const start = this.node();
        const end = this.node();
        this.guards[start]!.push([end, this.guard(element.kind, element.negate, element.alternatives)]);
        return [start, end];
      }
      case 'Unknown': {
        // A backreference: over-approximated by "any string", under-approximated by nothing.
        this.approximated = true;
        const start = this.node();
        const end = this.node();
        this.guards[start]!.push([end, { kind: 'unknown' }]);
        const loop = this.node();
        this.guards[start]!.push([loop, { kind: 'unknown' }]);
        this.chars[loop]!.push([loop, ALL]);
        this.epsilons[loop]!.push(end);
        return [start, end];
      }
    }
  }

  guard(kind: 'ahead' | 'behind', negate: boolean, alternatives: readonly Concatenation[]): Guard {
    let chars = CharSet.empty(MAX_CHARACTER);
    for (const alternative of alternatives) {
      const only = alternative.elements.length === 1 ? alternative.elements[0] : undefined;
      if (only?.type !== 'CharacterClass') {
        this.approximated = true;
        return { kind: 'unknown' };
      }
      chars = chars.union(only.characters);
    }
    if (this.ignoreCase && !('exact' in caseBounds(chars))) {
      this.approximated = true;
      return { kind: 'unknown' };
    }
    return { kind, negate, chars };
  }

  quantifier(alternatives: readonly Concatenation[], min: number, max: number): [number, number] {
    const start = this.node();
    let current = start;
    for (let i = 0; i < min; i++) {
      const [from, to] = this.alternatives(alternatives);
      this.epsilons[current]!.push(from);
      current = to;
    }
    const end = this.node();
    this.epsilons[current]!.push(end);
    if (max === Infinity) {
      const [from, to] = this.alternatives(alternatives);
      this.epsilons[current]!.push(from);
      this.epsilons[to]!.push(current);
    } else {
      for (let i = min; i < max; i++) {
        const [from, to] = this.alternatives(alternatives);
        this.epsilons[current]!.push(from);
        this.epsilons[to]!.push(end);
        current = to;
      }
    }
    return [start, end];
  }

  /** Wraps the pattern in "any prefix" and "any suffix" loops: RegExp.prototype.test. */
  searchAround([from, to]: [number, number]): Enfa {
    const prefix = this.node();
    const suffix = this.node();
    this.chars[prefix]!.push([prefix, ALL]);
    this.epsilons[prefix]!.push(from);
    this.epsilons[to]!.push(suffix);
    this.chars[suffix]!.push([suffix, ALL]);
    return { chars: this.chars, epsilons: this.epsilons, guards: this.guards, initial: prefix, final: suffix };
  }
}

/** What the next character must be: one of `allowed`, or none at all when `endOk`. */
interface Ahead {
  allowed: CharSet;
  endOk: boolean;
}

const START = -1;

/**
 * A few short strings the regex finds a match in, found on the nondeterministic
 * product without determinizing it — for regexes whose DFA is too large to build.
 */
export function regexSearchSamples(pattern: string, ignoreCase: boolean, limits: LanguageLimits, count: number): string[] {
  try {
    const expression = refaExpression(pattern, ignoreCase, limits);
    const builder = new EnfaBuilder(limits.maxNodes, ignoreCase);
    const enfa = builder.searchAround(builder.alternatives(expression.alternatives));
    return [...sampleTransitionWords(productIterator(enfa, 'under', limits), count, limits.maxNodes)];
  } catch (error) {
    if (error instanceof LanguageBudgetError || error instanceof TooManyNodesError) return [];
    throw error;
  }
}

function determinize(enfa: Enfa, mode: 'over' | 'under', limits: LanguageLimits): DFA {
  try {
    const dfa = DFA.fromTransitionIterator(productIterator(enfa, mode, limits), { maxCharacter: MAX_CHARACTER }, new DFA.LimitedNodeFactory(limits.maxNodes));
    dfa.minimize();
    return dfa;
  } catch (error) {
    if (error instanceof TooManyNodesError) throw new LanguageBudgetError('the regex is too large to analyse');
    throw error;
  }
}

/** The ε-free product of the ENFA with the assertion context, explored lazily. */
function productIterator(enfa: Enfa, mode: 'over' | 'under', limits: LanguageLimits): TransitionIterator<number> {
  // The cells of the alphabet that lookbehind guards can tell apart.
  let cells: CharSet[] = [ALL];
  const behindSets: CharSet[] = [];
  for (const edges of enfa.guards) {
    for (const [, guard] of edges) {
      if (guard.kind === 'behind' && !behindSets.some((set) => set.equals(guard.chars))) behindSets.push(guard.chars);
    }
  }
  for (const set of behindSets) {
    const next: CharSet[] = [];
    for (const cell of cells) {
      const inside = cell.intersect(set);
      const outside = cell.without(set);
      if (!inside.isEmpty) next.push(inside);
      if (!outside.isEmpty) next.push(outside);
    }
    cells = next;
  }

  const aheads: Ahead[] = [];
  const aheadIds = new Map<string, number>();
  const aheadId = (ahead: Ahead): number => {
    const key = `${ahead.allowed.toRangesString()}|${ahead.endOk}`;
    let id = aheadIds.get(key);
    if (id === undefined) {
      id = aheads.length;
      aheads.push(ahead);
      aheadIds.set(key, id);
    }
    return id;
  };
  const anything = aheadId({ allowed: ALL, endOk: true });

  // Product states (ENFA state, previous character's cell, constraint on the next).
  const states: Array<[number, number, number]> = [];
  const stateIds = new Map<string, number>();
  const stateId = (q: number, previous: number, ahead: number): number => {
    const key = `${q},${previous},${ahead}`;
    let id = stateIds.get(key);
    if (id === undefined) {
      if (states.length >= limits.maxNodes) throw new LanguageBudgetError('the regex is too large to analyse');
      id = states.length;
      states.push([q, previous, ahead]);
      stateIds.set(key, id);
    }
    return id;
  };

  const guardHolds = (guard: Guard, previous: number, ahead: Ahead): Ahead | undefined => {
    if (guard.kind === 'unknown') return mode === 'over' ? ahead : undefined;
    if (guard.kind === 'behind') {
      const inside = previous !== START && cells[previous]!.isSubsetOf(guard.chars);
      return inside !== guard.negate ? ahead : undefined;
    }
    const next: Ahead = guard.negate
      ? { allowed: ahead.allowed.without(guard.chars), endOk: ahead.endOk }
      : { allowed: ahead.allowed.intersect(guard.chars), endOk: false };
    return next.allowed.isEmpty && !next.endOk ? undefined : next;
  };

  const closures = new Map<number, number[]>();
  const closure = (id: number): number[] => {
    let found = closures.get(id);
    if (found !== undefined) return found;
    const seen = new Set<number>([id]);
    const stack = [id];
    while (stack.length > 0) {
      const [q, previous, ahead] = states[stack.pop()!]!;
      const reach = (to: number, nextAhead: number): void => {
        const target = stateId(to, previous, nextAhead);
        if (!seen.has(target)) {
          seen.add(target);
          stack.push(target);
        }
      };
      for (const to of enfa.epsilons[q]!) reach(to, ahead);
      for (const [to, guard] of enfa.guards[q]!) {
        const next = guardHolds(guard, previous, aheads[ahead]!);
        if (next !== undefined) reach(to, aheadId(next));
      }
    }
    found = [...seen];
    closures.set(id, found);
    return found;
  };

  const outs = new Map<number, Map<number, CharSet>>();
  // refa's subset construction asks for a state's transitions once per subset it is in
  // and per cell of the alphabet, and walks them each time: the states bound its
  // memory, not its time (one 1 KB regex took 42 s). The walks are counted here.
  let work = 0;
  const spend = (steps: number): void => {
    work += steps;
    if (work > MAX_PRODUCT_WORK) throw new LanguageBudgetError('the regex is too large to analyse');
  };
  const iterator: TransitionIterator<number> = {
    initial: stateId(enfa.initial, START, anything),
    stableOut: true,
    getOut(id) {
      let out = outs.get(id);
      if (out !== undefined) {
        spend(1 + out.size);
        return out;
      }
      out = new Map();
      for (const member of closure(id)) {
        const [q, , ahead] = states[member]!;
        const allowed = aheads[ahead]!.allowed;
        for (const [to, chars] of enfa.chars[q]!) {
          const usable = allowed.isAll ? chars : chars.intersect(allowed);
          if (usable.isEmpty) continue;
          for (let cell = 0; cell < cells.length; cell++) {
            const part = cells.length === 1 ? usable : usable.intersect(cells[cell]!);
            if (part.isEmpty) continue;
            const target = stateId(to, cell, anything);
            const before = out.get(target);
            out.set(target, before === undefined ? part : before.union(part));
          }
        }
      }
      outs.set(id, out);
      spend(1 + out.size);
      return out;
    },
    isFinal(id) {
      return closure(id).some((member) => {
        const [q, , ahead] = states[member]!;
        return q === enfa.final && aheads[ahead]!.endOk;
      });
    },
  };

  return iterator;
}
