// "Add a rule for this traffic…": the first place where the new rule takes only
// unassigned events, proved by the semantic diff and checked here by classifying.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { checkRules } from '../../engine/check/check-rules';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import { proposeRuleForTraffic, RuleForTrafficError, trafficCondition } from '../../engine/language/rule-for-traffic';

function classifier(text: string) {
  const checked = checkRules(parseChannels(text), text);
  expect(checked.skippedRules).toBe(0);
  return compileClassifier(checked);
}

const RULES = `# site rules
channel "Email"
  when utm_medium = "email"

channel "Paid"
  when utm_medium in ["cpc", "ppc"]   # search ads
  when utm_medium = "banner" and utm_source = "ads"

channel "Referral"
  when referring_domain exists

otherwise "Unassigned"
`;

describe('proposeRuleForTraffic', () => {
  it("goes to a later place when the channel's block would take a later rule's events", async () => {
    // Without referring_domain, the rule in Email's block would take Referral's events.
    const proposal = await proposeRuleForTraffic(RULES, { utm_source: 'news', utm_medium: 'mail' }, 'Email');
    expect(proposal.placement).toBe('new-block');
  });

  it("adds to the channel's block when that takes nothing from later rules", async () => {
    // A pattern names every traffic field the rules test (here referring_domain too). Its null
    // is `is missing` here: `is not set` would also take Referral's null referrers (`exists`).
    const proposal = await proposeRuleForTraffic(RULES, { utm_source: 'news', utm_medium: 'mail', referring_domain: null }, 'Email');
    expect(proposal.placement).toBe('existing-block');
    expect(proposal.condition).toBe('utm_source = "news" and utm_medium = "mail" and referring_domain is missing');
    expect(proposal.text).toContain('  when utm_medium = "email"\n  when utm_source = "news" and utm_medium = "mail" and referring_domain is missing\n');
    expect(proposal.line).toBe(4);
    expect(proposal.moves.map((move) => [move.from, move.to])).toEqual([['Unassigned', 'Email']]);
  });

  it('goes after the rules it would shadow: a new block after the last rule', async () => {
    // utm_medium = "banner" alone would take Paid's banner+ads events and Referral's events if put in Email's block.
    const proposal = await proposeRuleForTraffic(RULES, { utm_medium: 'banner', referring_domain: null }, 'Email');
    expect(proposal.placement).toBe('new-block');
    expect(proposal.text).toContain('  when referring_domain exists\n\nchannel "Email"\n  when utm_medium = "banner" and referring_domain is not set\n\notherwise');
    expect(proposal.moves.every((move) => move.from === 'Unassigned' && move.to === 'Email')).toBe(true);
  });

  it("keeps a trailing comment on its line and the block's indentation", async () => {
    const proposal = await proposeRuleForTraffic(RULES, { utm_medium: 'paid', referring_domain: null }, 'Paid');
    expect(proposal.text).toContain('  when utm_medium = "banner" and utm_source = "ads"\n  when utm_medium = "paid" and referring_domain is missing\n');
  });

  it('does not test a null field as missing where some of the pattern\'s events hold null (it left them unassigned)', async () => {
    const rules = 'channel "A"\n  when utm_medium = "a"\n\nchannel "B"\n  when utm_source is null and gclid = "g"\n\notherwise "U"\n';
    // The pattern {utm_source: null, utm_medium: "q"}: events with utm_source missing, and with it null but no gclid.
    const events = [{ utm_medium: 'q' }, { utm_medium: 'q', utm_source: null }, { utm_medium: 'q', utm_source: null, gclid: 'g' }];
    const proposal = await proposeRuleForTraffic(rules, { utm_source: null, utm_medium: 'q' }, 'A');
    expect(proposal.condition).toBe('utm_source is not set and utm_medium = "q"');
    const before = classifier(rules);
    const after = classifier(proposal.text);
    expect(events.map((event) => after.channelOf(after.classify(event)))).toEqual(['A', 'A', 'B']);
    expect(events.map((event) => before.channelOf(before.classify(event)))).toEqual(['U', 'U', 'B']);
  });

  it('refuses a pattern of no field, a reserved channel name and a file with errors, in one line each', async () => {
    expect(() => trafficCondition({})).toThrow(RuleForTrafficError);
    expect(() => trafficCondition({ 'utm`source': 'x' })).toThrow('the field "utm`source" holds a backtick, which no field name in a rule can hold');
    await expect(proposeRuleForTraffic(RULES, { utm_medium: 'x' }, '(unclassified)')).rejects.toThrow('"(unclassified)" cannot be a channel name');
    await expect(proposeRuleForTraffic('channel "A"\n  when utm_medium matches /(/\n', { utm_medium: 'x' }, 'A')).rejects.toThrow(/errors/);
  });

  it('property: the new rule gives the pattern its channel and moves no event that a rule classified', async () => {
    const values = fc.constantFrom('a', 'b', 'c');
    const condition = fc
      .tuple(fc.constantFrom('utm_source', 'utm_medium'), values, fc.boolean())
      .map(([field, value, negate]) => (negate ? `${field} != "${value}"` : `${field} = "${value}"`));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom('A', 'B', 'C'), condition), { maxLength: 4 }),
        fc.boolean(),
        fc.record({ utm_source: fc.option(values), utm_medium: fc.option(values) }),
        fc.constantFrom('A', 'B', 'New'),
        fc.array(fc.record({ utm_source: fc.option(values, { nil: undefined }), utm_medium: fc.option(values, { nil: undefined }) }), { maxLength: 30 }),
        async (rules, withOtherwise, pattern, channel, events) => {
          const text = rules.map(([name, when]) => `channel "${name}"\n  when ${when}\n`).join('') + (withOtherwise ? 'otherwise "Other"\n' : '');
          const base = classifier(text);
          const example = Object.fromEntries(Object.entries(pattern).filter(([, value]) => value !== null));
          // Only a pattern the rules leave unassigned is offered.
          fc.pre(base.classify(example) < 0);
          const proposal = await proposeRuleForTraffic(text, pattern, channel);
          const head = classifier(proposal.text);
          expect(head.channelOf(head.classify(example))).toBe(channel);
          for (const event of [...events, example]) {
            const props = Object.fromEntries(Object.entries(event).filter(([, value]) => value !== undefined));
            const before = base.classify(props);
            if (before >= 0) expect(head.channelOf(head.classify(props))).toBe(base.channelOf(before));
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
