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
import { analyse, holds } from './analysis-support';
import { enumeratedEvents, rulesFile } from './random-rules';

describe('the analysis agrees with brute force on small rule files', () => {
  it('is sound, complete on what it decides, and confirms every example', async () => {
    await fc.assert(
      fc.asyncProperty(rulesFile, async (text) => {
        const { checked, classifier, analysis, diagnostics } = await analyse(text);
        const rules = checked.rules;
        const all = enumeratedEvents(text);
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
      { numRuns: Number(process.env.ANALYSIS_PROPERTY_RUNS ?? 60) },
    );
  });
});

describe('the analysis under tiny limits', () => {
  it('claims nothing false when it runs out of steps, automaton states or cases', async () => {
    await fc.assert(
      fc.asyncProperty(rulesFile, fc.constantFrom(1, 3, 10), fc.constantFrom(5, 40), fc.constantFrom(1, 2, 4), async (text, steps, states, boxes) => {
        const { checked, classifier, analysis, diagnostics } = await analyse(text, {
          limits: { maxStepsPerQuestion: steps, maxAutomatonNodes: states, maxBoxes: boxes },
        });
        const all = enumeratedEvents(text);
        const results = all.map((event) => classifier.classify(event));
        checked.rules.forEach((rule, k) => {
          const facts = analysis.rules[k]!;
          if (facts.status === 'unreachable' || facts.status === 'unsatisfiable') expect(results.includes(k), `rule ${k} in\n${text}`).toBe(false);
          if (facts.status === 'unsatisfiable') expect(all.some((event) => holds(rule.condition, event))).toBe(false);
          if (facts.status === 'reachable') expect(classifier.classify(facts.example!.event)).toBe(k);
          for (const paths of [...facts.redundant.map((path) => [path]), facts.redundant]) {
            const reduced = withoutParts(rule.condition, paths);
            for (const event of all) expect(holds(reduced, event)).toBe(holds(rule.condition, event));
          }
        });
        if (analysis.otherwise.status === 'unreachable') expect(results.some((result) => result < 0)).toBe(false);
        for (const diagnostic of diagnostics) {
          if (diagnostic.example !== undefined) expect(classifier.channelOf(classifier.classify(diagnostic.example.event))).toBe(diagnostic.example.channel);
        }
      }),
      { numRuns: Number(process.env.ANALYSIS_PROPERTY_RUNS ?? 40) },
    );
  });
});
