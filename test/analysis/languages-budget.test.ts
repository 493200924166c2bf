// A refused charge leaves no trace in what the languages keep (engine/analysis/languages):
// a question asked again after the budget refused part of it finds what a fresh
// instance finds, so examples never depend on which questions ran out before.

import { describe, expect, it } from 'vitest';
import { Languages, type WorkMeter } from '../../engine/analysis/languages';

/** A meter that refuses its `refuse`-th charge once, between arm() and disarm(). */
function refusingOnce(refuse: number): WorkMeter & { arm(): void; disarm(): void } {
  let charges = 0;
  let armed = false;
  return {
    arm: () => {
      armed = true;
      charges = 0;
    },
    disarm: () => {
      armed = false;
    },
    spend: () => {
      charges++;
      if (armed && charges === refuse) {
        armed = false;
        throw new Error('the budget ran out');
      }
    },
  };
}

describe('an intersection’s likely members after a refused charge', () => {
  it('are found as a fresh instance finds them', () => {
    const fresh = new Languages({ maxNodes: 10_000 });
    const expected = fresh.member(fresh.and(fresh.leaf('b', false), fresh.leaf('a', false)), new Set(['x']), false);
    expect(expected.kind).toBe('found');
    for (let refuse = 1; refuse <= 12; refuse++) {
      const languages = new Languages({ maxNodes: 10_000 });
      const meter = refusingOnce(refuse);
      languages.meter = meter;
      const both = languages.and(languages.leaf('b', false), languages.leaf('a', false));
      meter.arm();
      try {
        languages.member(both, new Set(), false);
      } catch {
        // Refused part way: the question is asked again below.
      }
      meter.disarm();
      expect(languages.member(both, new Set(['x']), false), `refused at charge ${refuse}`).toEqual(expected);
    }
  });
});

describe('a membership test of a short regex of many states', () => {
  it('is charged by the states it steps over, not by the pattern’s length', () => {
    // `[a-z]{1000}` is 11 characters and 1,000 states: four such rules ran for minutes
    // on 5% of the budget when only a pattern of 1 KiB or more was charged.
    const languages = new Languages({ maxNodes: 10_000 });
    let spent = 0;
    let charges = 0;
    languages.meter = { spend: (steps) => void ((spent += steps), charges++) };
    const leaf = languages.leaf('[a-z]{1000}', false);
    expect(languages.has(leaf, 'a'.repeat(999))).toBe(false);
    expect(spent).toBeGreaterThan(100_000);
    // As it goes, so that a budget can stop the test part-way.
    expect(charges).toBeGreaterThan(1);
    const short = languages.leaf('ab', false);
    spent = 0;
    expect(languages.has(short, 'xab')).toBe(true);
    expect(spent).toBeLessThan(10);
  });

  it('is not owed again by the next test once refused', () => {
    // The refused work stayed owed: every later test that built a transition was refused too, with the budget unspent.
    const languages = new Languages({ maxNodes: 10_000 });
    let left = 1_000;
    let refused = 0;
    languages.meter = {
      spend: (steps) => {
        if (steps > left) {
          refused++;
          throw new Error('the budget ran out');
        }
        left -= steps;
      },
    };
    expect(() => languages.has(languages.leaf('[a-z]{1000}', false), 'a'.repeat(999))).toThrow('the budget ran out');
    const short = languages.leaf('ab', false);
    for (const value of ['xab', 'yyab', 'zzzab']) expect(languages.has(short, value)).toBe(true);
    expect(refused).toBe(1);
  });
});

describe('the sample words of a `contains` literal', () => {
  it('are charged the steps their enumeration took, not its bound', () => {
    // Each leaf's 16 samples were charged the enumeration's bound, 2,048 steps, before
    // it ran: about 3,000 of the steps of each of 400 one-rule `contains` channels,
    // which ran the file out of the budget. Its first words take about 120.
    const languages = new Languages({ maxNodes: 10_000 });
    let spent = 0;
    languages.meter = { spend: (steps) => void (spent += steps) };
    const first = languages.literal('contains', 'siteK1.example', 'siteK1\\.example', false);
    const second = languages.literal('contains', 'siteK2.example', 'siteK2\\.example', false);
    expect(languages.member(languages.and(first, second), new Set(), false)).toEqual({ kind: 'found', value: 'siteK1.examplesiteK2.example' });
    expect(spent).toBeLessThan(2 * 2_048);
  });
});

describe('the sample words of a literal ignoring case, in a field that keeps case', () => {
  it('are its keys, spelled readably, found in a few dozen steps, not its spellings', () => {
    // Its spellings, listed breadth first, ran the listing out of its 2,048 steps before
    // the second ("site2.examplE" comes long before "asite2.example"), at every question
    // asked of the literal (a list that short was not kept): 400 rules of `contains …
    // ignoring case` beside `matches` of the same field left 361 analysis-incomplete
    // (227 now, their regexes' own pairs).
    const languages = new Languages({ maxNodes: 10_000 });
    let spent = 0;
    languages.meter = { spend: (steps) => void (spent += steps) };
    const literal = languages.literal('contains', 'Site2.Example', 'Site2\\.Example', true);
    const oneBefore = languages.leaf('^.site2\\.example$', false);
    const both = languages.and(literal, oneBefore);
    const found = languages.member(both, new Set(), false);
    expect(found).toEqual({ kind: 'found', value: expect.stringMatching(/^.site2\.example$/) });
    expect(languages.has(both, (found as { value: string }).value)).toBe(true);
    expect(spent).toBeLessThan(2_048);
  });
});
