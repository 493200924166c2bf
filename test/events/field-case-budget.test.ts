// The field-case hints' key budget bounds the keys indexed, not only the keys followed:
// a first record of millions of keys (a CSV header of 3,000,000 columns) was indexed
// whole, key by key into a Map (4 s and 600 MB before the run's report).
import { describe, expect, it } from 'vitest';
import { eventFieldsFor } from '../../engine/events/event-source';
import { fieldCaseHints, KEY_BUDGET } from '../../engine/events/field-case';

function recordWith(extraKeys: number): Record<string, unknown> {
  const record: Record<string, unknown> = { user_id: 'u1', time: '2024-01-01', UTM_MEDIUM: 'cpc' };
  for (let i = 0; i < extraKeys; i++) record[`k${i}`] = '1';
  return record;
}

describe('the field-case key budget', () => {
  it('hints within the budget', () => {
    const hints = fieldCaseHints(eventFieldsFor(recordWith(10), {}), ['utm_medium']);
    expect(hints.map((hint) => hint.found)).toContain('UTM_MEDIUM');
  });

  it('charges the keys an object is indexed with: past the budget, no hint is looked for', () => {
    expect(fieldCaseHints(eventFieldsFor(recordWith(10), {}), ['utm_medium'], 12)).toEqual([]);
    expect(fieldCaseHints(eventFieldsFor(recordWith(KEY_BUDGET), {}), ['utm_medium'])).toEqual([]);
  });
});
