// What a dialect cannot express exactly is an error naming the construct, never
// different SQL.

import { describe, expect, it } from 'vitest';
import { valueTestFor, type ValueTest } from '../../engine/semantics/value-test';
import { compileValueTest } from '../../engine/sql/compile-value-test';
import type { DialectName } from '../../engine/sql/dialect';
import { DIALECTS } from '../../engine/sql/dialects';
import { SqlCompileError } from '../../engine/sql/sql-compile-error';

const matches = (pattern: string, ignoreCase = false) => valueTestFor('matches', false, { kind: 'regex', pattern }, ignoreCase);
const equals = (value: string) => valueTestFor('equals', false, { kind: 'string', value }, false);

const REFUSED: [string, DialectName[], ValueTest, RegExp][] = [
  ['\\b ignoring case in RE2 (ſ and K are JS word characters under iu)', ['duckdb', 'bigquery'], matches('\\bgo', true), /ſ \(U\+017F\) and K \(U\+212A\)/],
  ['\\b in Snowflake', ['snowflake'], matches('\\bgo'), /\\b has no exact equivalent in Snowflake/],
  ['\\B in Snowflake', ['snowflake'], matches('a\\B'), /\\B has no exact equivalent/],
  // RE2 reads UTF-8 bytes: its \B also matches between the bytes of "😀" (found by the DuckDB property test).
  ['\\B in RE2', ['duckdb', 'bigquery'], matches('\\B|a'), /\\B: RE2 \(\w+\) also matches it between the bytes of a character outside ASCII/],
  ['a count above RE2 limit', ['duckdb', 'bigquery'], matches('a{1001}'), /exceeds RE2 \(\w+\)'s limit of 1000/],
  ['a count above ARE limit', ['postgres', 'snowflake'], matches('a{256}'), /limit of 255/],
  ['lookahead', ['duckdb', 'bigquery', 'snowflake', 'postgres', 'spark'], matches('a(?=b)'), /lookaround/],
  ['backreference', ['duckdb', 'bigquery', 'snowflake', 'postgres', 'spark'], matches('(a)\\1'), /backreference/],
  [
    'a literal ignoring case too long for one regex a database compiles',
    ['duckdb', 'bigquery', 'snowflake', 'postgres', 'spark'],
    valueTestFor('contains', false, { kind: 'string', value: 'k'.repeat(30_000) }, true),
    /compared ignoring case, this needs a regex of [\d,]+ characters, more than the 65,536 that databases are sure to compile/,
  ],
];

describe.each(REFUSED)('%s', (_, dialects, test, message) => {
  it.each(dialects)('%s refuses it', (dialect) => {
    let error: unknown;
    try {
      compileValueTest('"v"', test, DIALECTS[dialect]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SqlCompileError);
    expect((error as Error).message).toMatch(message);
  });
});

describe('what the other dialects accept', () => {
  it.each([
    ['\\b ignoring case in PostgreSQL and Spark (lookarounds on the exact word class)', ['postgres', 'spark'], matches('\\bgo', true)],
    ['\\b in RE2', ['duckdb', 'bigquery'], matches('\\bgo')],
    ['a count of 1000 in RE2', ['duckdb', 'bigquery'], matches('a{1000}')],
    ['U+0000 in DuckDB, BigQuery and Spark', ['duckdb', 'bigquery', 'spark'], equals('a\u0000b')],
  ] as [string, DialectName[], ValueTest][])('%s', (_, dialects, test) => {
    for (const dialect of dialects) expect(() => compileValueTest('"v"', test, DIALECTS[dialect])).not.toThrow();
  });
});

describe('a class of only characters no value can hold', () => {
  // U+0000 in PostgreSQL and Snowflake text: such a class was printed `[]` (PostgreSQL's
  // "brackets [] not balanced") and `()` (Snowflake: the empty string, so /a\0|b/ matched "a").
  it.each(['postgres', 'snowflake'] as DialectName[])('never matches in %s: a branch of it is dropped, a regex of it is FALSE', (dialect) => {
    expect(compileValueTest('"v"', matches('\\0'), DIALECTS[dialect]).sql).toBe('FALSE');
    expect(compileValueTest('"v"', matches('(?:\\0|\\ud800)x'), DIALECTS[dialect]).sql).toBe('FALSE');
    const branch = compileValueTest('"v"', matches('a\\0|b'), DIALECTS[dialect]).sql;
    expect(branch).not.toMatch(/\[\]|\(\)|\ba\b/);
    expect(branch).toMatch(/b/);
  });

  it.each(['duckdb', 'bigquery', 'spark'] as DialectName[])('is U+0000 itself in %s, whose text holds it', (dialect) => {
    expect(compileValueTest('"v"', matches('a\\0|b'), DIALECTS[dialect]).sql).toMatch(/x\{0\}/);
  });
});

describe('a literal holding a character no text of the dialect can hold', () => {
  // It equals and occurs in no value there, as the regex of the same comparison ignoring
  // case says; it was refused ("cannot hold") when case-sensitive.
  const literal = (operator: 'equals' | 'contains' | 'startsWith' | 'endsWith', value: string) => valueTestFor(operator, false, { kind: 'string', value }, false);
  const list = (values: string[], negated = false) => valueTestFor('in', negated, { kind: 'strings', values }, false);
  const cases: [string, DialectName[], string][] = [
    ['U+0000', ['postgres', 'snowflake'], 'a\u0000b'],
    ['a lone surrogate', ['duckdb', 'bigquery', 'snowflake', 'postgres', 'spark'], 'a\ud800'],
  ];
  describe.each(cases)('%s', (_, dialects, value) => {
    it.each(dialects)('%s: =, contains, starts with and ends with never apply; an in list keeps its other values', (dialect) => {
      for (const operator of ['equals', 'contains', 'startsWith', 'endsWith'] as const) {
        expect(compileValueTest('"v"', literal(operator, value), DIALECTS[dialect]).sql).toBe('FALSE');
      }
      const kept = compileValueTest('"v"', list([value, 'cpc']), DIALECTS[dialect]).sql;
      expect(kept).toMatch(/'cpc'/);
      expect(kept).not.toMatch(/\\u0000|chr\(0\)|\\0|\\x00/i);
      expect(compileValueTest('"v"', list([value]), DIALECTS[dialect]).sql).toBe('FALSE');
      // `not in` holds for a missing field too (SPEC §2.3), and for every value.
      expect(compileValueTest('"v"', list([value], true), DIALECTS[dialect]).sql).toBe('TRUE');
    });
  });
});

describe('a long list compared ignoring case', () => {
  // One regex of a 10,000-value list (739 KB) was "too complex" for PostgreSQL and
  // "too large" for DuckDB at query time; test/sql/regex-in-sql runs the chunks for real.
  const values = Array.from({ length: 10_000 }, (_, k) => `site${k}.example.com`);
  it.each(['duckdb', 'bigquery', 'snowflake', 'postgres', 'spark'] as const)('%s: an OR of regexes, none longer than 65,536 characters', (dialect) => {
    const sql = compileValueTest('"v"', valueTestFor('in', false, { kind: 'strings', values }, true), DIALECTS[dialect]).sql;
    const literals = sql.match(/'(?:[^']|'')*'/g) ?? [];
    expect(literals.length).toBeGreaterThan(10);
    for (const literal of literals) expect(literal.length).toBeLessThanOrEqual(65_536 + 2);
  });

  it.each(['duckdb', 'postgres'] as const)('%s: Greek values, whose classes print long, are split until each regex fits', (dialect) => {
    const letters = 'βκσωθρμεπφ';
    const greek = Array.from({ length: 400 }, (_, k) => `${(letters + letters).slice(10 - (k % 10), 18 - (k % 10))}-${k}`);
    const sql = compileValueTest('"v"', valueTestFor('in', false, { kind: 'strings', values: greek }, true), DIALECTS[dialect]).sql;
    const literals = sql.match(/'(?:[^']|'')*'/g) ?? [];
    expect(literals.length).toBeGreaterThan(1);
    // Each pattern is at most 65,536 characters; PostgreSQL's literal doubles some backslashes.
    for (const literal of literals) expect(literal.replace(/\\\\/g, '\\').length).toBeLessThanOrEqual(65_536 + 2);
  });
});
