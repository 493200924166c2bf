// A boolean combination of regular languages as one explicit automaton: the product
// of the leaves' DFAs, explored from the initial tuple of states, accepting where the
// formula over the leaves' acceptance holds. Built without materialising refa DFAs
// for intersections and complements (and without minimising), which is most of what
// deciding "is A ∩ ¬B ∩ C empty?" used to cost; the same graph then yields the
// shortest, most readable members.
//
// A missing transition of a DFA goes to an implicit trap state (id -1), so complements
// need no completion.

import type { DFA, ReadonlyDFA } from 'refa';
import { isKeyCharacter, nonKeyCharactersIn } from './case-fold';
import { MAX_CHARACTER } from './regex-language';
import { minOf } from '../collections/append-all';
import type { WorkMeter } from './languages';

export interface ProductGraph {
  /** Per state: accepting or not. State 0 is the initial one. */
  finals: boolean[];
  /** Per state: the targets, each with the character ranges leading there (most readable target first). */
  edges: Array<Array<{ to: number; ranges: Array<[number, number]> }>>;
  /** Per state: characters to an accepting state (Infinity when none is reachable). */
  distance: number[];
}

export class ProductBudgetError extends Error {}

/**
 * Most cells (states × components) of one product: the memory a product's tuples take
 * is bounded whatever the number of languages combined (10,000 `and`ed `contains`).
 */
export const MAX_PRODUCT_CELLS = 1_000_000;

/**
 * Explores the product of `components` (each a DFA; a component may appear once per
 * polarity) with acceptance `accepts(finalFlags)`; at most `maxStates` tuples, and at
 * most MAX_PRODUCT_CELLS cells. Each state explored is charged to `meter` (one step
 * per component for each interval of the alphabet it splits into).
 */
export function exploreProduct(
  components: readonly ReadonlyDFA[],
  accepts: (finals: readonly boolean[]) => boolean,
  maxStates: number,
  meter?: WorkMeter,
): ProductGraph {
  const stateLimit = Math.min(maxStates, Math.floor(MAX_PRODUCT_CELLS / Math.max(1, components.length)));
  const nodeIds = components.map(() => new Map<DFA.ReadonlyNode, number>());
  const nodesById = components.map(() => [] as DFA.ReadonlyNode[]);
  const idOf = (component: number, node: DFA.ReadonlyNode): number => {
    const ids = nodeIds[component]!;
    let id = ids.get(node);
    if (id === undefined) {
      id = nodesById[component]!.length;
      ids.set(node, id);
      nodesById[component]!.push(node);
    }
    return id;
  };
  const tuples: number[][] = [];
  const tupleIds = new Map<string, number>();
  const tupleId = (tuple: number[]): number => {
    const key = tuple.join(',');
    let id = tupleIds.get(key);
    if (id === undefined) {
      if (tuples.length >= stateLimit) throw new ProductBudgetError('the product automaton exceeds its size limit');
      id = tuples.length;
      tuples.push(tuple);
      tupleIds.set(key, id);
    }
    return id;
  };

  tupleId(components.map((dfa, component) => idOf(component, dfa.initial)));
  const finals: boolean[] = [];
  const edges: ProductGraph['edges'] = [];
  for (let state = 0; state < tuples.length; state++) {
    const tuple = tuples[state]!;
    finals.push(accepts(tuple.map((id, component) => id >= 0 && components[component]!.finals.has(nodesById[component]![id]!))));
    // The elementary intervals of the alphabet on which every component goes to one target.
    const cuts = new Set<number>([0, MAX_CHARACTER + 1]);
    const outs: Array<Array<[number, number, number]>> = tuple.map((id, component) => {
      const list: Array<[number, number, number]> = [];
      if (id < 0) return list;
      nodesById[component]![id]!.out.forEach((to, range) => {
        list.push([range.min, range.max, idOf(component, to)]);
        cuts.add(range.min);
        cuts.add(range.max + 1);
      });
      list.sort((a, b) => a[0] - b[0]);
      return list;
    });
    const points = [...cuts].sort((a, b) => a - b);
    meter?.spend(components.length * points.length);
    const cursors = outs.map(() => 0);
    const byTarget = new Map<number, Array<[number, number]>>();
    for (let i = 0; i + 1 < points.length; i++) {
      const min = points[i]!;
      const max = points[i + 1]! - 1;
      const target = outs.map((list, component) => {
        let cursor = cursors[component]!;
        while (cursor < list.length && list[cursor]![1] < min) cursor++;
        cursors[component] = cursor;
        const range = list[cursor];
        return range !== undefined && range[0] <= min ? range[2] : -1;
      });
      const to = tupleId(target);
      let ranges = byTarget.get(to);
      if (ranges === undefined) byTarget.set(to, (ranges = []));
      const last = ranges[ranges.length - 1];
      if (last !== undefined && last[1] + 1 === min) last[1] = max;
      else ranges.push([min, max]);
    }
    const readableOf = (ranges: Array<[number, number]>): number => minOf(ranges.map(([min, max]) => readability(mostReadableIn(min, max))));
    edges.push([...byTarget].map(([to, ranges]) => ({ to, ranges })).sort((a, b) => readableOf(a.ranges) - readableOf(b.ranges)));
  }

  // Distances to an accepting state, backwards from the accepting ones.
  const incoming: number[][] = tuples.map(() => []);
  edges.forEach((list, from) => list.forEach(({ to }) => incoming[to]!.push(from)));
  const distance = tuples.map(() => Infinity);
  let frontier: number[] = [];
  finals.forEach((final, state) => {
    if (final) {
      distance[state] = 0;
      frontier.push(state);
    }
  });
  for (let d = 1; frontier.length > 0; d++) {
    const next: number[] = [];
    for (const state of frontier) {
      for (const from of incoming[state]!) {
        if (distance[from] === Infinity) {
          distance[from] = d;
          next.push(from);
        }
      }
    }
    frontier = next;
  }
  return { finals, edges, distance };
}

