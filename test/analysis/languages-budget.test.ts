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
