// Random SQL CASE classifiers over two string columns (f, g) for the import property
// tests: random operators (=, <>, IN / NOT IN with NULLs, LIKE / NOT LIKE / ILIKE,
// IS [NOT] NULL, the dialect's regex functions), LOWER / UPPER / COALESCE, NULL and
// boolean literals, nested AND / OR / NOT; and random rows. Strings are chosen to hit
// case mapping (K, ſ, İ, ı, ß), LIKE's wildcards and escapes, regex syntax and quoting.

import fc from 'fast-check';

export const COLUMNS = ['f', 'g'];
const CHANNELS = ['Direct', 'Email', "Bob's", 'Paid Search'];

const TEXT_TOKENS = ['a', 'A', 'b', 'k', 'K', 'i', 'I', 's', 'S', 'x', '\u212a', 'ſ', 'İ', 'ı', 'ß', 'é', '.', '/', ' ', "'", '%', '_', '\\', '\n', 'go', 'GO', '(none)'];

export type SqlDialectUnderTest = 'duckdb' | 'postgres';

const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;

export const textArbitrary = fc.array(fc.constantFrom(...TEXT_TOKENS), { maxLength: 3 }).map((parts) => parts.join(''));

export const rowsArbitrary = fc.array(
  fc.tuple(fc.option(textArbitrary, { nil: null, freq: 4 }), fc.option(textArbitrary, { nil: null, freq: 4 })).map((row) => [...row]),
  { minLength: 1, maxLength: 40 },
);

// PostgreSQL's LOWER / UPPER / ~* depend on the server's locale for i, k and s (import
// refuses them there): its classifiers use other letters, its rows still hold K, ſ, İ.
const literal = (dialect: SqlDialectUnderTest) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('a', 'A', 'x', 'go', 'GO', 'ab', '', '(none)', ...(dialect === 'duckdb' ? ['k', 'ka'] : ['b', 'xa'])) },
    { weight: 1, arbitrary: textArbitrary },
  );

const column = fc.constantFrom('f', 'g', 't.f', '{{ g }}');

function valueExpression(dialect: SqlDialectUnderTest): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: dialect === 'duckdb' ? 5 : 10, arbitrary: column },
    { weight: 2, arbitrary: column.map((c) => `LOWER(${c})`) },
    { weight: 1, arbitrary: column.map((c) => `UPPER(${c})`) },
    { weight: 1, arbitrary: fc.tuple(column, fc.constantFrom('', 'x', 'A')).map(([c, d]) => `COALESCE(${c}, ${sqlString(d)})`) },
    { weight: 1, arbitrary: column.map((c) => `LOWER(COALESCE(${c}, ''))`) },
  );
}

const likePattern = (dialect: SqlDialectUnderTest) =>
  fc.array(fc.constantFrom('%', '_', 'a', 'A', 'x', 'go', '.', ' ', ...(dialect === 'duckdb' ? ['k', 'é'] : ['%', 'b'])), { maxLength: 4 }).map((parts) => parts.join(''));

const RE2_PIECES = ['a', 'A', 'k', 'x', 'go', '.', '[a-c]', '[^a]', '(a|go)', 'a*', 'x+', 'k?', '\\.', '[0-9]', '\\d', '\\w', '\\s', '^', '$', '(?:x|)', 'a{1,2}', ' '];
const ARE_PIECES = ['a', 'A', 'b', 'x', 'go', '.', '[a-c]', '[^a]', '(a|go)', 'a*', 'x+', 'b?', '\\.', '[0-9]', '^', '$', 'a{1,2}', ' ', 'é', 'é'];

function regexPattern(dialect: SqlDialectUnderTest): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...(dialect === 'duckdb' ? RE2_PIECES : ARE_PIECES)), { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));
}

