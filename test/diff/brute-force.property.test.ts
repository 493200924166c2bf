// The diff's moves against brute force: random small rule files A and B over two
// fields, a three-letter alphabet and every operator; B is either random or A edited
// (rules swapped, removed, inserted, re-channelled, `otherwise` changed), so shared
// prefixes and reorderings are common. Every event whose field values are missing,
// null, a string of up to three letters, a literal of the rules or a value of a
// reported example is classified by both versions' compiled classifiers.
//
// - The diff is complete on these small files.
// - Exactness: every reported move's example is classified by both versions as stated
//   (so every reported pair is real).
// - Completeness: the set of (from, to) pairs the enumeration shows equals the set
//   reported — no move is missed, and (with the example values enumerated) none is
//   reported that no event makes.
// - An empty `moves` means the enumeration finds no event classified differently.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffTexts, expectExamplesConfirmed, version } from './diff-support';

const FIELDS = ['a', 'b'];
const LITERALS = ['', 'x', 'y', 'X', 'xy', 'yx', 'xX', 'xyx'];
const REGEXES = ['^x', 'y$', 'xy', '^(x|y)*$', '^x?y?$', '^$', 'X', '.y', '^[xy]{2}$', 'x|^y', '^(xy)+$', '[^x]'];
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
  fc.tuple(field, fc.constantFrom('matches', 'not matches'), fc.constantFrom(...REGEXES), fc.constantFrom('', 'i')).map(
    ([name, operator, regex, flag]) => `${name} ${operator} /${regex}/${flag}`,
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

interface RulesFile {
  caseInsensitive: boolean;
  rules: Array<[string, string]>;
  otherwise: string | null;
}

const channel = fc.constantFrom('A', 'B', 'C');
const rulesFile: fc.Arbitrary<RulesFile> = fc.record({
  caseInsensitive: fc.boolean(),
  rules: fc.array(fc.tuple(channel, expression), { minLength: 1, maxLength: 5 }),
  otherwise: fc.constantFrom<string | null>(null, 'Z', 'A'),
});

type Edit = (file: RulesFile) => RulesFile;
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.tuple(fc.nat(), fc.nat()).map(([i, j]): Edit => (file) => {
    const rules = [...file.rules];
    const a = i % rules.length;
    const b = j % rules.length;
    [rules[a], rules[b]] = [rules[b]!, rules[a]!];
    return { ...file, rules };
  }),
  fc.nat().map((i): Edit => (file) => (file.rules.length <= 1 ? file : { ...file, rules: file.rules.filter((_, k) => k !== i % file.rules.length) })),
  fc.tuple(fc.nat(), channel, expression).map(([i, name, expr]): Edit => (file) => {
    const rules = [...file.rules];
    rules.splice(i % (rules.length + 1), 0, [name, expr]);
    return { ...file, rules };
  }),
  fc.tuple(fc.nat(), channel).map(([i, name]): Edit => (file) => {
    const rules = [...file.rules];
    const k = i % rules.length;
    rules[k] = [name, rules[k]![1]];
    return { ...file, rules };
  }),
  fc.constantFrom<string | null>(null, 'Z', 'B').map((otherwise): Edit => (file) => ({ ...file, otherwise })),
);

const filePair: fc.Arbitrary<[RulesFile, RulesFile]> = fc.oneof(
  fc.tuple(rulesFile, rulesFile),
  fc.tuple(rulesFile, fc.array(edit, { minLength: 1, maxLength: 3 })).map(([file, edits]): [RulesFile, RulesFile] => [file, edits.reduce((current, apply) => apply(current), file)]),
);

function render(file: RulesFile): string {
  return [
    file.caseInsensitive ? 'case insensitive' : '',
    ...file.rules.map(([name, expr]) => `channel "${name}"\n  when ${expr}`),
    file.otherwise === null ? '' : `otherwise "${file.otherwise}"`,
  ].join('\n');
}

function* strings(maxLength: number): Iterable<string> {
  let level = [''];
  yield '';
  for (let length = 1; length <= maxLength; length++) {
    level = level.flatMap((prefix) => ALPHABET.map((char) => prefix + char));
    yield* level;
  }
}

function fieldValues(texts: string[], extra: Iterable<string>): Array<string | null | undefined> {
  const values = new Set<string>(strings(3));
  for (const text of texts) {
    for (const match of text.matchAll(/"((?:[^"\\]|\\.)*)"/g)) values.add(JSON.parse(`"${match[1]}"`) as string);
  }
  for (const value of extra) values.add(value);
  return [undefined, null, ...values];
}

describe('diff moves against brute force', () => {
  it('reports exactly the (from, to) pairs that enumerated events make', async () => {
    await fc.assert(
      fc.asyncProperty(filePair, async ([fileA, fileB]) => {
        const base = render(fileA);
        const head = render(fileB);
        const diff = await diffTexts(base, head);
        const context = `\n--- base\n${base}\n--- head\n${head}`;
        expect(diff.incomplete, `incomplete on${context}`).toEqual([]);
        expect(diff.complete).toBe(true);
        expectExamplesConfirmed(diff, base, head);

        const exampleValues = diff.moves.flatMap((move) => Object.values(move.example.event).filter((value): value is string => typeof value === 'string'));
        const values = fieldValues([base, head], exampleValues);
        const before = version(base).classifier;
        const after = version(head).classifier;
        const seen = new Set<string>();
        for (const a of values) {
          for (const b of values) {
            const event: Record<string, string | null> = {};
            if (a !== undefined) event.a = a;
            if (b !== undefined) event.b = b;
            const from = before.channelOf(before.classify(event));
            const to = after.channelOf(after.classify(event));
            if (from !== to) seen.add(JSON.stringify([from, to]));
          }
        }
        const reported = new Set(diff.moves.map((move) => JSON.stringify([move.from, move.to])));
        expect([...reported].sort(), `moves of${context}`).toEqual([...seen].sort());
      }),
      { numRuns: Number(process.env.DIFF_PROPERTY_RUNS ?? 80) },
    );
  });
});
