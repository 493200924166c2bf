// Diff fixtures (test/fixtures/diff/<case>/): base.channels, head.channels and
// expect.json with the moves (old → new channel pairs, in order), the rule changes
// as lines (added: head lines; removed: base lines; changed and moved: [base, head])
// and the newly unreachable head lines. Every example event is run on both versions.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffTexts, expectExamplesConfirmed, movePairs } from './diff-support';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'diff');

interface Expected {
  moves: Array<[string | null, string | null]>;
  added: number[];
  removed: number[];
  changed: Array<[number, number]>;
  moved: Array<[number, number]>;
  unreachable: number[];
  otherwise?: { base: string | null; head: string | null };
}

const cases = fs
  .readdirSync(FIXTURES)
  .filter((name) => fs.existsSync(path.join(FIXTURES, name, 'expect.json')))
  .sort();

describe('diff fixtures', () => {
  it('has the cases the issue names', () => {
    for (const name of ['reformat', 'comments', 'list-rename', 'move-past-disjoint', 'reorder-overlapping', 'add-rule', 'remove-rule', 'otherwise-changed']) {
      expect(cases).toContain(name);
    }
  });

  it.each(cases)('%s', async (name) => {
    const read = (file: string) => fs.readFileSync(path.join(FIXTURES, name, file), 'utf8');
    const base = read('base.channels');
    const head = read('head.channels');
    const expected = JSON.parse(read('expect.json')) as Expected;
    const diff = await diffTexts(base, head);
    expect(diff.complete).toBe(true);
    expect(diff.incomplete).toEqual([]);
    expect(movePairs(diff)).toEqual(expected.moves);
    expect(diff.rules.added.map((rule) => rule.line)).toEqual(expected.added);
    expect(diff.rules.removed.map((rule) => rule.line)).toEqual(expected.removed);
    expect(diff.rules.changed.map((pair) => [pair.base.line, pair.head.line])).toEqual(expected.changed);
    expect(diff.rules.moved.map((pair) => [pair.base.line, pair.head.line])).toEqual(expected.moved);
    expect(diff.unreachable.map((entry) => entry.rule.line)).toEqual(expected.unreachable);
    expect(diff.rules.otherwise).toEqual(expected.otherwise);
    expectExamplesConfirmed(diff, base, head);
    // Symmetry: the reverse diff has the reverse moves.
    const reverse = await diffTexts(head, base);
    expect(movePairs(reverse).map(([from, to]) => JSON.stringify([to, from])).sort()).toEqual(expected.moves.map((pair) => JSON.stringify(pair)).sort());
    expectExamplesConfirmed(reverse, head, base);
  });
});
