// `matches` in linear time (SPEC §2.3). The meaning stays JavaScript's — whether
// `new RegExp(pattern, 'u' | 'iu').test(value)` finds a match — but V8's backtracking
// engine needs exponential time for `/(a|aa)*b/` and quadratic time for `/a+b/` on a
// value of many `a`s that does not match. RE2, where the same rules run as SQL,
// matches in linear time; so does this matcher: a lazily built DFA over a Thompson NFA
// of the pattern, the way RE2 does it.
//
// - Each single-character element (a character, a class, `.`, `\d`, `\w`, …) is decided
//   by the JavaScript engine itself, on that one code point, with the pattern's flags:
//   case folding, `\w` under `iu` (ſ, K) and every class mean exactly what they mean in
//   a RegExp, with no tables of our own. Which strings the whole pattern finds is then a
//   regular language (the subset has no backreferences or lookaround; JavaScript's rule
//   against empty loop iterations never changes whether a match exists).
// - Assertions (`^`, `$`, `\b`, `\B`; no `m` flag) are ε-edges guarded by the context:
//   at the start, at the end, and whether the characters on either side are word
//   characters (decided by the engine's `\w` with the same flags, as `\b` is defined).
// - The search is unanchored: the start state is added again before every character
//   (every code point boundary: the ECMAScript spec's `u` semantics, and RE2's; V8's own
//   RegExp also tries `\B` inside a surrogate pair, docs/language.md), and the matcher
//   stops at the first position where a match ends.
// - DFA states are sets of NFA states, built on first use per (state, code point) and
//   kept in a bounded cache that is dropped when full; a miss costs O(NFA size), so a
//   match is O(length × NFA size) at worst and O(length) once the cache is warm. When
//   the cache overflows twice in one value, the rest of it is matched by plain NFA
//   simulation (Thompson's), as RE2 does: the same bound without building states.
//
// The NFA's size is bounded (MAX_REGEX_STATES); engine/check/regex-subset refuses larger
// patterns, so every checked regex compiles.
//
// A pattern's NFA is built once and shared by every LinearRegex of it (the checker's, the
// classifier's, the analysis's, either case mode), each with its own DFA cache: a
// pattern's tree costs about 65 bytes a character to parse, and a class of 1,000,000
// ranges was parsed once for each of them.

import type { AST } from '@eslint-community/regexpp';
import { parseRegexPattern } from './regex-syntax';

/**
 * The most NFA states a pattern may expand to (after repeats are unrolled): a match
 * costs at most about this many steps per character when no DFA state repeats.
 * Real patterns have tens (GA4's have at most 30); `[a-z]{1000}` has 1,000.
 */
export const MAX_REGEX_STATES = 10_000;
/** The most DFA states, and transitions, cached per regex before the cache is dropped and rebuilt. */
const MAX_DFA_STATES = 1000;
const MAX_DFA_TRANSITIONS = 50_000;

/** The pattern uses a construct outside the subset (backreferences, lookaround, inline flags). */
export class RegexUnsupportedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegexUnsupportedError';
  }
}

/** The pattern expands to more than MAX_REGEX_STATES states. */
export class RegexTooLargeError extends Error {
  constructor(pattern: string) {
    super(`the regex /${pattern.length > 40 ? `${pattern.slice(0, 40)}…` : pattern}/ is too large (over ${MAX_REGEX_STATES.toLocaleString('en-US')} states once its repeats are expanded)`);
    this.name = 'RegexTooLargeError';
  }
}

/** Whatever can say whether a string is in a set: a RegExp or a LinearRegex. */
export interface StringTest {
  test(value: string): boolean;
}

const CHAR = 0;
const SPLIT = 1;
const ASSERT = 2;
const MATCH = 3;

const AT_START = 0;
const AT_END = 1;
const WORD_BOUNDARY = 2;
const NOT_WORD_BOUNDARY = 3;

/** DFA state flags: the position is the start of the value; the previous character is a word character. */
const FLAG_START = 1;
const FLAG_PREVIOUS_WORD = 2;

/** One single-character element, decided by a RegExp on one code point; ASCII answers precomputed. */
class CharacterElement {
  private regexOfOne: RegExp | undefined;
  private readonly ascii = new Int8Array(128).fill(-1);
  private readonly other = new Map<number, boolean>();

  constructor(
    private readonly source: string,
    private readonly flags: string,
  ) {}

