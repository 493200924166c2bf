// The classifier memo's bounds and pauses (engine/classify/classify-memo); its
// exactness is test/classify/classifier-property.test.ts's.

import { describe, expect, it } from 'vitest';
import { ClassifyMemo, DEFAULT_MEMO_OPTIONS, type MemoOptions } from '../../engine/classify/classify-memo';
import { validRules } from './rules-under-test';
import { compileClassifier } from '../../engine/classify/compile-classifier';

const options = (changes: Partial<MemoOptions>): MemoOptions => ({ ...DEFAULT_MEMO_OPTIONS, ...changes });

/** What the generated classifier does with one event's values: look up, else remember. */
function classifyThrough(memo: ClassifyMemo, values: (string | null | undefined)[], result: number): 'hit' | 'miss' | 'skipped' {
  if (memo.skip > 0) {
    memo.skip--;
    return 'skipped';
  }
  let node: unknown = memo.root;
  for (const value of values) node = node === undefined ? undefined : (node as Map<unknown, unknown>).get(value);
  if (node !== undefined) {
    expect(node).toBe(result);
    memo.hit();
    return 'hit';
  }
  memo.miss(values, result);
  return 'miss';
}

describe('classifier memo', () => {
  it('keeps "", null and missing apart', () => {
    const memo = new ClassifyMemo();
    classifyThrough(memo, ['', 'x'], 1);
    classifyThrough(memo, [null, 'x'], 2);
    classifyThrough(memo, [undefined, 'x'], 3);
    expect(classifyThrough(memo, ['', 'x'], 1)).toBe('hit');
    expect(classifyThrough(memo, [null, 'x'], 2)).toBe('hit');
    expect(classifyThrough(memo, [undefined, 'x'], 3)).toBe('hit');
    expect(memo.stats().entries).toBe(3);
  });

  it('holds at most maxEntries results and maxKeyChars characters, then stops adding and keeps answering', () => {
    const memo = new ClassifyMemo(options({ maxEntries: 10, maxMissRatio: 1 }));
    for (let i = 0; i < 100; i++) classifyThrough(memo, ['s', `v${i}`], i);
    expect(memo.stats().entries).toBe(10);
    expect(classifyThrough(memo, ['s', 'v3'], 3)).toBe('hit');
    expect(classifyThrough(memo, ['s', 'v50'], 50)).toBe('miss');

    const byChars = new ClassifyMemo(options({ maxKeyChars: 100, maxMissRatio: 1 }));
    for (let i = 0; i < 100; i++) classifyThrough(byChars, [`value-${i}`], i);
    expect(byChars.stats().keyChars).toBeLessThanOrEqual(100);
    expect(byChars.stats().entries).toBe(13); // value-0…value-9 (70 characters) and value-10…value-12 (24)
  });

  it('a full memo whose window fails is emptied, and fills with what comes now', () => {
    const memo = new ClassifyMemo(options({ maxEntries: 4, window: 8, maxMissRatio: 0.5, maxBackoff: 0 }));
    for (let i = 0; i < 4; i++) expect(classifyThrough(memo, [`old-${i}`], i)).toBe('miss');
    expect(memo.stats().entries).toBe(4);
    // A new value: no room, and a fifth miss ends the window (more than 8 × 0.5): the memo is emptied and pauses 8 events.
    expect(classifyThrough(memo, ['new-0'], 9)).toBe('miss');
    expect(memo.stats()).toEqual({ entries: 0, keyChars: 0 });
    expect(memo.skip).toBe(8);
    for (let i = 0; i < 8; i++) expect(classifyThrough(memo, ['new-0'], 9)).toBe('skipped');
    expect(classifyThrough(memo, ['new-0'], 9)).toBe('miss');
    expect(classifyThrough(memo, ['new-0'], 9)).toBe('hit');
  });

  it('a window that misses while values do repeat (a memo still filling) pauses one window, without growing the pause', () => {
    const memo = new ClassifyMemo(options({ window: 16, maxMissRatio: 0.5, learningHitRatio: 0.25, maxBackoff: 5 }));
    // Each round: 9 new values and 4 seen ones (9 misses > 8 end the window; 4 hits ≥ 16 × 0.25 make it learning).
    let next = 0;
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 4; i++) classifyThrough(memo, ['seen'], 0);
      for (let i = 0; i < 9 && memo.skip === 0; i++) classifyThrough(memo, [`v${next++}`], 0);
      expect(memo.skip).toBe(16);
      while (memo.skip > 0) classifyThrough(memo, ['seen'], 0);
    }
  });

  it('never keeps a value longer than maxValueLength', () => {
    const memo = new ClassifyMemo(options({ maxValueLength: 8 }));
    classifyThrough(memo, ['short', 'x'.repeat(9)], 1);
    expect(memo.stats().entries).toBe(0);
    expect(classifyThrough(memo, ['short', 'x'.repeat(9)], 1)).toBe('miss');
  });

  it('pauses while values do not repeat, longer each time, and comes back when they do', () => {
    const memo = new ClassifyMemo(options({ window: 100, maxMissRatio: 0.25, maxBackoff: 3 }));
    const outcomes: string[] = [];
    let unique = 0;
    for (let i = 0; i < 3000; i++) outcomes.push(classifyThrough(memo, [`id-${unique++}`], 0));
    const skipped = outcomes.filter((outcome) => outcome === 'skipped').length;
    // 26 misses end each probe; the pauses grow 100, 200, 400, 800, then stay at 800.
    expect(outcomes.slice(0, 26).every((outcome) => outcome === 'miss')).toBe(true);
    expect(outcomes[26]).toBe('skipped');
    expect(skipped).toBeGreaterThan(2800);
    // Repeating values: after the pause, a window that pays lifts it.
    const again: string[] = [];
    for (let i = 0; i < 3000; i++) again.push(classifyThrough(memo, ['same'], 0));
    expect(again.slice(-1000).every((outcome) => outcome === 'hit')).toBe(true);
  });

  it('a classifier with a tiny memo gives the same answers in any order of events', () => {
    const rules = validRules('channel "A"\n  when f = "1" and g matches /x+/\nchannel "B"\n  when g is null\notherwise "O"\n');
    const memoized = compileClassifier(rules.checked, undefined, { memo: options({ maxEntries: 2, window: 4 }) });
    const events = [{ f: '1', g: 'xx' }, { f: '1', g: null }, { g: null }, {}, { f: '1', g: 'y' }, { f: '1', g: 'xx' }];
    const expected = events.map((props) => rules.classifier.channelOf(compileClassifier(rules.checked, undefined, { memo: false }).classify(props)));
    expect(expected).toEqual(['A', 'B', 'B', 'O', 'O', 'A']);
    for (let round = 0; round < 50; round++) {
      for (const [i, props] of events.entries()) expect(memoized.channelOf(memoized.classify(props))).toBe(expected[i]);
      events.reverse();
      expected.reverse();
    }
  });
});
