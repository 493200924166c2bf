// The analysis at scale: rules that test different values of a field are never
// compared (engine/analysis/coverer-index), so thousands of one-rule channels are
// analysed in full; and the whole analysis has an overall step budget past which every
// question left is undecided (`analysis-incomplete`), never guessed.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../engine/analysis/check-document';
import { analyse, holds } from './analysis-support';
import { enumeratedEvents, rulesFile } from './random-rules';

const oneRuleChannels = (n: number, extra = ''): string =>
  Array.from({ length: n }, (_, k) => `channel "C${k}"\n  when utm_source = "s${k}"\n`).join('\n') + extra;

describe('many channels', () => {
  it('3,000 one-rule channels on different values: every rule reachable, no overlap, otherwise reachable', async () => {
    const { analysis } = await analyse(oneRuleChannels(3000));
    expect(analysis.rules.every((facts) => facts.status === 'reachable' && facts.overlaps.length === 0 && facts.incomplete.length === 0)).toBe(true);
    expect(analysis.otherwise.status).toBe('reachable');
  });

  it('a late rule that repeats an early value is found unreachable, covered by that rule alone', async () => {
    const { analysis } = await analyse(oneRuleChannels(2000, '\nchannel "Late"\n  when utm_source in ["s7", "s1500"]\n'));
    const late = analysis.rules.at(-1)!;
    expect(late.status).toBe('unreachable');
    expect(late.coveredBy).toEqual([7, 1500]);
  });

  it('a rule on another field overlaps every earlier channel it meets', async () => {
    const { analysis } = await analyse(oneRuleChannels(500, '\nchannel "Email"\n  when utm_medium = "email"\n'));
    const email = analysis.rules.at(-1)!;
    expect(email.status).toBe('reachable');
    expect(email.overlaps.map((overlap) => overlap.rules[0])).toEqual(Array.from({ length: 500 }, (_, k) => k));
  });
});

describe('many `contains` rules of one field', () => {
  it('fifty are analysed to the end: each overlaps every earlier channel, with an example the engine confirms', async () => {
    // Each rule's box is cut by every earlier rule in turn, and each piece asks for a
    // member: charged for every operand of the intersection and with every written value
    // tried again, thirty such rules spent the whole budget by the fifteenth.
    const text = Array.from({ length: 50 }, (_, k) => `channel "C${k}"\n  when referrer contains "site${k}x"\n`).join('\n') + '\notherwise "Other"\n';
    const { classifier, analysis } = await analyse(text);
    expect(analysis.rules.flatMap((facts) => facts.incomplete)).toEqual([]);
    analysis.rules.forEach((facts, k) => {
      expect(facts.status).toBe('reachable');
      expect(facts.overlaps.map((overlap) => overlap.rules[0])).toEqual(Array.from({ length: k }, (_, earlier) => earlier));
      for (const overlap of facts.overlaps) expect(classifier.classify(overlap.examples[0]!.event)).toBe(overlap.rules[0]);
    });
    expect(analysis.otherwise.status).toBe('reachable');
  });
});

describe('the overall step budget', () => {
  it('ends in analysis-incomplete for the rules left, not in a claim', async () => {
    const text = oneRuleChannels(300, '\nchannel "Late"\n  when utm_source = "s7"\n');
    const full = await checkDocument(text, { file: 'many.channels' });
    expect(full.diagnostics.map((d) => d.code)).toContain('unreachable-rule');
    const limited = await checkDocument(text, { file: 'many.channels', limits: { maxStepsTotal: 0 } });
    const codes = new Set(limited.diagnostics.map((d) => d.code));
    expect(codes.has('analysis-incomplete')).toBe(true);
    expect(codes.has('unreachable-rule')).toBe(false);
    expect(limited.diagnostics.find((d) => d.code === 'analysis-incomplete')!.message).toContain('overall budget of 0 steps ran out');
  });

  it('once spent, costs each rule left one word, not a question for each rule before it', async () => {
    // Overlapping rules: before, each rule past the budget asked (and was refused, with
    // an exception) every earlier rule it meets, so 2,000 rules took 35 s and 1.4 GB.
    const text = Array.from({ length: 600 }, (_, k) => `channel "C${k}"\n  when a contains "${k % 50}" and b starts with "${k % 7}"\n`).join('');
    const { analysis } = await analyse(text, { limits: { maxStepsTotal: 100_000 } });
    const after = analysis.rules.filter((facts) => facts.incomplete.some((entry) => entry.includes('overall budget of 100,000 steps ran out')));
    expect(after.length).toBeGreaterThan(500);
    expect(Math.max(...analysis.rules.map((facts) => facts.incomplete.length))).toBeLessThanOrEqual(3);
    expect(analysis.rules.at(-1)!.incomplete).toEqual(['anything about the rule (the analysis\'s overall budget of 100,000 steps ran out)']);
  });

  it('claims nothing false on random rule files whatever the budget', async () => {
    await fc.assert(
      fc.asyncProperty(rulesFile, fc.constantFrom(0, 1, 5, 20, 100), async (text, total) => {
        const { checked, classifier, analysis } = await analyse(text, { limits: { maxStepsTotal: total } });
        const all = enumeratedEvents(text);
        const results = all.map((event) => classifier.classify(event));
        checked.rules.forEach((rule, k) => {
          const facts = analysis.rules[k]!;
          if (facts.status === 'unreachable' || facts.status === 'unsatisfiable') expect(results.includes(k)).toBe(false);
          if (facts.status === 'unsatisfiable') expect(all.some((event) => holds(rule.condition, event))).toBe(false);
          if (facts.status === 'reachable') expect(classifier.classify(facts.example!.event)).toBe(k);
        });
        if (analysis.otherwise.status === 'unreachable') expect(results.some((result) => result < 0)).toBe(false);
      }),
      { numRuns: 40 },
    );
  });
});

