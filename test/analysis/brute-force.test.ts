// The analysis against brute force (issue "Done means"): random rule files over two
// fields, a three-letter alphabet and every operator, checked against every event
// whose field values are missing, null, a string of up to three letters, or a
// literal of the rules.
//
// - Soundness: no rule reported unreachable or unsatisfiable is reached (matched) by
//   any enumerated event; an `otherwise` reported unused gets no event; a condition
//   reported redundant changes no event's match.
// - Completeness: every rule the analysis does not report dead is shown reachable by
//   the example it found (so a rule the brute force finds dead is reported unless a
//   longer string than the enumeration's reaches it); every overlap the enumeration
//   shows is reported; the analysis never gives up on these small files.
// - Every example event a diagnostic shows is classified by the engine as stated.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withoutParts } from '../../engine/analysis/analyze-rules';
import { OTHERWISE, UNCLASSIFIED } from '../../engine/classify/classifier';
import { analyse, holds, type Event } from './analysis-support';

const FIELDS = ['a', 'b'];
const LITERALS = ['', 'x', 'y', 'X', 'xy', 'yx', 'xX', 'xyx'];
const REGEXES = ['^x', 'y$', 'xy', '^(x|y)*$', '^x?y?$', '\\bx', 'x\\B', '^$', 'X', '.y', '^[xy]{2}$', 'x|^y', '(?:x$|^y)', '^(xy)+$', '[^x]'];
const ALPHABET = ['x', 'y', 'X'];

const literal = fc.constantFrom(...LITERALS).map((value) => JSON.stringify(value));
const caseMode = fc.constantFrom('', '', ' ignoring case', ' matching case');
const field = fc.constantFrom(...FIELDS);

const condition: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(field, fc.constantFrom('=', '!=', 'contains', 'not contains', 'starts with', 'not starts with', 'ends with', 'not ends with'), literal, caseMode).map(
    ([name, operator, value, mode]) => `${name} ${operator} ${value}${mode}`,
  ),
  fc.tuple(field, fc.constantFrom('in', 'not in'), fc.uniqueArray(literal, { minLength: 0, maxLength: 3 }), caseMode).map(
    ([name, operator, values, mode]) => `${name} ${operator} [${values.join(', ')}]${mode}`,
  ),
  fc.tuple(field, fc.constantFrom('matches', 'not matches'), fc.constantFrom(...REGEXES), fc.constantFrom('', 'i'), fc.constantFrom('', '', ' ignoring case')).map(
    ([name, operator, regex, flag, mode]) => `${name} ${operator} /${regex}/${flag}${mode}`,
  ),
  fc.tuple(field, fc.constantFrom('exists', 'is missing', 'is null', 'is empty', 'is set', 'is not set')).map(([name, operator]) => `${name} ${operator}`),
);

const expression: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    condition,
    tie('expr').map((inner) => `not (${inner})`),
    fc.tuple(tie('expr'), tie('expr')).map(([left, right]) => `(${left}) and (${right})`),
    fc.tuple(tie('expr'), tie('expr')).map(([left, right]) => `(${left}) or (${right})`),
  ),
})).expr;

const rulesFile = fc
  .record({
    caseInsensitive: fc.boolean(),
    rules: fc.array(fc.tuple(fc.constantFrom('A', 'B', 'C'), expression), { minLength: 1, maxLength: 5 }),
    otherwise: fc.boolean(),
  })
  .map(({ caseInsensitive, rules, otherwise }) =>
    [
      caseInsensitive ? 'case insensitive' : '',
      ...rules.map(([channel, expr]) => `channel "${channel}"\n  when ${expr}`),
      otherwise ? 'otherwise "Z"' : '',
    ].join('\n'),
  );

function* strings(maxLength: number): Iterable<string> {
  let level = [''];
  yield '';
  for (let length = 1; length <= maxLength; length++) {
    level = level.flatMap((prefix) => ALPHABET.map((char) => prefix + char));
    yield* level;
  }
}

