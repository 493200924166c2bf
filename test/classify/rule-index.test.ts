// Which rules the classifier tries for an event (engine/classify/rule-index): the rules
// a literal holds reached by one scan of the value, the few beside them tried on every
// event.

import { describe, expect, it } from 'vitest';
import type { RuleCondition } from '../../engine/check/checked-rules';
import { compileValueTestParts } from '../../engine/classify/compile-value-test';
import { buildRuleIndex, LITERAL_INDEX_FROM } from '../../engine/classify/rule-index';
import { validRules } from './rules-under-test';

function indexOf(text: string, literalIndexFrom?: number): ReturnType<typeof buildRuleIndex> {
  const { checked } = validRules(text);
  const fields: string[] = [];
  const testOf = (condition: Extract<RuleCondition, { kind: 'test' }>) => {
    if (!fields.includes(condition.field)) fields.push(condition.field);
    return { field: fields.indexOf(condition.field), test: compileValueTestParts(condition.test) };
  };
  return buildRuleIndex(
    checked.rules.map((rule) => rule.condition),
    testOf,
    literalIndexFrom,
  );
}

describe('the rule index', () => {
  it('reaches one-rule `contains` channels by their literals, not by trying each on every event', () => {
    // 1,000 such channels were tried in turn, up to 1,000 tests an event: `check`
    // confirming the examples of their 500,000 overlapping pairs took 15 s of CPU.
    const text = Array.from({ length: 1000 }, (_, k) => `channel "C${k}"\n  when referrer contains "site${k}.example"\n`).join('\n');
    const index = indexOf(text);
    expect(index.unindexed).toEqual(new Int32Array(0));
    expect(index.dimensions).toEqual([{ field: 0, folded: false, literal: true }]);
    expect([...index.lookups[0]!.get('https://www.site7.example/site12.example')!]).toEqual([7, 12]);
    expect(index.lookups[0]!.get('https://example.com/')).toBeUndefined();
    expect(index.settled.every((settled) => settled)).toBe(true);
  });

  it('leaves a few literal rules to be tried on every event, and settles only a `contains` by its literal', () => {
    const few = Array.from({ length: LITERAL_INDEX_FROM - 1 }, (_, k) => `channel "C${k}"\n  when referrer contains "site${k}"\n`).join('\n');
    expect(indexOf(few).unindexed.length).toBe(LITERAL_INDEX_FROM - 1);
    const index = indexOf('channel "A"\n  when referrer starts with "x"\nchannel "B"\n  when referrer contains "a" and referrer contains "b"\n', 0);
    expect(index.settled).toEqual([false, false]);
  });
});