  private get regex(): RegExp {
    return (this.regexOfOne ??= new RegExp(`^(?:${this.source})$`, this.flags));
  }

  has(codePoint: number): boolean {
    if (codePoint < 128) {
      let known = this.ascii[codePoint]!;
      if (known < 0) this.ascii[codePoint] = known = this.regex.test(String.fromCharCode(codePoint)) ? 1 : 0;
      return known === 1;
    }
    let known = this.other.get(codePoint);
    if (known === undefined) {
      known = this.regex.test(String.fromCodePoint(codePoint));
      if (this.other.size < 4096) this.other.set(codePoint, known);
    }
    return known;
  }
}

/**
 * A Thompson NFA: per state its kind, its one successor (CHAR, ASSERT) or several
 * (SPLIT). The same for both case modes: only what its elements match depends on the flags.
 */
class Nfa {
  readonly kinds: number[] = [];
  readonly next: number[] = [];
  readonly splits: number[][] = [];
  /** CHAR: the element's index; ASSERT: which assertion. */
  readonly argument: number[] = [];
  /** Each single-character element's source, once. */
  private readonly elementSources: string[] = [];
  private readonly elementIds = new Map<string, number>();
  /** The elements per flags, made on first use and shared, with what they have decided. */
  private readonly elementsByFlags = new Map<string, readonly CharacterElement[]>();
  hasStartAssertion = false;
  hasWordAssertion = false;
  start = -1;

  constructor(private readonly pattern: string) {}

  add(kind: number, next: number, argument = -1): number {
    // The accepting state, added first, is not the pattern's: `[a-z]{1000}` ×10 is 10,000 states and fits (docs/language.md).
    if (this.kinds.length > MAX_REGEX_STATES) throw new RegexTooLargeError(this.pattern);
    this.kinds.push(kind);
    this.next.push(next);
    this.splits.push(EMPTY_LIST);
    this.argument.push(argument);
    return this.kinds.length - 1;
  }

  element(source: string): number {
    let id = this.elementIds.get(source);
    if (id === undefined) {
      id = this.elementSources.length;
      this.elementSources.push(source);
      this.elementIds.set(source, id);
    }
    return id;
  }

  elements(flags: string): readonly CharacterElement[] {
    let elements = this.elementsByFlags.get(flags);
    if (elements === undefined) {
      elements = this.elementSources.map((source) => new CharacterElement(source, flags));
      this.elementsByFlags.set(flags, elements);
    }
    return elements;
  }
}

const nfas = new Map<string, Nfa>();

/** The pattern's NFA, built from `syntax` (its tree, when the caller has it) or parsed (a bounded cache). */
function nfaOf(pattern: string, syntax: AST.Pattern | undefined): Nfa {
  let nfa = nfas.get(pattern);
  if (nfa === undefined) {
    let tree = syntax;
    if (tree === undefined) {
      try {
        tree = parseRegexPattern(pattern);
      } catch (error) {
        throw new RegexUnsupportedError((error as Error).message);
      }
    }
    nfa = new Nfa(pattern);
    const match = nfa.add(MATCH, -1);
    nfa.start = new NfaBuilder(nfa).alternatives(tree.alternatives, match);
    if (nfas.size >= 256) nfas.delete(nfas.keys().next().value!);
    nfas.set(pattern, nfa);
  }
  return nfa;
}

const EMPTY_LIST: number[] = [];

/** Builds the NFA backwards: each construct is compiled knowing the state that follows it. */
class NfaBuilder {
  constructor(readonly nfa: Nfa) {}

  alternatives(alternatives: readonly AST.Alternative[], next: number): number {
    if (alternatives.length === 1) return this.sequence(alternatives[0]!.elements, next);
    const split = this.nfa.add(SPLIT, -1);
    this.nfa.splits[split] = alternatives.map((alternative) => this.sequence(alternative.elements, next));
    return split;
  }

  sequence(elements: readonly AST.Element[], next: number): number {
    let state = next;
    for (let i = elements.length - 1; i >= 0; i--) state = this.element(elements[i]!, state);
    return state;
  }

