// The analysis diagnostics the editor keeps from an older version while the new one is
// analysed (server/analysis-scheduler: carriedOver) must be true of the new text: each
// is one the new text's own analysis gives (the same claim at the same place, about
// the same other rules), and its example gets the channel it says from the new rules.
// (The example itself may differ: the analysis draws examples from the values of the
// whole file.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NEVER_CANCELLED } from '../../engine/cancellation';
import type { Diagnostic } from '../../engine/diagnostics';
import { buildRulesDocument, classifierOf, type RulesDocument } from '../../engine/language/document';
import { runDocumentAnalysis } from '../../engine/language/document-analysis';
import { fastCheck } from '../../engine/language/fast-diagnostics';
import { carriedOver, type AnalysedText } from '../../server/analysis-scheduler';

/** A version as the server keeps it: its text, its fast check's key and rules, and its analysis. */
async function analysed(text: string): Promise<AnalysedText & { diagnostics: Diagnostic[]; document: RulesDocument }> {
  const document = buildRulesDocument(text);
  const { contextKey, ruleSpans } = fastCheck(document);
  const analysis = await runDocumentAnalysis(document, { token: NEVER_CANCELLED, timeBudgetMs: 60_000 });
  return { text, contextKey, ruleSpans, diagnostics: analysis.diagnostics, document };
}

function claim(diagnostic: Diagnostic): string {
  const related = (diagnostic.related ?? []).map((each) => `${each.span.start}-${each.span.end}`);
  return `${diagnostic.span.start}-${diagnostic.span.end} ${diagnostic.code} ${related.join(' ')}`;
}

async function expectCarriedTrue(before: string, after: string): Promise<void> {
  const old = await analysed(before);
  const fresh = await analysed(after);
  const kept = carriedOver(old, fresh, old.diagnostics);
  expect(fresh.diagnostics.map(claim)).toEqual(expect.arrayContaining(kept.map(claim)));
  const classifier = classifierOf(fresh.document);
  for (const { example } of kept) {
    if (example === undefined) continue;
    const result = classifier.classify({ ...example.event });
    expect(result < 0 ? null : classifier.channelOf(result)).toBe(example.channel);
  }
}

const OPERATORS = ['=', '!=', 'contains', 'starts with', 'in ["x", "y"]'];

describe('diagnostics carried over to a newer version', () => {
  it('drop a redundant condition whose rule the edit changed, after the condition', async () => {
    // `a exists` is redundant beside `a = "x"`, not beside `a != "x"` (true when a is missing).
    const before = 'channel "A"\n  when a exists and a = "x"\n';
    const after = 'channel "A"\n  when a exists and a != "x"\n';
    const old = await analysed(before);
    expect(old.diagnostics.map((d) => d.code)).toContain('redundant-condition');
    expect(carriedOver(old, await analysed(after), old.diagnostics).map((d) => d.code)).not.toContain('redundant-condition');
    await expectCarriedTrue(before, after);
  });

  it('drop the claims of a rule that text after it continues', async () => {
    // The second rule is unreachable until a syntax error on the next line makes the checker skip it.
    const before = 'channel "A"\n  when a exists\nchannel "B"\n  when a exists\nchannel "C"\n  when b exists\n';
    const after = before.replace('channel "C"', '"channel "C"');
    const old = await analysed(before);
    expect(old.diagnostics.map((d) => d.code)).toContain('unreachable-rule');
    expect(carriedOver(old, await analysed(after), old.diagnostics)).toEqual([]);
    await expectCarriedTrue(before, after);
  });

  it('are diagnostics of the new text, for random rules and a random edit', async () => {
    const value = fc.constantFrom('"x"', '"y"', '"z"');
    const field = fc.constantFrom('a', 'b');
    const condition = fc.oneof(
      fc.tuple(field, fc.constantFrom(...OPERATORS.slice(0, 4)), value).map(([f, op, v]) => `${f} ${op} ${v}`),
      fc.tuple(field, fc.constant(OPERATORS[4]!)).map(([f, op]) => `${f} ${op}`),
      field.map((f) => `${f} exists`),
    );
    const rule = fc.tuple(fc.constantFrom('A', 'B', 'C'), fc.array(condition, { minLength: 1, maxLength: 3 }), fc.constantFrom(' and ', ' or '));
    const file = fc.array(rule, { minLength: 1, maxLength: 5 }).map((rules) => rules.map(([channel, parts, joiner]) => `channel "${channel}"\n  when ${parts.join(joiner)}\n`).join(''));
    const edit = fc.tuple(fc.nat(), fc.nat({ max: 4 }), fc.constantFrom('', '!', ' or a exists', ' and b = "x"', '"', 'x', '\n'));
    await fc.assert(
      fc.asyncProperty(file, edit, async (before, [at, removed, inserted]) => {
        const start = at % (before.length + 1);
        const after = before.slice(0, start) + inserted + before.slice(Math.min(before.length, start + removed));
        await expectCarriedTrue(before, after);
      }),
      { numRuns: 300 },
    );
  });
});
