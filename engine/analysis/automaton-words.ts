// Short, readable words of a nondeterministic automaton (a regex's product NFA, when
// its DFA would be too large): every reachable state is explored, then words are
// enumerated best-first by length so far plus the distance still needed to accept,
// trying letters and digits before other characters.

import type { CharSet, TransitionIterator } from 'refa';
import { mostReadableIn, readability } from './language-product';

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

function readableChar(chars: CharSet): number {
  let best: number | undefined;
  for (const range of chars.ranges) {
    const char = mostReadableIn(range.min, range.max);
    if (best === undefined || readability(char) < readability(best)) best = char;
  }
  return best!;
}
