// SPEC §9's collectors hold what a report needs of each distinct unassigned pattern and
// each (ours, theirs) pair, compactly: a user's data may have millions of them (a
// campaign id in utm_source, an event id in the compared field).

import { describe, expect, it } from 'vitest';
import { AgreementCollector } from '../../engine/report/agreement';
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

  it('an (ours, theirs) pair takes a few numbers and theirs its bytes, not objects', () => {
    const channels = ['Email', 'Paid Search', 'Direct'];
    const { value: collector, bytes } = retainedBytes(() => {
      const collector = new AgreementCollector('default_channel_group');
      for (let i = 0; i < DISTINCT; i++) collector.recordValue(`Channel ${i}`, i % 3, i + 1, () => `rules.channels:${(i % 3) + 2}`);
      return collector;
    });
    // Theirs as bytes (about 14) with their slot, the pair's two numbers and slot, its
    // events, line, entry and rule, with room for growth. Objects per pair held some 220.
    expect(bytes / DISTINCT).toBeLessThan(140);
    const section = collector.section(channels);
    expect(section.pairs).toHaveLength(DISTINCT);
    // One event each: disagreeing pairs by ours, then theirs, in code-unit order.
    expect(section.pairs[0]).toEqual({ ours: 'Direct', theirs: 'Channel 100001', events: 1, example: { line: 100002, rule: 'rules.channels:4' } });
    expect(section.pairs.at(-1)).toEqual({ ours: 'Paid Search', theirs: 'Channel 99997', events: 1, example: { line: 99998, rule: 'rules.channels:3' } });
  });
});
