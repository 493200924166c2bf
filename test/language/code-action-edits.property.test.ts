// Every code action on random rule files whose tokens often touch (`g="h"or k exists`
// is valid): its edits applied, the file has no more syntax errors than before (none
// when it had none), and an action that promises to keep what the rules do keeps it,
// by the exact semantic diff.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analysisDiagnostics } from '../../engine/analysis/analysis-diagnostics';
import { analyzeRules } from '../../engine/analysis/analyze-rules';
import { compareTexts, rulesVersion } from '../../engine/diff/compare-texts';
import { quickFixes, refactorsAt, type CodeActionEdit, type DiagnosticRef } from '../../engine/language/code-actions';
import { buildRulesDocument, classifierOf } from '../../engine/language/document';
import { fastDiagnostics } from '../../engine/language/fast-diagnostics';
import { profileEvents } from '../../engine/language/sample-profile';
import type { TextEdit } from '../../engine/language/references';
import type { Diagnostic } from '../../engine/diagnostics';

function apply(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, edit.span.start) + edit.newText + out.slice(edit.span.end);
  return out;
}

/** The titles of the actions that say the rules classify every event as before. */
const KEEPS_MEANING = [/^Delete the unreachable rule$/, /^Delete the rule no event can match$/, /^Remove the redundant condition$/, /^Remove the repeated value$/, /^Add an expectation/, /as the rules do$/];

// ── random files as tokens ──────────────────────────────────────────────────────

const field = fc.constantFrom('g', 'k', 'utm_source', 'utm_sorce', '`odd key`', 'a.b');
const string = fc.constantFrom('"h"', '"H"', '"(none)"', '""', '"(not set)"', '"x"', '"google.com"');
const listName = fc.constantFrom('sites', 'b');
const caseModifier = fc.constantFrom([], [], [], ['ignoring', 'case'], ['matching', 'case']);
const strings = fc.array(string, { minLength: 1, maxLength: 3 }).map((values) => ['[', ...values.flatMap((value, i) => (i === 0 ? [value] : [',', value])), ']']);

const comparison: fc.Arbitrary<string[]> = fc.oneof(
  fc.tuple(field, fc.constantFrom(['='], ['!='], ['contains'], ['starts', 'with'], ['not', 'ends', 'with']), string, caseModifier).map(([f, op, v, c]) => [f, ...op, v, ...c]),
  fc.tuple(field, fc.constantFrom(['in'], ['not', 'in']), fc.oneof(strings, listName.map((name) => [name])), caseModifier).map(([f, op, v, c]) => [f, ...op, ...v, ...c]),
  fc.tuple(field, fc.constantFrom('/h/', '/google.com/i', '/^x$/'), caseModifier).map(([f, r, c]) => [f, 'matches', r, ...c]),
  fc.tuple(field, fc.constantFrom(['exists'], ['is', 'not', 'set'], ['is', 'set'], ['is', 'missing'])).map(([f, op]) => [f, ...op]),
);

const condition: fc.Arbitrary<string[]> = fc.letrec<{ node: string[] }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: comparison },
    { weight: 1, arbitrary: tie('node').map((operand) => ['not', '(', ...operand, ')']) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom('and', 'or'), fc.array(tie('node'), { minLength: 2, maxLength: 3 }), fc.boolean())
        .map(([joiner, operands, parenthesised]) => {
          const joined = operands.flatMap((operand, i) => (i === 0 ? ['(', ...operand, ')'] : [joiner, '(', ...operand, ')']));
          return parenthesised ? ['(', ...joined, ')'] : joined;
        }),
    },
  ),
})).node;

const channelName = fc.constantFrom('"A"', '"B"', '"Paid"');
const statement: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(channelName, fc.array(condition, { minLength: 1, maxLength: 3 })).map(([name, rules]) => ['channel', name, ...rules.flatMap((rule) => ['when', ...rule])]) },
  { weight: 1, arbitrary: fc.tuple(listName, strings).map(([name, values]) => ['list', name, '=', ...values]) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('"A"', 'unclassified'), field, string).map(([name, f, v]) => ['expect', name, 'for', '{', f, ':', v, '}']) },
  { weight: 1, arbitrary: channelName.map((name) => ['otherwise', name]) },
  { weight: 1, arbitrary: fc.constant(['# note'] as string[]) },
);

const WORD_END = /[\p{L}\p{Nd}_$-]$/u;
const WORD_START = /^[\p{L}\p{Nd}_$-]/u;

/** Tokens joined with no space wherever two tokens stay apart without one, a space or a line break elsewhere. */
function joined(tokens: string[], separators: number[]): string {
  let out = '';
  tokens.forEach((token, i) => {
    const previous = tokens[i - 1];
    if (previous !== undefined) {
      const choice = separators[i % separators.length]!;
      if (previous.startsWith('#')) out += choice % 2 === 0 ? '\n' : '\r\n';
      else if (WORD_END.test(previous) && (WORD_START.test(token) || previous.endsWith('/'))) out += choice % 3 === 0 ? '\n  ' : ' ';
      else out += ['', '', ' ', '\n  '][choice % 4];
    }
    out += token;
  });
  return out;
}