  element(element: AST.Element, next: number): number {
    switch (element.type) {
      case 'Character':
      case 'CharacterClass':
      case 'CharacterSet':
        return this.nfa.add(CHAR, next, this.nfa.element(element.raw));
      case 'Group':
        if (element.modifiers) throw new RegexUnsupportedError(`inline flags ${element.raw} are not supported`);
        return this.alternatives(element.alternatives, next);
      case 'CapturingGroup':
        return this.alternatives(element.alternatives, next);
      case 'Quantifier':
        return this.quantifier(element, next);
      case 'Assertion':
        switch (element.kind) {
          case 'start':
            this.nfa.hasStartAssertion = true;
            return this.nfa.add(ASSERT, next, AT_START);
          case 'end':
            return this.nfa.add(ASSERT, next, AT_END);
          case 'word':
            this.nfa.hasWordAssertion = true;
            return this.nfa.add(ASSERT, next, element.negate ? NOT_WORD_BOUNDARY : WORD_BOUNDARY);
          default:
            throw new RegexUnsupportedError(`lookaround ${element.raw} is not supported`);
        }
      case 'Backreference':
        throw new RegexUnsupportedError(`backreference ${element.raw} is not supported`);
      case 'ExpressionCharacterClass':
        throw new RegexUnsupportedError(`the class ${element.raw} needs the v flag`);
    }
  }

  quantifier(quantifier: AST.Quantifier, next: number): number {
    const body = quantifier.element;
    let state = next;
    if (quantifier.max === Infinity) {
      const loop = this.nfa.add(SPLIT, -1);
      this.nfa.splits[loop] = [this.element(body, loop), next];
      state = loop;
    } else {
      // x{0,3} is (x(x(x)?)?)?: each optional copy may also go straight to `next`.
      for (let i = quantifier.min; i < quantifier.max; i++) {
        const split = this.nfa.add(SPLIT, -1);
        this.nfa.splits[split] = [this.element(body, state), next];
        state = split;
      }
    }
    for (let i = 0; i < quantifier.min; i++) state = this.element(body, state);
    return state;
  }
}

/** How much work (NFA states visited) testReporting does between two reports. */
const WORK_REPORT_EVERY = 65_536;

/** A DFA state: the NFA states reached by the last character (before ε-closure) and the context. */
class DfaState {
  /** Successor per ASCII code point, `null` until computed. */
  readonly ascii: Array<DfaState | null> = new Array<DfaState | null>(128).fill(null);
  other: Map<number, DfaState> | undefined;
  /** Whether the value may end here: -1 until computed. */
  endAccepts = -1;

  constructor(
    readonly seeds: Int32Array,
    readonly flags: number,
  ) {}
}

/** The state every match reaches: the value is in the set, whatever follows. */
const ACCEPT = new DfaState(new Int32Array(0), 0);

/**
 * A regex of the language (flags `u`, plus `i` when ignoring case) whose `test` is
 * `RegExp.prototype.test`'s answer, in time linear in the value's length.
 */
export class LinearRegex implements StringTest {
  private readonly nfa: Nfa;
  private readonly elements: readonly CharacterElement[];
  private readonly start: number;
  private readonly word: CharacterElement | undefined;
  private cache = new Map<string, DfaState>();
  private transitions = 0;
  private drops = 0;
  private spent = 0;
  private initial: DfaState;
  // Scratch space for ε-closures and steps.
  private readonly marks: Uint32Array;
  private generation = 0;
  private readonly stack: number[] = [];
  private readonly reached: number[] = [];

  /** `syntax`: the pattern's tree, when the caller has parsed it (engine/semantics/regex-syntax). */
  constructor(
    readonly pattern: string,
    readonly ignoreCase: boolean,
    syntax?: AST.Pattern,
  ) {
    const flags = ignoreCase ? 'iu' : 'u';
    this.nfa = nfaOf(pattern, syntax);
    this.elements = this.nfa.elements(flags);
    this.start = this.nfa.start;
    this.word = this.nfa.hasWordAssertion ? new CharacterElement('\\w', flags) : undefined;
    this.marks = new Uint32Array(this.nfa.kinds.length);
    this.initial = this.intern(new Int32Array(0), this.nfa.hasStartAssertion ? FLAG_START : 0);
  }

  /** How many NFA states the pattern expanded to (as MAX_REGEX_STATES counts them: not the accepting state). */
  get size(): number {
    return this.nfa.kinds.length - 1;
  }

