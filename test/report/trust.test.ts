// SPEC §9: the agreement section and the unassigned patterns, against a direct count
// written here from the SPEC's words over random events and random rules.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { checkRules } from '../../engine/check/check-rules';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import { OTHERWISE } from '../../engine/classify/classifier';
import { fieldAccessor } from '../../engine/events/fields';
import { parseReportSettings } from '../../engine/report/report-settings';
import { runReport } from '../../engine/report/run-report';
import { foldCase } from '../../engine/semantics/case-fold';

const T0 = Date.UTC(2024, 0, 1);
const VALUES = ['a', 'b', 'A', 'Email', 'email', 'x.com'];

const value = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 4, arbitrary: fc.constantFrom(...VALUES) },
);

const eventArbitrary = fc.record({
  user: fc.constantFrom('u1', 'u2', 'u3', 'u4'),
  minute: fc.integer({ min: 0, max: 500 }),
  utm_source: value,
  utm_medium: value,
  utm_campaign: value,
  referrer: fc.constantFrom(undefined, null, 'https://www.x.com/p', 'https://b.org/', 'not a url'),
  theirs: fc.oneof(value, fc.constantFrom(7, true)),
});

type RandomEvent = typeof eventArbitrary extends fc.Arbitrary<infer T> ? T : never;

const conditionArbitrary = fc.oneof(
  fc.constantFrom('utm_source', 'utm_medium', 'utm_campaign', 'referring_domain').chain((field) =>
    fc.oneof(
      fc.constantFrom(...VALUES).map((v) => `${field} = ${JSON.stringify(v)}`),
      fc.constantFrom(...VALUES).map((v) => `${field} = ${JSON.stringify(v)} ignoring case`),
      fc.constant(`${field} is not set`),
      fc.constant(`${field} exists`),
    ),
  ),
  fc.constant('page = "x"'),
);

const rulesArbitrary = fc.record({
  // 'Unassigned' too: a rule may give the otherwise channel's name.
  rules: fc.array(fc.record({ channel: fc.constantFrom('Email', 'A', 'Other', 'Unassigned'), when: conditionArbitrary }), { maxLength: 5 }),
  otherwise: fc.constantFrom(undefined, 'Unassigned', 'email'),
});

function compile(rules: { rules: { channel: string; when: string }[]; otherwise?: string }) {
  const text = [
    ...rules.rules.map((rule) => `channel ${JSON.stringify(rule.channel)}\n  when ${rule.when}`),
    ...(rules.otherwise === undefined ? [] : [`otherwise ${JSON.stringify(rules.otherwise)}`]),
  ].join('\n');
  const checked = checkRules(parseChannels(text), text);
  expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return compileClassifier(checked);
}

function ndjson(events: RandomEvent[]): string {
  return events
    .map((event) => {
      const object: Record<string, unknown> = { user_id: event.user, time: T0 + event.minute * 60_000 };
      for (const key of ['utm_source', 'utm_medium', 'utm_campaign', 'referrer', 'theirs'] as const) {
        if (event[key] !== undefined) object[key] = event[key];
      }
      return JSON.stringify(object);
    })
    .join('\n');
}

describe('SPEC §9 against a direct count', () => {
  it('against: events, agree and every (ours, theirs) pair with its first event, in the SPEC order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArbitrary, { maxLength: 40 }), rulesArbitrary, async (events, rules) => {
        const classifier = compile(rules);
        const text = ndjson(events);
        const { report } = await runReport({
          source: { text, format: 'ndjson' },
          classifier,
          settings: parseReportSettings(),
          against: 'theirs',
          rulesName: 'r.channels',
        });
        const props = text === '' ? [] : text.split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
        const theirsOf = fieldAccessor('theirs');
        const pairs = new Map<string, { ours: string | null; theirs: string; events: number; line: number; rule: string | null }>();
        let counted = 0;
        let agree = 0;
        props.forEach((event, i) => {
          const theirs = theirsOf(event);
          if (typeof theirs !== 'string') return;
          counted++;
          const result = classifier.classify(event);
          const ours = classifier.channelOf(result);
          if (ours !== null && foldCase(ours) === foldCase(theirs)) agree++;
          const key = JSON.stringify([ours, theirs]);
          const pair = pairs.get(key);
          if (pair !== undefined) pair.events++;
          else {
            const rule = result >= 0 ? `r.channels:${classifier.rules.rules[result]!.line}` : result === OTHERWISE ? 'otherwise' : null;
            pairs.set(key, { ours, theirs, events: 1, line: i + 1, rule });
          }
        });
        const agrees = (pair: { ours: string | null; theirs: string }) => pair.ours !== null && foldCase(pair.ours) === foldCase(pair.theirs);
        const expected = [...pairs.values()].sort(
          (a, b) =>
            Number(agrees(a)) - Number(agrees(b)) ||
            b.events - a.events ||
            (a.ours === b.ours ? 0 : a.ours === null ? 1 : b.ours === null ? -1 : a.ours < b.ours ? -1 : 1) ||
            (a.theirs < b.theirs ? -1 : a.theirs > b.theirs ? 1 : 0),
        );
        expect(report!.against).toEqual({
          field: 'theirs',
          events: counted,
          agree,
          pairs: expected.map((pair) => ({ ours: pair.ours, theirs: pair.theirs, events: pair.events, example: { line: pair.line, rule: pair.rule } })),
        });
      }),
      { numRuns: 300 },
    );
  });

  it('unassigned: a group-by of the events that got the otherwise channel (from otherwise or a rule) or none, over the traffic fields the rules test', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArbitrary, { maxLength: 40 }),
        rulesArbitrary,
        fc.integer({ min: 0, max: 6 }),
        async (events, rules, limit) => {
          const classifier = compile(rules);
          const text = ndjson(events);
          const { report } = await runReport({
            source: { text, format: 'ndjson' },
            classifier,
            settings: parseReportSettings(),
            patternLimit: limit,
          });
          const tested = new Set(classifier.rules.fields);
          const fields = ['utm_source', 'utm_medium', 'utm_campaign', 'referring_domain'].filter((field) => tested.has(field));
          const props = text === '' ? [] : text.split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
          const groups = new Map<string, { fields: Record<string, string | null>; events: number; users: Set<string>; line: number }>();
          let unassigned = 0;
          props.forEach((event, i) => {
            const channel = classifier.channelOf(classifier.classify(event));
            if (channel !== null && channel !== classifier.channelOf(OTHERWISE)) return;
            unassigned++;
            const values = Object.fromEntries(
              fields.map((field) => {
                const found = fieldAccessor(field)(event);
                return [field, typeof found === 'string' ? found : null];
              }),
            );
            const key = JSON.stringify(fields.map((field) => values[field]));
            const group = groups.get(key) ?? { fields: values, events: 0, users: new Set<string>(), line: i + 1 };
            group.events++;
            group.users.add(String(event.user_id));
            groups.set(key, group);
          });
          const expected = [...groups.values()].sort((a, b) => b.events - a.events || a.line - b.line);
          expect(report!.unassigned).toEqual({
            events: unassigned,
            fields,
            patternCount: groups.size,
            patterns: expected
              .slice(0, limit)
              .map((group) => ({ fields: group.fields, events: group.events, users: group.users.size, example: { line: group.line } })),
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