/** Every event over the two fields: missing, null, short strings and the rules' literals. */
function events(text: string): Event[] {
  const values = new Set<string>(strings(3));
  for (const match of text.matchAll(/"((?:[^"\\]|\\.)*)"/g)) values.add(JSON.parse(`"${match[1]}"`) as string);
  const fieldValues: Array<string | null | undefined> = [undefined, null, ...values];
  const all: Event[] = [];
  for (const a of fieldValues) {
    for (const b of fieldValues) {
      const event: Event = {};
      if (a !== undefined) event.a = a;
      if (b !== undefined) event.b = b;
      all.push(event);
    }
  }
  return all;
}

describe('the analysis agrees with brute force on small rule files', () => {
  it('is sound, complete on what it decides, and confirms every example', async () => {
    await fc.assert(
      fc.asyncProperty(rulesFile, async (text) => {
        const { checked, classifier, analysis, diagnostics } = await analyse(text);
        const rules = checked.rules;
        const all = events(text);
        const results = all.map((event) => classifier.classify(event));
        const matches = rules.map((rule) => all.map((event) => holds(rule.condition, event)));

        rules.forEach((rule, k) => {
          const facts = analysis.rules[k]!;
          expect(facts.incomplete, `rule ${k} incomplete in\n${text}`).toEqual([]);
          expect(facts.status, `rule ${k} undecided in\n${text}`).not.toBe('undecided');
          if (facts.status === 'unsatisfiable') {
            expect(matches[k]!.some(Boolean), `rule ${k} reported unsatisfiable but matches an event in\n${text}`).toBe(false);
          }
          if (facts.status === 'unreachable' || facts.status === 'unsatisfiable') {
            expect(results.includes(k), `rule ${k} reported dead but reached in\n${text}`).toBe(false);
          }
          if (facts.status === 'reachable') {
            expect(classifier.classify(facts.example!.event), `rule ${k}'s example does not reach it in\n${text}`).toBe(k);
          }
          // Redundant conditions change no event's match, each alone nor all together.
          for (const paths of [...facts.redundant.map((path) => [path]), facts.redundant]) {
            const reduced = withoutParts(rule.condition, paths);
            all.forEach((event, e) => expect(holds(reduced, event), `redundant ${JSON.stringify(paths)} of rule ${k} matters in\n${text}`).toBe(matches[k]![e]));
          }
        });

        // Every overlap the enumeration shows is reported.
        rules.forEach((rule, k) => {
          const facts = analysis.rules[k]!;
          if (facts.status !== 'reachable') return;
          const reported = new Set(facts.overlaps.flatMap((overlap) => overlap.rules));
          for (let earlier = 0; earlier < k; earlier++) {
            if (rules[earlier]!.channel === rule.channel) continue;
            const shared = all.some((_, e) => results[e] === earlier && matches[k]![e]);
            expect(reported.has(earlier), `overlap of rule ${k} with rule ${earlier} in\n${text}`).toBe(shared || reported.has(earlier));
            if (shared) expect(reported.has(earlier), `overlap of rule ${k} with rule ${earlier} not reported in\n${text}`).toBe(true);
          }
        });

        // `otherwise`.
        const unclassified = results.some((result) => result === OTHERWISE || result === UNCLASSIFIED);
        expect(analysis.otherwise.status, `otherwise undecided in\n${text}`).not.toBe('undecided');
        if (analysis.otherwise.status === 'unreachable') expect(unclassified, `otherwise reported unused but used in\n${text}`).toBe(false);
        if (analysis.otherwise.status === 'reachable') expect(classifier.classify(analysis.otherwise.example!.event)).toBeLessThan(0);

        // Every example shown is what the engine does.
        for (const diagnostic of diagnostics) {
          if (diagnostic.example === undefined) continue;
          const { event, channel } = diagnostic.example;
          expect(classifier.channelOf(classifier.classify(event)), `${diagnostic.code} example in\n${text}`).toBe(channel);
          const rule = (diagnostic.data as { rule?: number } | undefined)?.rule;
          if (rule !== undefined) expect(holds(rules[rule]!.condition, event), `${diagnostic.code} example does not match rule ${rule}`).toBe(true);
        }
        expect(diagnostics.filter((diagnostic) => diagnostic.code === 'analysis-incomplete')).toEqual([]);
      }),
      { numRuns: Number(process.env.ANALYSIS_PROPERTY_RUNS ?? 80) },
    );
  });
});