  /**
   * The work done so far beyond walking cached transitions: the NFA states visited
   * while building a transition or simulating (an ε-closure's, and each step's
   * character-class tests).
   * A pattern of a few characters can expand to thousands of states (`[a-z]{1000}`), so
   * the analysis charges its budget by this, not by the pattern's length.
   */
  get work(): number {
    return this.spent;
  }

  /** How many times the DFA cache was full and dropped (for tests of the fallback). */
  get cacheDrops(): number {
    return this.drops;
  }

  /**
   * `test`, reporting its work as it goes: `onWork` is called with `work` after every
   * WORK_REPORT_EVERY of it, and may throw to stop the test there (the analysis's
   * budget: one test of a long value against thousands of states is seconds of work).
   */
  testReporting(value: string, onWork: (work: number) => void): boolean {
    this.onWork = onWork;
    this.nextReport = this.spent + WORK_REPORT_EVERY;
    try {
      return this.test(value);
    } finally {
      this.onWork = undefined;
    }
  }

  private onWork: ((work: number) => void) | undefined;
  private nextReport = 0;

  private report(): void {
    if (this.onWork === undefined || this.spent < this.nextReport) return;
    this.nextReport = this.spent + WORK_REPORT_EVERY;
    this.onWork(this.spent);
  }