function atom(dialect: SqlDialectUnderTest): fc.Arbitrary<string> {
  const value = valueExpression(dialect);
  const regex = regexPattern(dialect);
  const literalOf = literal(dialect);
  const regexTest =
    dialect === 'duckdb'
      ? fc.oneof(
          fc.tuple(value, regex).map(([v, p]) => `regexp_matches(${v}, ${sqlString(p)})`),
          fc.tuple(value, regex).map(([v, p]) => `regexp_full_match(${v}, ${sqlString(p)})`),
          fc.tuple(value, regex, fc.constantFrom('i', 'c', 'ci', 'ic')).map(([v, p, o]) => `regexp_matches(${v}, ${sqlString(p)}, '${o}')`),
          fc.tuple(value, regex, fc.boolean()).map(([v, p, n]) => `${v} ${n ? '!~' : '~'} ${sqlString(p)}`),
        )
      : fc.oneof(
          fc.tuple(value, regex, fc.constantFrom('~', '!~', '~*', '!~*')).map(([v, p, op]) => `${v} ${op} ${sqlString(p)}`),
          fc.tuple(value, regex).map(([v, p]) => `regexp_like(${v}, ${sqlString(p)}, 'i')`),
        );
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(value, fc.constantFrom('=', '<>', '!='), literalOf).map(([v, op, l]) => `${v} ${op} ${sqlString(l)}`) },
    { weight: 1, arbitrary: fc.tuple(value, literalOf).map(([v, l]) => `${sqlString(l)} = ${v}`) },
    { weight: 1, arbitrary: value.map((v) => `${v} = NULL`) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(value, fc.boolean(), fc.array(fc.option(literalOf, { nil: null, freq: 5 }), { minLength: 1, maxLength: 3 }))
        .map(([v, negated, list]) => `${v} ${negated ? 'NOT IN' : 'IN'} (${list.map((item) => (item === null ? 'NULL' : sqlString(item))).join(', ')})`),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(value, fc.constantFrom('LIKE', 'NOT LIKE', 'ILIKE', 'NOT ILIKE'), likePattern(dialect))
        .map(([v, op, p]) => `${v} ${op} ${sqlString(p)}`),
    },
    {
      // An explicit escape character: '!' before %, _ or itself makes it literal.
      weight: 1,
      arbitrary: fc
        .tuple(value, fc.constantFrom('LIKE', 'NOT LIKE'), fc.array(fc.constantFrom('!%', '!_', '!!', '%', '_', 'a', 'x'), { maxLength: 4 }))
        .map(([v, op, parts]) => `${v} ${op} ${sqlString(parts.join(''))} ESCAPE '!'`),
    },
    { weight: 2, arbitrary: fc.tuple(value, fc.boolean()).map(([v, n]) => `${v} IS ${n ? 'NOT ' : ''}NULL`) },
    { weight: 3, arbitrary: regexTest },
    { weight: 1, arbitrary: fc.constantFrom('TRUE', 'FALSE', 'NULL') },
  );
}

function condition(dialect: SqlDialectUnderTest): fc.Arbitrary<string> {
  const { tree } = fc.letrec((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 4, arbitrary: atom(dialect) },
      { weight: 1, arbitrary: tie('tree').map((c) => `NOT (${c})`) },
      { weight: 2, arbitrary: fc.tuple(tie('tree'), tie('tree')).map(([a, b]) => `(${a} AND ${b})`) },
      { weight: 2, arbitrary: fc.tuple(tie('tree'), tie('tree')).map(([a, b]) => `(${a} OR ${b})`) },
    ),
  }));
  return tree as fc.Arbitrary<string>;
}

export function caseArbitrary(dialect: SqlDialectUnderTest): fc.Arbitrary<string> {
  const channel = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...CHANNELS).map(sqlString) }, { weight: 1, arbitrary: fc.constant('NULL') });
  const when = fc.tuple(condition(dialect), channel).map(([c, ch]) => `  WHEN ${c} THEN ${ch}`);
  const searched = fc
    .tuple(fc.array(when, { minLength: 1, maxLength: 4 }), fc.option(channel, { nil: undefined }))
    .map(([whens, otherwise]) => ['CASE', ...whens, ...(otherwise === undefined ? [] : [`  ELSE ${otherwise}`]), 'END'].join('\n'));
  // The simple form: CASE x WHEN 'a' THEN … is x = 'a'.
  const simple = fc
    .tuple(valueExpression(dialect), fc.array(fc.tuple(fc.option(literal(dialect), { nil: null, freq: 6 }), channel), { minLength: 1, maxLength: 3 }), fc.option(channel, { nil: undefined }))
    .map(([subject, whens, otherwise]) =>
      [`CASE ${subject}`, ...whens.map(([value, ch]) => `  WHEN ${value === null ? 'NULL' : sqlString(value)} THEN ${ch}`), ...(otherwise === undefined ? [] : [`  ELSE ${otherwise}`]), 'END'].join('\n'),
    );
  return fc.oneof({ weight: 4, arbitrary: searched }, { weight: 1, arbitrary: simple });
}
