// How hard the fuzz tests push. In `npm test` each runs a few seconds; `npm run fuzz`
// sets CHANNEL_RULES_FUZZ_SCALE (default there 25) to multiply the number of runs.
// A run that takes longer than RUN_BUDGET_MS counts as a hang: the bound is far above
// any honest run on a loaded machine, so it flags hangs, not slowness.

import fc from 'fast-check';

export const FUZZ_SCALE = Math.max(0.1, Number(process.env.CHANNEL_RULES_FUZZ_SCALE ?? '1') || 1);

export function fuzzRuns(base: number): number {
  return Math.max(1, Math.round(base * FUZZ_SCALE));
}

export const RUN_BUDGET_MS = 20_000;

/**
 * How long a fuzz test may take: vitest's 60 s, stretched with the scale past 10 (its
 * runs grow with it; the language server's 300 sessions at scale 50 took more than 60 s
 * on a slow host). A run that hangs still fails within that time, and a run that is timed
 * fails at RUN_BUDGET_MS.
 */
export const FUZZ_TEST_TIMEOUT_MS = 60_000 * Math.max(1, FUZZ_SCALE / 10);

/** Text near the rules language: its words and punctuation, strings, regexes, noise. */
const TOKENS = [
  'channel', 'when', 'otherwise', 'list', 'expect', 'for', 'unclassified', 'and', 'or', 'not', 'in', 'contains', 'starts', 'ends', 'with',
  'matches', 'exists', 'is', 'missing', 'null', 'empty', 'set', 'ignoring', 'matching', 'case', 'insensitive', '=', '!=', '==', '&&', '||',
  '(', ')', '[', ']', '{', '}', ',', ':', '"A"', '"B"', '""', '"(none)"', '"\\u001b"', '"\\u{1F600}"', '"\\q"', '/a/', '/(a|aa)*b/', '/[/', '/x/i',
  'utm_source', 'utm_medium', '__proto__', 'constructor', 'a.b', '`odd name`', '#', '# comment', '//', '\n', '\n', '  ', '\t', '\r\n', '\u0000', '\uFEFF', '\uD800',
];

export const nearRulesText: fc.Arbitrary<string> = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((tokens) => tokens.join(' '));

/** Mutates text: deletes, duplicates or inserts random pieces. */
export function mutated(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(text, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 8 }), fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 4 }))), { maxLength: 6 }))
    .map(([base, edits]) => {
      let out = base;
      for (const [at, length, insert] of edits) {
        const start = out.length === 0 ? 0 : at % out.length;
        out = out.slice(0, start) + insert + out.slice(start + length);
      }
      return out;
    });
}
