// Wide `and` / `or` groups import in linear time and print exactly as before: an
// `orGroup` of thousands of EXACT filters once compared every filter with every kept
// one (41 s for 10,000). The work is counted, not timed: conditions serialized per item.

import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { importGa4ChannelGroup } from '../../engine/import/ga4/import-ga4';
import { and, FALSE, not, or, test, TRUE, type Condition } from '../../engine/import/rules-text';

/** The grouping as first written: an item is dropped when its JSON equals a kept one's. */
function referenceGroup(kind: 'and' | 'or', items: Condition[]): Condition {
  const kept: Condition[] = [];
  for (const item of items) {
    if (item.kind === 'const') {
      if (item.value === (kind === 'or')) return item.value ? TRUE : FALSE;
      continue;
    }
    for (const part of item.kind === kind ? item.items : [item]) if (!kept.some((other) => JSON.stringify(other) === JSON.stringify(part))) kept.push(part);
  }
  if (kept.length === 0) return kind === 'and' ? TRUE : FALSE;
  return kept.length === 1 ? kept[0]! : { kind, items: kept };
}

// Few fields and values, so that duplicates are common.
const testArbitrary: fc.Arbitrary<Condition> = fc
  .tuple(fc.constantFrom('utm_source', 'utm_medium'), fc.constantFrom('equals', 'contains', 'in', 'isSet'), fc.constantFrom('a', 'b', 'A'), fc.boolean(), fc.boolean())
  .map(([field, operator, value, negated, ignoreCase]) =>
    operator === 'isSet' ? test(field, 'isSet', undefined, { negated }) : test(field, operator, operator === 'in' ? [value, 'z'] : value, { negated, ignoreCase }),
  );

const conditionArbitrary: fc.Arbitrary<Condition> = fc.letrec<{ condition: Condition }>((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    testArbitrary,
    fc.constantFrom(TRUE, FALSE),
    tie('condition').map(not),
    fc.array(tie('condition'), { maxLength: 4 }).map((items) => and(...items)),
    fc.array(tie('condition'), { maxLength: 4 }).map((items) => or(...items)),
  ),
})).condition;

function serializationsOf(run: () => void): number {
  const stringify = vi.spyOn(JSON, 'stringify');
  run();
  const count = stringify.mock.calls.length;
  stringify.mockRestore();
  return count;
}

function exactFilter(value: string) {
  return { filter: { fieldName: 'eachScopeSource', stringFilter: { matchType: 'EXACT', value } } };
}

describe('wide groups', () => {
  afterEach(() => vi.restoreAllMocks());

  it('and / or keep the same items in the same order as the pairwise comparison', () => {
    fc.assert(
      fc.property(fc.array(conditionArbitrary, { maxLength: 12 }), (items) => {
        expect(and(...items)).toEqual(referenceGroup('and', items));
        expect(or(...items)).toEqual(referenceGroup('or', items));
      }),
      { numRuns: 500 },
    );
  });

  it('doubling the items of an or doubles the serializations, not quadruples them', () => {
    const items = (n: number) => Array.from({ length: n }, (_, i) => test('utm_source', 'equals', `v${i}`));
    const small = items(500);
    const large = items(1_000);
    const smallCount = serializationsOf(() => or(...small));
    const largeCount = serializationsOf(() => or(...large));
    expect(largeCount).toBeLessThanOrEqual(2 * smallCount + 10);
  });

  it('an orGroup of 20,000 EXACT filters, with repeats, imports to the text built by hand', () => {
    const n = 20_000;
    // Every value twice, and a capitalised twin that stays a separate test (its JSON differs).
    const values = Array.from({ length: n / 2 }, (_, i) => (i % 1000 === 7 ? `V${i - 1}` : `v${i}`));
    const filters = [...values, ...values].map(exactFilter);
    const group = { displayName: 'G', groupingRule: [{ displayName: 'Y', expression: { orGroup: { filterExpressions: filters } } }] };
    const distinct = [...new Set(values)];
    const expected = [
      '# imported from wide.json: GA4 channel group "G" by channel-rules import',
      '# GA4 matches without regard to case; events no rule matches are GA4\'s "Unassigned"',
      'case insensitive',
      '',
      'channel "Y"',
      '  # from wide.json $.groupingRule[0]',
      ...distinct.map((value, i) => `${i === 0 ? '  when' : '    or'} utm_source = "${value}"`),
      '',
    ].join('\n');
    expect(importGa4ChannelGroup(JSON.stringify(group), { fileName: 'wide.json' })).toBe(expected);
  }, 60_000);
});
