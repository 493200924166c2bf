// The analysis on GA4's default channel group (examples/ga4-default.channels): no rule
// is unreachable, the overlaps GA4 really has are reported with examples the engine
// confirms, and a rule made dead in a copy is reported with the rule that covers it.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OverlapFact } from '../../engine/analysis/analyze-rules';
import { analyse, holds, type Analysed } from './analysis-support';

const GA4 = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'ga4-default.channels'), 'utf8');

function ruleIndex(analysed: Analysed, when: string): number {
  const index = analysed.checked.rules.findIndex((rule) => analysed.text.slice(rule.span.start, rule.span.end).includes(when));
  if (index < 0) throw new Error(`no rule with ${when}`);
  return index;
}

function overlapWith(analysed: Analysed, rule: number, channel: string): OverlapFact {
  const overlap = analysed.analysis.rules[rule]!.overlaps.find((candidate) => candidate.channel === channel);
  if (overlap === undefined) throw new Error(`rule ${rule} has no overlap with ${channel}`);
  return overlap;
}

describe('GA4 default channel group', () => {
  let ga4: Analysed;

  it('has no unreachable, unsatisfiable or undecided rule, and `otherwise` is used', async () => {
    ga4 = await analyse(GA4);
    const statuses = ga4.analysis.rules.map((facts) => facts.status);
    expect(statuses.every((status) => status === 'reachable')).toBe(true);
    expect(ga4.analysis.rules.flatMap((facts) => facts.incomplete)).toEqual([]);
    expect(ga4.analysis.otherwise.status).toBe('reachable');
    expect(ga4.classifier.classify(ga4.analysis.otherwise.example!.event)).toBeLessThan(0);
    const codes = new Set(ga4.diagnostics.map((diagnostic) => diagnostic.code));
    expect(codes).toEqual(new Set(['overlapping-rule']));
  });

  it.each([
    // [the later rule, the earlier channel that takes shared events, a field value both share]
    ['utm_medium in ["display"', 'Paid Social', { utm_medium: 'cpm' }],
    ['utm_medium in email_tags', 'Organic Social', { utm_medium: 'email' }],
    ['utm_source in email_tags', 'Referral', { utm_source: 'email' }],
    ['utm_source in email_tags', 'Organic Social', {}],
  ])('reports the overlap of `%s` with %s, with a confirmed example', async (when, channel, shared) => {
    ga4 ??= await analyse(GA4);
    const rule = ruleIndex(ga4, when);
    const overlap = overlapWith(ga4, rule, channel);
    overlap.rules.forEach((earlier, position) => {
      const event = overlap.examples[position]!.event;
      expect(event).toMatchObject(shared);
      expect(ga4.classifier.classify(event)).toBe(earlier);
      expect(ga4.checked.rules[earlier]!.channel).toBe(channel);
      expect(holds(ga4.checked.rules[rule]!.condition, event)).toBe(true);
    });
    const diagnostic = ga4.diagnostics.find((candidate) => candidate.code === 'overlapping-rule' && candidate.span.start === ga4.checked.rules[rule]!.span.start);
    expect(diagnostic?.message).toContain(`"${channel}"`);
    expect(diagnostic?.related?.some((related) => related.span.start === ga4.checked.rules[overlap.rules[0]!]!.span.start)).toBe(true);
  });

  it('agrees with the textbook cases: facebook/email is Organic Social, email/referral is Referral', async () => {
    ga4 ??= await analyse(GA4);
    const channelOf = (event: Record<string, string>) => ga4.classifier.channelOf(ga4.classifier.classify(event));
    expect(channelOf({ utm_source: 'facebook', utm_medium: 'email' })).toBe('Organic Social');
    expect(channelOf({ utm_source: 'email', utm_medium: 'referral' })).toBe('Referral');
    expect(channelOf({ utm_source: 'facebook', utm_medium: 'cpm' })).toBe('Paid Social');
  });

  it('reports a deliberately dead rule with its covering rule', async () => {
    const dead = GA4.replace(
      'otherwise "Unassigned"',
      'channel "Google Ads"\n  when utm_source = "google" and utm_medium = "cpc"\n\nchannel "Social Ads"\n  when utm_medium in ["social", "sm"]\n\notherwise "Unassigned"',
    );
    const analysed = await analyse(dead);
    const googleAds = ruleIndex(analysed, 'utm_source = "google" and');
    const paidSearch = ruleIndex(analysed, 'utm_source in search_sites and');
    expect(analysed.analysis.rules[googleAds]!.status).toBe('unreachable');
    expect(analysed.analysis.rules[googleAds]!.coveredBy).toEqual([paidSearch]);
    const socialAds = ruleIndex(analysed, 'utm_medium in ["social", "sm"]');
    const organicSocial = ruleIndex(analysed, 'utm_medium in ["social", "social-network"');
    expect(analysed.analysis.rules[socialAds]!.status).toBe('unreachable');
    expect(analysed.analysis.rules[socialAds]!.coveredBy).toEqual([organicSocial]);

    const diagnostic = analysed.diagnostics.find((candidate) => candidate.code === 'unreachable-rule' && candidate.span.start === analysed.checked.rules[googleAds]!.span.start)!;
    const paidSearchLine = analysed.checked.rules[paidSearch]!.line;
    expect(diagnostic.message).toContain(`the rule on line ${paidSearchLine} ("Paid Search")`);
    expect(diagnostic.related).toEqual([{ span: analysed.checked.rules[paidSearch]!.span, message: expect.stringContaining('"Paid Search"') }]);
    expect(diagnostic.example).toEqual({ event: { utm_source: 'google', utm_medium: 'cpc' }, channel: 'Paid Search' });
    expect(diagnostic.unnecessary).toBe(true);
    // Everything else in the file stays as it was: no other rule is reported dead.
    const unreachable = analysed.diagnostics.filter((candidate) => candidate.code === 'unreachable-rule').map((candidate) => candidate.span.start);
    expect(unreachable).toEqual([analysed.checked.rules[googleAds]!.span.start, analysed.checked.rules[socialAds]!.span.start]);
  });
});
