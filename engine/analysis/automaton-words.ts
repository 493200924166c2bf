// Short, readable words of a DFA: a breadth-first search from the initial state that
// tries letters and digits before other characters, so the first accepting state it
// reaches gives a shortest word that reads like text ("cp", not "\u0000\u0000").
// Enumerating refa's word sets instead explodes on languages such as "contains X and
// contains Y", whose short prefixes are countless.

import type { Char, CharSet, DFA, ReadonlyDFA, TransitionIterator } from 'refa';

export function shortestWord(dfa: ReadonlyDFA): string | undefined {
  if (dfa.finals.has(dfa.initial)) return '';
  const parent = new Map<DFA.ReadonlyNode, { from: DFA.ReadonlyNode; char: Char }>();
  const seen = new Set<DFA.ReadonlyNode>([dfa.initial]);
  let frontier: DFA.ReadonlyNode[] = [dfa.initial];
  while (frontier.length > 0) {
    const next: DFA.ReadonlyNode[] = [];
    for (const node of frontier) {
      for (const [to, char] of readableEdges(node)) {
        if (seen.has(to)) continue;
        seen.add(to);
        parent.set(to, { from: node, char });
        if (dfa.finals.has(to)) return spell(parent, to, dfa.initial);
        next.push(to);
      }
    }
    frontier = next;
  }
  return undefined;
}

/**
 * Up to `limit` distinct words, shortest first: a best-first search ordered by the
 * length of the prefix plus the distance still needed to accept, so it walks straight
 * to accepting states instead of through every short prefix. One readable character
 * per target state and step keeps the words distinct and legible.
 */
export function* sampleWords(dfa: ReadonlyDFA, limit: number, maxSteps = 64 * limit + 1024): Iterable<string> {
  const distance = distancesToFinal(dfa);
  const start = distance.get(dfa.initial);
  if (start === undefined) return;
  const buckets: Array<Array<{ node: DFA.ReadonlyNode; word: string }>> = [];
  const push = (node: DFA.ReadonlyNode, word: string, priority: number): void => {
    (buckets[priority] ??= []).push({ node, word });
  };
  push(dfa.initial, '', start);
  let count = 0;
  let steps = 0;
  for (let priority = start; priority < buckets.length; priority++) {
    const bucket = buckets[priority];
    // Items are appended to later buckets only, so this one can be drained in order.
    for (let i = 0; bucket !== undefined && i < bucket.length; i++) {
      const { node, word } = bucket[i]!;
      if (dfa.finals.has(node)) {
        yield word;
        if (++count >= limit) return;
      }
      if (++steps > maxSteps) return;
      for (const [to, char] of readableEdges(node)) {
        const rest = distance.get(to);
        if (rest !== undefined) push(to, word + String.fromCodePoint(char), word.length + 1 + rest);
      }
    }
    buckets[priority] = [];
  }
}

/** For every node that can reach a final node (from the initial one): how many characters it takes. */
function distancesToFinal(dfa: ReadonlyDFA): Map<DFA.ReadonlyNode, number> {
  const incoming = new Map<DFA.ReadonlyNode, DFA.ReadonlyNode[]>();
  const reachable: DFA.ReadonlyNode[] = [];
  const seen = new Set<DFA.ReadonlyNode>([dfa.initial]);
  for (const stack = [dfa.initial]; stack.length > 0; ) {
    const node = stack.pop()!;
    reachable.push(node);
    node.out.forEach((to) => {
      let list = incoming.get(to);
      if (list === undefined) incoming.set(to, (list = []));
      list.push(node);
      if (!seen.has(to)) {
        seen.add(to);
        stack.push(to);
      }
    });
  }
  const distance = new Map<DFA.ReadonlyNode, number>();
  let frontier = reachable.filter((node) => dfa.finals.has(node));
  for (const node of frontier) distance.set(node, 0);
  for (let d = 1; frontier.length > 0; d++) {
    const next: DFA.ReadonlyNode[] = [];
    for (const node of frontier) {
      for (const from of incoming.get(node) ?? []) {
        if (!distance.has(from)) {
          distance.set(from, d);
          next.push(from);
        }
      }
    }
    frontier = next;
  }
  return distance;
}

function spell(parent: Map<DFA.ReadonlyNode, { from: DFA.ReadonlyNode; char: Char }>, end: DFA.ReadonlyNode, start: DFA.ReadonlyNode): string {
  const chars: number[] = [];
  for (let node = end; node !== start; ) {
    const step = parent.get(node)!;
    chars.push(step.char);
    node = step.from;
  }
  return String.fromCodePoint(...chars.reverse());
}