const file = fc
  .tuple(
    fc.array(statement, { minLength: 1, maxLength: 4 }),
    fc.array(fc.nat(11), { minLength: 1, maxLength: 16 }),
    // Sometimes a token left out or replaced, so that broken files are tried too.
    fc.option(fc.tuple(fc.nat(), fc.constantFrom('', '5', 'or', '"'))),
  )
  .map(([statements, separators, broken]) => {
    const tokens = statements.flat();
    if (broken !== null) tokens.splice(broken[0] % tokens.length, 1, ...(broken[1] === '' ? [] : [broken[1]]));
    return joined(tokens, separators);
  });

// ── every action of a file ─────────────────────────────────────────────────────

function ref(diagnostic: Diagnostic): DiagnosticRef {
  return {
    code: diagnostic.code,
    span: diagnostic.span,
    ...(diagnostic.example === undefined ? {} : { example: diagnostic.example }),
    ...(diagnostic.data === undefined ? {} : { data: diagnostic.data }),
    ...(diagnostic.related === undefined ? {} : { related: diagnostic.related.filter((related) => related.file === undefined).map((related) => related.span) }),
  };
}

async function actionsOf(text: string): Promise<CodeActionEdit[]> {
  const document = buildRulesDocument(text);
  const diagnostics = fastDiagnostics(document, profileEvents([{ utm_source: 'x' }]));
  const analysis = await analyzeRules(document.checked);
  diagnostics.push(...analysisDiagnostics(document.checked, analysis, classifierOf(document)));
  const actions = diagnostics.flatMap((diagnostic) => quickFixes(document, ref(diagnostic)));
  for (let offset = 0; offset <= text.length; offset++) actions.push(...refactorsAt(document, { start: offset, end: offset }));
  return actions;
}

function hasErrors(text: string): boolean {
  try {
    rulesVersion(text, 'it');
    return false;
  } catch {
    return true;
  }
}

describe('code action edits on random files', () => {
  it('never add a syntax error, and keep what the rules do where they say so', async () => {
    await fc.assert(
      fc.asyncProperty(file, async (text) => {
        const errors = buildRulesDocument(text).parsed.errors.length;
        const valid = !hasErrors(text);
        for (const action of await actionsOf(text)) {
          const edited = apply(text, action.edits);
          const after = buildRulesDocument(edited).parsed.errors;
          const context = `${action.title}: ${JSON.stringify(text)} → ${JSON.stringify(edited)}: ${after.map((error) => error.message).join('; ')}`;
          expect(after.length, context).toBeLessThanOrEqual(errors);
          if (valid && KEEPS_MEANING.some((title) => title.test(action.title))) {
            const diff = await compareTexts(text, edited, 'file');
            expect(diff.complete && diff.moves.length === 0, context).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['Add `ignoring case`', 'channel "A" when g="h"or k exists\n', 'channel "A" when g="h" ignoring case or k exists\n'],
    ['Replace with `g is not set`', 'channel "A" when g="(none)"or k exists\n', 'channel "A" when g is not set or k exists\n'],
    ['Replace with `g is not set`', 'channel "A" when g in["(none)"]or k exists\n', 'channel "A" when g is not set or k exists\n'],
    ['Add `ignoring case`', 'channel "A" when g in["h"]or k exists\n', 'channel "A" when g in["h"] ignoring case or k exists\n'],
  ])('%s at the cursor keeps apart the tokens it touches: %j', (title, text, expected) => {
    const at = text.indexOf('g') + 1;
    const rewrite = refactorsAt(buildRulesDocument(text), { start: at, end: at }).find((action) => action.title === title);
    expect(rewrite).toBeDefined();
    expect(apply(text, rewrite!.edits)).toBe(expected);
  });

  it.each([
    ['channel "A" when g="(none)"or k exists\n', 'Replace with `g is not set`', 'channel "A" when g is not set or k exists\n'],
    ['channel "A" when g!="(none)"or k exists\n', 'Replace with `g is set`', 'channel "A" when g is set or k exists\n'],
    ['channel "A" when g in["x","(none)"]or k exists\n', 'Replace with `(g is not set or g in ["x"])`', 'channel "A" when (g is not set or g in ["x"])or k exists\n'],
  ])('the placeholder quick fix keeps apart the tokens it touches: %j', (text, title, expected) => {
    const document = buildRulesDocument(text);
    const fixes = fastDiagnostics(document).flatMap((diagnostic) => quickFixes(document, ref(diagnostic)));
    const fix = fixes.find((action) => action.title === title);
    expect(fix, fixes.map((action) => action.title).join(' | ')).toBeDefined();
    expect(apply(text, fix!.edits)).toBe(expected);
  });

  it.each([
    ['on its channel\'s line, without putting it before the channel', 'channel "A" when g in ["h"]\n  when g = "h"\n', 'channel "A" when g = "h"\n  when g in ["h"]\n'],
    ['at the start of a line, keeping the layout', 'channel "A"\nwhen g in ["h"]\nwhen g = "h"\n', 'channel "A"\nwhen g = "h"\nwhen g in ["h"]\n'],
  ])('moves an unreachable rule above a covering rule %s', async (_, text, expected) => {
    const move = (await actionsOf(text)).find((action) => action.title.startsWith('Move the rule above'));
    expect(apply(text, move!.edits)).toBe(expected);
  });

  it('offers no `ignoring case` on a comparison the parser could not read whole', () => {
    for (const text of ['channel "A" when a = 5\n', 'channel "A" when a = "abc\n', 'channel "A" when a in\n']) {
      expect(refactorsAt(buildRulesDocument(text), { start: 18, end: 18 }).map((action) => action.title), text).toEqual([]);
    }
  });
});
