// Regexes and case-insensitive literals run in embedded DuckDB and a real PostgreSQL:
// for every pattern and value, the database's answer is JavaScript's (`u` / `iu`).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { negateValueTest, valueTestFor, type ValueTest } from '../../engine/semantics/value-test';
import { compileValueTest } from '../../engine/sql/compile-value-test';
import { DIALECTS } from '../../engine/sql/dialects';
import type { Dialect } from '../../engine/sql/dialect';
import { openDuckDb, type SqlDatabase } from './support/duckdb';
import { openPostgres, postgresUrl } from './support/postgres';
import { evaluateInSql } from './support/predicates';

const PATTERNS = [
  '', 'a', '^a', 'a$', '^$', '^a$', 'go+gle', 'a{2,3}', 'a{2}', 'a{2,}', '(?:go|ogle)+', '(a|)b', '(|a)b', 'a|', '[]', 'a[]|b', '[^]',
  '.', '^.$', '\\.', '\\$', '\\\\', '\\/', '[\\]\\\\\\-^]', '[a-z]', '[^a-z]', '[^a]', '\\d', '\\D', '\\w+', '\\W', '\\s', '\\S', '\\n',
  '\\u2028', '\\ud83d', '\\bgo\\b', '\\Bo', '\\p{L}+$', '\\p{Lu}', '[\\u{10400}-\\u{1044f}]', '𐐀', 'ſ', 'k', 'K', 'ß', 'σ', 'ı', 'İ', 'i',
  // U+0000, which PostgreSQL text cannot hold: a class of only it never matches there (it printed as `[]`).
  'a\\0|b', '\\0', '^a\\0?$', '[\\0a]', '\\x00+', '(?:\\0|\\ud800)x',
  '^(?:www\\.)?google\\.[a-z]{2,3}$', '^(.*cp.*|ppc|retargeting|paid.*)$', "'", "it's", '--', '\\$\\$', '"', '\\{1\\}', '[{}]', '%', '_',
];
const VALUES: (string | null)[] = [
  null, '', 'a', 'A', 'aa', 'aaa', 'b', 'ab', 'ba', 'google', 'GOOGLE', 'gooogle', 'ogleogle', 'go', 'www.google.com', 'google.de', 'Google.CO',
  '.', 'x.y', '$', 'a$', '\\', '/', ']', '-', '^', '\n', 'a\nb', 'a\n', '\r', '\u2028', ' ', '\t', '1', 'a1', '_', 'go-go', 'ego',
  'ſ', 's', 'S', 'k', 'K', '\u212a', 'ß', 'ẞ', 'σ', 'ς', 'Σ', 'ı', 'İ', 'i', 'I', '𐐀', '𐐨', 'é', 'e\u0301', 'Ωmega', "'", "it's", '--',
  '$$', 'a$$b', '"', '{1}', '{', '%', 'cpc', 'paid_social', 'ppc', 'retargeting', 'x\u0000y',
];

function testsFor(pattern: string): ValueTest[] {
  return [false, true].map((ignoreCase) => valueTestFor('matches', false, { kind: 'regex', pattern }, ignoreCase));
}

// U+0000 and a lone surrogate: no PostgreSQL value holds either, no DuckDB value the second,
// so a literal of one equals and occurs in none there, ignoring case or not (refused before).
const LITERALS = ['a', 'Go', 'google', 'ſ', 'K', 'ß', 'σ', 'İ', '𐐀', "it's", '--', '$$', '\\', '\n', 'e\u0301', '', '\u0000', 'x\u0000y', 'a\ud800'];
function literalTests(): ValueTest[] {
  const tests: ValueTest[] = [];
  for (const literal of LITERALS) {
    for (const operator of ['equals', 'contains', 'startsWith', 'endsWith'] as const) {
      for (const ignoreCase of [false, true]) tests.push(valueTestFor(operator, false, { kind: 'string', value: literal }, ignoreCase));
    }
  }
  tests.push(valueTestFor('in', false, { kind: 'strings', values: LITERALS }, true));
  tests.push(valueTestFor('in', false, { kind: 'strings', values: LITERALS }, false));
  tests.push(valueTestFor('in', true, { kind: 'strings', values: LITERALS }, false));
  tests.push(valueTestFor('in', false, { kind: 'strings', values: ['\u0000', 'a\ud800'] }, false));
  tests.push(valueTestFor('in', true, { kind: 'strings', values: [] }, true));
  return tests;
}