describe('a long `in` list ignoring case, where the field is read case by case', () => {
  it('is decided within the budget: each value is one lookup, not a try of every alternative', async () => {
    // The regex on `a` puts it in the exact domain, where `in big ignoring case` is a
    // regex of 10,000 alternatives; a case-sensitive `in big` asks it about each value.
    const values = Array.from({ length: 10_000 }, (_, k) => `"v${k}"`).join(', ');
    const text = `list big = [${values}]\nchannel "A"\n  when a in big ignoring case\nchannel "B"\n  when a in big\nchannel "C"\n  when a matches /^v\\d+$/\n`;
    const { analysis } = await analyse(text);
    expect(analysis.rules.map((facts) => facts.status)).toEqual(['reachable', 'unreachable', 'reachable']);
    expect(analysis.rules[1]!.coveredBy).toEqual([0]);
  });
});

describe('one rule with 10,000 `and` conditions (#11)', () => {
  // Before the budget reached inside one rule's automata and boxes, `contains` ran out
  // of memory and 500 conditions took 12 s. Now each ends within the overall budget:
  // exact, or analysis-incomplete naming the budget, never a verdict it did not prove.
  // Regex automata are the dearest steps; a smaller budget keeps that case quick here.
  const cases: Array<[string, (k: number) => string, number]> = [
    ['contains', (k) => `utm_source contains "a${k}"`, 2_000_000],
    ['matches', (k) => `utm_source matches /a${k}b?/`, 300_000],
    ['different fields', (k) => `f${k} = "a${k}"`, 2_000_000],
  ];
  for (const [kind, condition, maxStepsTotal] of cases) {
    it(`${kind}: undecided within the overall budget`, async () => {
      const text = `channel "A"\n  when ${Array.from({ length: 10_000 }, (_, k) => condition(k)).join(' and ')}\n\notherwise "O"\n`;
      const { analysis } = await analyse(text, { limits: { maxStepsTotal } });
      expect(analysis.steps).toBeLessThanOrEqual(maxStepsTotal);
      const [rule] = analysis.rules;
      expect(rule!.status).toBe('undecided');
      expect(rule!.incomplete.join('\n')).toContain(`overall budget of ${maxStepsTotal.toLocaleString('en-US')} steps ran out`);
      expect(analysis.otherwise.status).not.toBe('unreachable');
    });
  }

  it('a smaller rule of the same kinds is still decided exactly', async () => {
    const text = 'channel "A"\n  when utm_source contains "a" and utm_source matches /b$/ and f = "x"\nchannel "B"\n  when utm_source contains "a" and utm_source ends with "b" and f = "x"\n';
    const { analysis } = await analyse(text);
    expect(analysis.rules.map((facts) => facts.status)).toEqual(['reachable', 'unreachable']);
    expect(analysis.steps).toBeGreaterThan(0);
  });
});

describe('one large charge refused', () => {
  it('leaves the questions after it that fit in what is left of the budget', async () => {
    // Testing B's 200,000-character value against A's regex of 1,000 states (making A's
    // region) visits about a million states, charged as it goes, 32,768 steps at a time
    // (LinearRegex.testReporting), the first charge more than the 20,000 steps of this
    // budget: A is left undecided, but the budget is not spent, and the duplicate rule D
    // is still found.
    const text = [
      'channel "A"\n  when a matches /z{1000}/\n',
      `channel "B"\n  when a = "${'z'.repeat(200_000)}"\n`,
      'channel "C"\n  when b = "x"\n',
      'channel "D"\n  when b = "x"\n',
    ].join('\n');
    const { analysis } = await analyse(text, { limits: { maxStepsTotal: 20_000 } });
    expect(analysis.rules[0]!.incomplete.join('\n')).toContain('overall budget of 20,000 steps ran out');
    expect(analysis.rules[3]!.status).toBe('unreachable');
    expect(analysis.rules[3]!.coveredBy).toEqual([2]);
    expect(analysis.steps).toBeLessThanOrEqual(20_000);
  });
});
