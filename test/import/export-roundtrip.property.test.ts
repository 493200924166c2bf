// Export of rules written by hand (not only of imported groups): random case-insensitive
// rules over GA4's fields with every operator GA4 can express (`=`, `!=`, `in`,
// `not in`, `contains`, `starts with`, `ends with`, `matches`, `is set`, `is not set`,
// nested and / or / not, adjacent `when`s of one channel, `otherwise`), exported and
// imported back, have no moves in the semantic diff.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRulesText } from '../../cli/load-rules';
import { diffRules } from '../../engine/diff/diff-rules';
import type { EventProps } from '../../engine/events/event';
import { exportRulesText } from '../../engine/import/export-rules';
import { importGa4ChannelGroup } from '../../engine/import/ga4/import-ga4';
import { eventsArbitrary } from './support/random-ga4';

const field = fc.constantFrom('utm_source', 'utm_medium', 'utm_campaign');
const value = fc.constantFrom('a', 'Go', 'cpc', 'k', 'ſ', '', '(none)', 'mail');
const regex = fc.constantFrom('^go', 'a|b', '^(cpc|ppc)$', '[a-c]+', 'mail$', '[^a]', 'x?');

const condition: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(field, fc.constantFrom('=', '!=', 'contains', 'not contains', 'starts with', 'not starts with', 'ends with', 'not ends with'), value).map(([f, op, v]) => `${f} ${op} ${JSON.stringify(v)}`),
  fc.tuple(field, fc.constantFrom('in', 'not in'), fc.array(value, { minLength: 1, maxLength: 3 })).map(([f, op, vs]) => `${f} ${op} [${vs.map((v) => JSON.stringify(v)).join(', ')}]`),
  fc.tuple(field, fc.constantFrom('matches', 'not matches'), regex).map(([f, op, r]) => `${f} ${op} /${r}/`),
  fc.tuple(field, fc.constantFrom('is set', 'is not set')).map(([f, op]) => `${f} ${op}`),
);

const { expression } = fc.letrec((tie) => ({
  expression: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: condition },
    { weight: 1, arbitrary: tie('expression').map((e) => `not (${e})`) },
    { weight: 1, arbitrary: fc.tuple(tie('expression'), tie('expression')).map(([a, b]) => `(${a} and ${b})`) },
    { weight: 1, arbitrary: fc.tuple(tie('expression'), tie('expression')).map(([a, b]) => `(${a} or ${b})`) },
  ),
}));

const rulesArbitrary = fc
  .tuple(fc.array(fc.array(expression as fc.Arbitrary<string>, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 }), fc.boolean())
  .map(([channels, otherwise]) =>
    [
      'case insensitive',
      ...channels.map((whens, i) => [`channel "C${i}"`, ...whens.map((when) => `  when ${when}`)].join('\n')),
      ...(otherwise ? ['otherwise "Rest"'] : []),
    ].join('\n'),
  );