/** 3,000 values compared ignoring case, with the VALUES that have cased letters among them. */
function longFoldedList(): ValueTest {
  const values = Array.from({ length: 3000 }, (_, k) => `site${k}.example.com`);
  values.splice(1500, 0, 'GOOGLE', 'ſ', '\u212a', 'ẞ', 'Σ', 'İ', '𐐨');
  return valueTestFor('in', false, { kind: 'strings', values }, true);
}

function jsAnswer(test: ValueTest, value: string | null): boolean {
  // SQL NULL is a missing field.
  if (value === null) return test.missing;
  const strings = test.strings;
  const source =
    strings.kind === 'regex'
      ? strings.pattern
      : strings.kind === 'equals'
        ? (strings.values.length === 0 ? '[]' : `^(?:${strings.values.map(escape).join('|')})$`)
        : strings.kind === 'contains'
          ? escape(strings.value)
          : strings.kind === 'startsWith'
            ? `^(?:${escape(strings.value)})`
            : strings.kind === 'endsWith'
              ? `(?:${escape(strings.value)})$`
              : '';
  return new RegExp(source, test.ignoreCase ? 'iu' : 'u').test(value) !== test.complement;
}

function escape(literal: string): string {
  return literal.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

function describeDatabase(name: string, dialect: Dialect, open: () => Promise<SqlDatabase>, supportsNul: boolean): void {
  describe(`${name}: regexes and literals mean what they mean in JavaScript`, () => {
    let db: SqlDatabase;
    beforeAll(async () => {
      db = await open();
    });
    afterAll(async () => db?.close());
    const values = VALUES.filter((value) => supportsNul || !value?.includes('\u0000'));

    const cases: { label: string; tests: ValueTest[] }[] = [
      ...PATTERNS.map((pattern) => ({ label: `/${pattern}/`, tests: testsFor(pattern) })),
      { label: 'literals (=, contains, starts with, ends with, in; with and without ignoring case)', tests: literalTests() },
      // As one regex it was "too complex" for PostgreSQL and "too large" for DuckDB: asked as an OR of regexes.
      { label: 'an in list of 3,000 values ignoring case, the listed values among them', tests: [longFoldedList(), negateValueTest(longFoldedList())] },
    ];
    for (const { label, tests } of cases) {
      it(label, async () => {
        const compilable = tests.filter((test) => {
          try {
            evaluateInSqlCompileOnly(dialect, test);
            return true;
          } catch (error) {
            // The only refusal expected here: \b / \B ignoring case in RE2.
            expect((error as Error).message).toMatch(/word boundary|\\b|\\B/);
            expect(dialect.regex.name).toMatch(/RE2/);
            return false;
          }
        });
        const results = await evaluateInSql(db, dialect, compilable, values);
        compilable.forEach((test, t) => {
          const expected = values.map((value) => jsAnswer(test, value));
          const mismatches = values.filter((_, r) => results[t]![r] !== expected[r]).map((value) => JSON.stringify(value));
          expect(mismatches, `${JSON.stringify(test)}`).toEqual([]);
        });
      });
    }
  });
}

function evaluateInSqlCompileOnly(dialect: Dialect, test: ValueTest): void {
  // Throws SqlCompileError for constructs the dialect cannot express exactly.
  compileValueTest('"v"', test, dialect);
}

describeDatabase('DuckDB', DIALECTS.duckdb, openDuckDb, true);

const postgres = postgresUrl();
if ('url' in postgres) describeDatabase('PostgreSQL', DIALECTS.postgres, () => openPostgres(postgres.url), false);
else describe.skip(`PostgreSQL (unavailable: ${postgres.unavailable})`, () => it('runs', () => undefined));