/**
 * Distinct accepted words, shortest first (best-first by length so far plus distance
 * still needed). Each step tries up to `perEdge` characters of an edge, most readable
 * first; with `keysOnly`, only characters that are their own case-fold key (in the
 * folded domain every edge's characters are whole case classes, so this lists each
 * key once). `complete` says, once the iteration ends, that every accepted word was
 * produced: the language is finite and no edge had more characters than were tried.
 * `steps` is the states taken from the queue, at most `maxSteps` + 1.
 */
export function enumerateWords(
  graph: ProductGraph,
  limit: number,
  keysOnly: boolean,
  perEdge = 4,
  maxSteps = 64 * limit + 1024,
): { words: string[]; complete: boolean; steps: number } {
  const words: string[] = [];
  const start = graph.distance[0]!;
  if (start === Infinity) return { words, complete: true, steps: 0 };
  const buckets: Array<Array<{ state: number; word: string }>> = [];
  (buckets[start] ??= []).push({ state: 0, word: '' });
  let steps = 0;
  let truncated = false;
  for (let priority = start; priority < buckets.length; priority++) {
    const bucket = buckets[priority] ?? [];
    for (let i = 0; i < bucket.length; i++) {
      const { state, word } = bucket[i]!;
      if (graph.finals[state]) {
        words.push(word);
        if (words.length >= limit) return { words, complete: false, steps };
      }
      if (++steps > maxSteps) {
        // Breadth first within a length, a literal of n letters ignoring case has 2^n
        // partial spellings before its first word: give its shortest word at least, by
        // a descent along the distances (each step a character that keeps to a shortest path).
        if (words.length === 0) {
          const shortest = shortestWord(graph, keysOnly, perEdge);
          if (shortest !== undefined) words.push(shortest);
          steps += start;
        }
        return { words, complete: false, steps };
      }
      for (const { to, ranges } of graph.edges[state]!) {
        const rest = graph.distance[to]!;
        if (rest === Infinity) continue;
        const { chars, all } = cachedCharactersOf(ranges, keysOnly, perEdge);
        if (!all) truncated = true;
        for (const char of chars) (buckets[word.length + 1 + rest] ??= []).push({ state: to, word: word + String.fromCodePoint(char) });
      }
    }
    buckets[priority] = [];
  }
  return { words, complete: !truncated, steps };
}

