// SPEC §9's collectors hold what a report needs of each distinct unassigned pattern and
// each (ours, theirs) pair, compactly: a user's data may have millions of them (a
// campaign id in utm_source, an event id in the compared field).

import { describe, expect, it } from 'vitest';
import { UnassignedCollector } from '../../engine/report/unassigned';
import { retainedBytes } from '../support/retained-bytes';

const DISTINCT = 200_000;

describe('the §9 collectors in memory', () => {
  it('an unassigned pattern takes its key and a few numbers, not objects', () => {
    const { value: collector, bytes } = retainedBytes(() => {
      const collector = new UnassignedCollector(['utm_source', 'utm_medium', 'utm_campaign']);
      for (let i = 0; i < DISTINCT; i++) collector.recordValues(i, [`newsletter-${i}`, i % 3 === 0 ? null : 'email', `spring-${i % 1000}`], i + 1);
      return collector;
    });
    // Each pattern's key (about 40 bytes), its count, line and entry, its slot, with
    // room for growth; and the 8 bytes of the event. Objects per pattern held some 450.
    expect(bytes / DISTINCT).toBeLessThan(160);
    const section = collector.section(new Int32Array(DISTINCT), 2);
    expect(section.patternCount).toBe(DISTINCT);
    expect(section.patterns.map((pattern) => pattern.fields)).toEqual([
      { utm_source: 'newsletter-0', utm_medium: null, utm_campaign: 'spring-0' },
      { utm_source: 'newsletter-1', utm_medium: 'email', utm_campaign: 'spring-1' },
    ]);
  });
});