const edgeCache = new WeakMap<DFA.ReadonlyNode, Array<[DFA.ReadonlyNode, Char]>>();

/** The node's targets, each with its most readable character, most readable first. */
function readableEdges(node: DFA.ReadonlyNode): Array<[DFA.ReadonlyNode, Char]> {
  const cached = edgeCache.get(node);
  if (cached !== undefined) return cached;
  const best = new Map<DFA.ReadonlyNode, Char>();
  node.out.forEach((to, range) => {
    const char = mostReadableIn(range.min, range.max);
    const before = best.get(to);
    if (before === undefined || readability(char) < readability(before) || (readability(char) === readability(before) && char < before)) best.set(to, char);
  });
  const edges = [...best].sort((a, b) => readability(a[1]) - readability(b[1]) || a[1] - b[1]);
  edgeCache.set(node, edges);
  return edges;
}

/** The most readable character of a range: a-z, then 0-9, A-Z, "-_.", other ASCII, anything. */
function mostReadableIn(min: number, max: number): Char {
  for (const [from, to] of READABLE_RANGES) {
    const low = Math.max(min, from);
    if (low <= Math.min(max, to)) return low as Char;
  }
  return min as Char;
}

const READABLE_RANGES: ReadonlyArray<[number, number]> = [
  [0x61, 0x7a],
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x2d, 0x2e],
  [0x5f, 0x5f],
  [0x21, 0x7e],
  [0xa1, 0x2fff],
];

function readability(char: number): number {
  if (char >= 0x61 && char <= 0x7a) return 0; // a-z
  if (char >= 0x30 && char <= 0x39) return 1; // 0-9
  if (char >= 0x41 && char <= 0x5a) return 2; // A-Z
  if (char === 0x2d || char === 0x5f || char === 0x2e) return 3; // - _ .
  if (char > 0x20 && char < 0x7f) return 4;
  return 5;
}

/**
 * Up to `limit` distinct words of a nondeterministic automaton given as a transition
 * iterator, shortest first; explores at most `maxStates` states.
 */
export function* sampleTransitionWords<S>(iterator: TransitionIterator<S>, limit: number, maxStates: number): Iterable<string> {
  // Explore every reachable state, then the distance of each to a final one.
  const incoming = new Map<S, S[]>();
  const seen = new Set<S>([iterator.initial]);
  const order: S[] = [];
  for (const stack = [iterator.initial]; stack.length > 0; ) {
    const state = stack.pop()!;
    order.push(state);
    if (order.length > maxStates) return;
    for (const to of iterator.getOut(state).keys()) {
      let list = incoming.get(to);
      if (list === undefined) incoming.set(to, (list = []));
      list.push(state);
      if (!seen.has(to)) {
        seen.add(to);
        stack.push(to);
      }
    }
  }
  const distance = new Map<S, number>();
  let frontier = order.filter((state) => iterator.isFinal(state));
  for (const state of frontier) distance.set(state, 0);
  for (let d = 1; frontier.length > 0; d++) {
    const next: S[] = [];
    for (const state of frontier) {
      for (const from of incoming.get(state) ?? []) {
        if (!distance.has(from)) {
          distance.set(from, d);
          next.push(from);
        }
      }
    }
    frontier = next;
  }
  const start = distance.get(iterator.initial);
  if (start === undefined) return;
  const buckets: Array<Array<{ state: S; word: string }>> = [];
  (buckets[start] ??= []).push({ state: iterator.initial, word: '' });
  const yielded = new Set<string>();
  let steps = 0;
  for (let priority = start; priority < buckets.length; priority++) {
    const bucket = buckets[priority] ?? [];
    for (let i = 0; i < bucket.length; i++) {
      const { state, word } = bucket[i]!;
      if (iterator.isFinal(state) && !yielded.has(word)) {
        yielded.add(word);
        yield word;
        if (yielded.size >= limit) return;
      }
      if (++steps > 64 * limit + 1024) return;
      for (const [to, chars] of iterator.getOut(state)) {
        const rest = distance.get(to);
        if (rest !== undefined) (buckets[word.length + 1 + rest] ??= []).push({ state: to, word: word + String.fromCodePoint(readableChar(chars)) });
      }
    }
    buckets[priority] = [];
  }
}

function readableChar(chars: CharSet): Char {
  let best: Char | undefined;
  for (const range of chars.ranges) {
    const char = mostReadableIn(range.min, range.max);
    if (best === undefined || readability(char) < readability(best)) best = char;
  }
  return best!;
}