  test(value: string): boolean {
    let state = this.initial;
    const drops = this.drops;
    const length = value.length;
    let i = 0;
    while (i < length) {
      let codePoint = value.charCodeAt(i++);
      let next: DfaState | null | undefined;
      if (codePoint < 128) next = state.ascii[codePoint];
      else {
        // Under the `u` flag a surrogate pair is one character; a lone surrogate is one too.
        if (codePoint >= 0xd800 && codePoint <= 0xdbff && i < length) {
          const low = value.charCodeAt(i);
          if (low >= 0xdc00 && low <= 0xdfff) {
            codePoint = ((codePoint - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
            i++;
          }
        }
        next = state.other?.get(codePoint);
      }
      if (next === null || next === undefined) {
        next = this.transition(state, codePoint);
        // The cache keeps overflowing on this value: its states hardly repeat, so
        // building them costs more than it saves. Simulate the NFA for the rest (RE2's
        // fallback too): the same O(NFA size) per character, without the bookkeeping.
        if (this.drops - drops >= 2 && next !== ACCEPT) return this.simulate(value, i, next.seeds, next.flags);
        this.report();
      }
      if (next === ACCEPT) return true;
      state = next;
    }
    if (state.endAccepts < 0) state.endAccepts = this.closure(state.seeds, state.flags, true, false) ? 1 : 0;
    return state.endAccepts === 1;
  }

  private isWord(codePoint: number): boolean {
    return this.word !== undefined && this.word.has(codePoint);
  }

  private transition(state: DfaState, codePoint: number): DfaState {
    const nextWord = this.isWord(codePoint);
    let target: DfaState;
    if (this.closure(state.seeds, state.flags, false, nextWord)) target = ACCEPT;
    else {
      const seeds = this.step(codePoint, []);
      seeds.sort((a, b) => a - b);
      target = this.intern(Int32Array.from(seeds), nextWord ? FLAG_PREVIOUS_WORD : 0);
    }
    if (++this.transitions > MAX_DFA_TRANSITIONS) this.dropCache();
    if (codePoint < 128) state.ascii[codePoint] = target;
    else (state.other ??= new Map()).set(codePoint, target);
    return target;
  }

  /** Thompson's simulation from offset `i` on, starting from the given seeds and flags. */
  private simulate(value: string, i: number, seeds: ArrayLike<number>, flags: number): boolean {
    let current: number[] = Array.from(seeds);
    let spare: number[] = [];
    const length = value.length;
    while (i < length) {
      this.report();
      let codePoint = value.charCodeAt(i++);
      if (codePoint >= 0xd800 && codePoint <= 0xdbff && i < length) {
        const low = value.charCodeAt(i);
        if (low >= 0xdc00 && low <= 0xdfff) {
          codePoint = ((codePoint - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
          i++;
        }
      }
      const nextWord = this.isWord(codePoint);
      if (this.closure(current, flags, false, nextWord)) return true;
      spare.length = 0;
      const stepped = this.step(codePoint, spare);
      spare = current;
      current = stepped;
      flags = nextWord ? FLAG_PREVIOUS_WORD : 0;
    }
    return this.closure(current, flags, true, false);
  }

  /** The successors over `codePoint` of the character states the last closure reached, each once, into `out`. */
  private step(codePoint: number, out: number[]): number[] {
    const { kinds, next, argument } = this.nfa;
    const elements = this.elements;
    const reached = this.reached;
    const count = reached.length;
    this.spent += count + 1;
    const generation = this.nextGeneration();
    const marks = this.marks;
    for (let r = 0; r < count; r++) {
      const q = reached[r]!;
      if (kinds[q] !== CHAR) continue;
      const to = next[q]!;
      if (marks[to] !== generation && elements[argument[q]!]!.has(codePoint)) {
        marks[to] = generation;
        out.push(to);
      }
    }
    return out;
  }

  private intern(seeds: Int32Array, flags: number): DfaState {
    const key = `${flags}:${seeds.join(',')}`;
    let found = this.cache.get(key);
    if (found === undefined) {
      if (this.cache.size >= MAX_DFA_STATES) {
        this.dropCache();
        found = this.cache.get(key);
        if (found !== undefined) return found;
      }
      found = new DfaState(seeds, flags);
      this.cache.set(key, found);
    }
    return found;
  }

  /**
   * Forgets every cached state and transition (RE2 does the same when its cache is
   * full): states already built stay valid for whoever holds them, and the ones built
   * from now on are shared through the new cache, so memory stays bounded.
   */
  private dropCache(): void {
    this.cache = new Map();
    this.transitions = 0;
    this.drops++;
    const initial = this.initial;
    this.initial = new DfaState(initial.seeds, initial.flags);
    this.cache.set(`${initial.flags}:${initial.seeds.join(',')}`, this.initial);
  }

  private nextGeneration(): number {
    if (++this.generation === 0xffffffff) {
      this.marks.fill(0);
      this.generation = 1;
    }
    return this.generation;
  }

  /**
   * The ε-closure of `seeds` plus the start state (the search may begin here), in the
   * context given; its states are left in `reached`. True when it reaches MATCH.
   */
  private closure(seeds: ArrayLike<number>, flags: number, atEnd: boolean, nextWord: boolean): boolean {
    const { kinds, next, splits, argument } = this.nfa;
    const atStart = (flags & FLAG_START) !== 0;
    const previousWord = (flags & FLAG_PREVIOUS_WORD) !== 0;
    const generation = this.nextGeneration();
    const marks = this.marks;
    const stack = this.stack;
    const reached = this.reached;
    reached.length = 0;
    stack.length = 0;
    stack.push(this.start);
    for (let i = seeds.length - 1; i >= 0; i--) stack.push(seeds[i]!);
    let popped = 0;
    while (stack.length > 0) {
      const q = stack.pop()!;
      popped++;
      if (marks[q] === generation) continue;
      marks[q] = generation;
      switch (kinds[q]) {
        case CHAR:
          reached.push(q);
          break;
        case MATCH:
          this.spent += popped;
          return true;
        case SPLIT: {
          const targets = splits[q]!;
          for (let t = targets.length - 1; t >= 0; t--) if (marks[targets[t]!] !== generation) stack.push(targets[t]!);
          break;
        }
        case ASSERT:
          if (assertionHolds(argument[q]!, atStart, atEnd, previousWord, nextWord) && marks[next[q]!] !== generation) stack.push(next[q]!);
          break;
      }
    }
    // Every state taken off the stack is work: a chain of choices or assertions is walked at each uncached step.
    this.spent += popped;
    return false;
  }
}

function assertionHolds(assertion: number, atStart: boolean, atEnd: boolean, previousWord: boolean, nextWord: boolean): boolean {
  switch (assertion) {
    case AT_START:
      return atStart;
    case AT_END:
      return atEnd;
    case WORD_BOUNDARY:
      return previousWord !== nextWord;
    default:
      return previousWord === nextWord;
  }
}

const shared = new Map<string, LinearRegex>();

/** A LinearRegex shared by everyone who asks for the same pattern and case mode (a bounded cache). */
export function linearRegex(pattern: string, ignoreCase: boolean): LinearRegex {
  const key = `${ignoreCase ? 'i' : ''}/${pattern}`;
  let regex = shared.get(key);
  if (regex === undefined) {
    regex = new LinearRegex(pattern, ignoreCase);
    if (shared.size >= 256) shared.delete(shared.keys().next().value!);
    shared.set(key, regex);
  }
  return regex;
}