/** The first shortest accepted word, the most readable characters first: `distance[0]` steps. */
function shortestWord(graph: ProductGraph, keysOnly: boolean, perEdge: number): string | undefined {
  let state = 0;
  let word = '';
  while (graph.distance[state]! > 0) {
    const rest = graph.distance[state]!;
    const edge = graph.edges[state]!.find(({ to }) => graph.distance[to] === rest - 1);
    const char = edge === undefined ? undefined : cachedCharactersOf(edge.ranges, keysOnly, perEdge).chars[0];
    if (edge === undefined || char === undefined) return undefined;
    word += String.fromCodePoint(char);
    state = edge.to;
  }
  return word;
}

const characterCache = new WeakMap<object, Map<string, { chars: number[]; all: boolean }>>();

function cachedCharactersOf(ranges: ReadonlyArray<readonly [number, number]>, keysOnly: boolean, count: number): { chars: number[]; all: boolean } {
  let byOptions = characterCache.get(ranges);
  if (byOptions === undefined) characterCache.set(ranges, (byOptions = new Map()));
  const key = `${keysOnly}${count}`;
  let found = byOptions.get(key);
  if (found === undefined) byOptions.set(key, (found = charactersOf(ranges, keysOnly, count)));
  return found;
}

/** Up to `count` characters of the ranges, most readable first, and whether that is all of them. */
function charactersOf(ranges: ReadonlyArray<readonly [number, number]>, keysOnly: boolean, count: number): { chars: number[]; all: boolean } {
  const chars: number[] = [];
  const seen = new Set<number>();
  const take = (char: number): boolean => {
    if (seen.has(char) || (keysOnly && !isKeyCharacter(char))) return false;
    seen.add(char);
    chars.push(char);
    return chars.length >= count;
  };
  // The most readable of each range first, then the ranges in order.
  const firsts = ranges.map(([min, max]) => mostReadableIn(min, max)).sort((a, b) => readability(a) - readability(b) || a - b);
  for (const char of firsts) if (take(char)) return { chars, all: countCharacters(ranges, keysOnly) <= chars.length };
  for (const [min, max] of ranges) {
    for (let char = min; char <= max; char++) {
      if (take(char)) return { chars, all: countCharacters(ranges, keysOnly) <= chars.length };
      // Past a few thousand non-key characters, stop looking: the edge is truncated.
      if (char - min > 4096) return { chars, all: false };
    }
  }
  return { chars, all: true };
}

/** How many characters (or key characters) the ranges hold. */
function countCharacters(ranges: ReadonlyArray<readonly [number, number]>, keysOnly: boolean): number {
  let count = 0;
  for (const [min, max] of ranges) count += max - min + 1 - (keysOnly ? nonKeyCharactersIn(min, max) : 0);
  return count;
}

/** The most readable character of a range: a-z, then 0-9, A-Z, "-", ".", "_", other ASCII, anything. */
export function mostReadableIn(min: number, max: number): number {
  for (const [from, to] of READABLE_RANGES) {
    const low = Math.max(min, from);
    if (low <= Math.min(max, to)) return low;
  }
  return min;
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

export function readability(char: number): number {
  if (char >= 0x61 && char <= 0x7a) return 0;
  if (char >= 0x30 && char <= 0x39) return 1;
  if (char >= 0x41 && char <= 0x5a) return 2;
  if (char === 0x2d || char === 0x5f || char === 0x2e) return 3;
  if (char > 0x20 && char < 0x7f) return 4;
  return 5;
}
