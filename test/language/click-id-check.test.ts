// click-id-medium: a click-identifier rule against the UTM tagging of sample events.
import { describe, expect, it } from 'vitest';
import { NEVER_CANCELLED } from '../../engine/cancellation';
import { clickIdDiagnostics, rulesTestClickIds } from '../../engine/language/click-id-check';
import { buildRulesDocument, classifierOf } from '../../engine/language/document';

const RULES = `channel "Paid Search"
  when gclid exists
channel "Email"
  when utm_medium = "email"
channel "Paid Social"
  when fbclid is set and utm_medium = "paid_social"
otherwise "Other"
`;

async function hints(events: object[], text = RULES) {
  const document = buildRulesDocument(text);
  return clickIdDiagnostics(document.checked, classifierOf(document), events as never[], NEVER_CANCELLED);
}

describe('click-id-medium', () => {
  it('counts the events a click-id rule classifies whose UTM parameters alone give another channel', async () => {
    const events = [
      { gclid: 'a', utm_medium: 'email' },
      { gclid: 'b', utm_medium: 'email' },
      { gclid: 'c', utm_medium: 'cpc' },
      { gclid: 'd' },
      { utm_medium: 'email' },
      { event_properties: { gclid: 'e', utm_medium: 'email' } },
    ];
    const [hint, ...rest] = await hints(events);
    expect(rest).toEqual([]);
    expect(hint).toMatchObject({
      code: 'click-id-medium',
      severity: 'information',
      data: { rule: 0, tagged: 4, disagree: 3, medium: 'email', channel: 'Email' },
    });
    expect(hint!.message).toBe(
      'This rule gives "Paid Search" for gclid, but 3 of the 4 sample events it classifies with a UTM medium would get another channel from their UTM parameters alone (most often utm_medium "email" → "Email", 3 events).',
    );
    expect(hint!.span).toEqual(buildRulesDocument(RULES).checked.rules[0]!.span);
  });

  it('says nothing when the rule agrees with the tagging, and nothing for rules without click ids', async () => {
    expect(await hints([{ fbclid: 'x', utm_medium: 'paid_social' }, { utm_medium: 'email' }])).toEqual([]);
    expect(rulesTestClickIds(buildRulesDocument('channel "E"\n  when utm_medium = "email"\n').checked)).toBe(false);
    expect(await hints([{ gclid: 'x', utm_medium: 'email' }], 'channel "E"\n  when utm_medium = "email"\n')).toEqual([]);
  });
});
