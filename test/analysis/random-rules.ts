// Random small rule files for the brute-force suites: two fields (a, b), a
// three-letter alphabet with a case pair, every operator, `ignoring case` and
// `matching case`, nested and/or/not; and every event over those fields whose values
// are missing, null, a string of up to three letters, or a literal of the file.

import fc from 'fast-check';
import type { Event } from './analysis-support';

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

export const rulesFile = fc
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
export function enumeratedEvents(text: string): Event[] {
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

