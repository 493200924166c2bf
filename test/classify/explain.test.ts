import { describe, expect, it } from 'vitest';
import { OTHERWISE, UNCLASSIFIED } from '../../engine/classify/classifier';
import { explainEvent } from '../../engine/classify/explain';
import { validRules } from './rules-under-test';

const TEXT = [
  'channel "Paid"',
  '  when medium = "cpc" and source in ["google", "bing"]',
  '  when gclid exists',
  'channel "Social"',
  '  when medium = "social" or medium = "sm"',
  '  when not referrer is set',
  '',
].join('\n');

/** The failures as [rule index, condition text, field, value]. */
function failures(text: string, props: Record<string, unknown>) {
  const rules = validRules(text);
  const explanation = explainEvent(rules.checked, props);
  return {
    explanation,
    failed: explanation.failed.map(({ ruleIndex, condition }) => [
      ruleIndex,
      text.slice(condition.span.start, condition.span.end),
      condition.field,
      condition.value,
    ]),
  };
}

describe('explainEvent', () => {
  it('the matching rule, and the failing condition of each earlier rule with the value seen', () => {
    const { explanation, failed } = failures(TEXT, { medium: 'cpc', source: 'yahoo', referrer: null });
    expect(explanation.result).toBe(3);
    expect(explanation.channel).toBe('Social');
    expect(failed).toEqual([
      [0, 'source in ["google", "bing"]', 'source', 'yahoo'],
      [1, 'gclid exists', 'gclid', undefined],
      [2, 'medium = "social" or medium = "sm"', 'medium', 'cpc'],
    ]);
  });

  it('the first failing operand of an and', () => {
    const { failed } = failures(TEXT, { medium: 'email', gclid: 'x' });
    expect(failed).toEqual([[0, 'medium = "cpc"', 'medium', 'email']]);
  });

  it('a not is shown whole', () => {
    const { explanation, failed } = failures(TEXT, { referrer: 'https://a.com' });
    expect(explanation.result).toBe(UNCLASSIFIED);
    expect(explanation.channel).toBeNull();
    expect(failed.at(-1)).toEqual([3, 'not referrer is set', 'referrer', 'https://a.com']);
    expect(failed).toHaveLength(4);
  });

  it('otherwise', () => {
    const { explanation } = failures(`${TEXT}otherwise "Other"\n`, { referrer: 'x' });
    expect(explanation.result).toBe(OTHERWISE);
    expect(explanation.channel).toBe('Other');
  });

  it('reads fields like the classifier (aliases, derived referring_domain)', () => {
    const text = 'channel "A"\n  when referring_domain = "b.com"\n  when utm_source = "x"\n';
    const { explanation, failed } = failures(text, { referrer: 'https://www.a.com/', event_properties: { utm_source: 'x' } });
    expect(explanation.result).toBe(1);
    expect(failed).toEqual([[0, 'referring_domain = "b.com"', 'referring_domain', 'a.com']]);
  });

  it('the first rule matching leaves nothing failed', () => {
    const { explanation, failed } = failures(TEXT, { medium: 'cpc', source: 'google' });
    expect(explanation.result).toBe(0);
    expect(failed).toEqual([]);
  });
});