describe('export of hand-written rules', () => {
  it('imports back to the same classification', async () => {
    let exported = 0;
    await fc.assert(
      fc.asyncProperty(rulesArbitrary, eventsArbitrary, async (rules, events) => {
        let json: string;
        try {
          json = exportRulesText(rules, { fileName: 'rules.channels', name: 'Round trip' });
        } catch (error) {
          // Only the documented limit may stop it here (or-of-ands multiplying out).
          expect((error as Error).message).toMatch(/filters in GA4's and-of-ors form|can never match/);
          return;
        }
        exported++;
        const back = importGa4ChannelGroup(json, { fileName: 'exported.json' });
        const before = compileRulesText('rules.channels', rules);
        const after = compileRulesText('back.channels', back);
        const channelsOf = (loaded: typeof before) => events.map((event) => loaded.classifier.channelOf(loaded.classifier.classify(event as EventProps)));
        // GA4 has no otherwise: the exported one is a last rule matching every event.
        expect(channelsOf(after)).toEqual(channelsOf(before));
        const diff = await diffRules(before, after);
        expect(diff.moves).toEqual([]);
      }),
      { numRuns: Number(process.env.IMPORT_PROPERTY_RUNS ?? 40) },
    );
    expect(exported).toBeGreaterThan(20);
  }, 180_000);
});

/** The filter values of `rules` exported, and the file imported back. */
function exportAndImport(rules: string): { values: string[]; back: string } {
  const json = exportRulesText(rules, { fileName: 'rules.channels', name: 'Round trip' });
  const values: string[] = [];
  JSON.parse(json, (key, value: unknown) => {
    if (key === 'value' && typeof value === 'string') values.push(value);
    return value;
  });
  return { values, back: importGa4ChannelGroup(json, { fileName: 'exported.json' }) };
}

const SAMPLE_SOURCES = ['', 'a', 'A', 'b', '\b', 'ſ', 'K', 'K', '\\b', '\n', 'é', 'É', '\u3000', '中', '\u9fff', '\ua000', '😀', 'x\by'];

/** No moves in the semantic diff, and the same channel for every sample utm_source. */
async function expectSameRules(rules: string, back: string): Promise<void> {
  const before = compileRulesText('rules.channels', rules);
  const after = compileRulesText('back.channels', back);
  const channelsOf = (loaded: typeof before) => SAMPLE_SOURCES.map((utm_source) => loaded.classifier.channelOf(loaded.classifier.classify({ utm_source } as EventProps)));
  expect(channelsOf(after)).toEqual(channelsOf(before));
  const diff = await diffRules(before, after);
  expect(diff.moves).toEqual([]);
}

describe('export of regexes', () => {
  it.each([
    // In a class \b is the backspace character, not a word boundary.
    ['^[\\b]$', '^\\x{8}\\z'],
    ['a[^\\b]', '[Aa][^\\x{8}]'],
    // A backslash, then b: no \b either.
    ['\\\\b', '\\\\[Bb]'],
  ])('/%s/ ignoring case is %s in GA4, and imports back', async (pattern, printed) => {
    const rules = `case insensitive\nchannel "Y"\n  when utm_source matches /${pattern}/`;
    const { values, back } = exportAndImport(rules);
    expect(values).toEqual([printed]);
    await expectSameRules(rules, back);
  });

  // Import folds a class of any size through the case table: what export writes reads back.
  it.each([['[\\u3000-\\u9fff]'], ['[\\s\\S]'], ['[\\d\\D]'], ['[^\\u0000-\\u007f]'], ['^[\\u0000-\\u3000]+$']])('/%s/ ignoring case imports back', async (pattern) => {
    const rules = `case insensitive\nchannel "Y"\n  when utm_source matches /${pattern}/`;
    const { back } = exportAndImport(rules);
    await expectSameRules(rules, back);
  });
});

describe('export of the empty string', () => {
  // In proto3 JSON an empty string is the field left out: GA4 would refuse the filter or
  // give it back without its required value. A list keeps "" (a repeated field's item).
  it.each([
    ['utm_source is empty', 'utm_source = ""'],
    ['utm_source = ""', 'utm_source = ""'],
    ['utm_source != ""', 'utm_source != ""'],
    ['utm_source in ["", "a"]', 'utm_source in ["", "a"]'],
  ])('`%s` has no empty "value" and imports back as `%s`', async (condition, imported) => {
    const rules = `case insensitive\nchannel "Y"\n  when ${condition}`;
    const { values, back } = exportAndImport(rules);
    expect(values).not.toContain('');
    expect(back).toContain(`  when ${imported}\n`);
    await expectSameRules(rules, back);
  });
});

describe('the description', () => {
  const rules = 'case insensitive\nchannel "A"\n  when utm_source = "x"';
  const descriptionOf = (fileName: string) => (JSON.parse(exportRulesText(rules, { fileName, name: 'T' })) as { description: string }).description;

  it('is cut to 256 UTF-16 units, never between the halves of a surrogate pair', () => {
    // "Exported by channel-rules from " and the path fill 255 units: the emoji's first half is the 256th.
    const split = `${'d'.repeat(200)}/${'b'.repeat(23)}😀.channels`;
    expect(descriptionOf(split)).toBe(`Exported by channel-rules from ${'d'.repeat(200)}/${'b'.repeat(23)}`);
    const whole = `${'d'.repeat(200)}/${'b'.repeat(22)}😀.channels`;
    expect(descriptionOf(whole)).toBe(`Exported by channel-rules from ${'d'.repeat(200)}/${'b'.repeat(22)}😀`);
    expect(descriptionOf(whole)).toHaveLength(256);
  });
});
