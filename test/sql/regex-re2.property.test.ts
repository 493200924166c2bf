// The regex subset against a real RE2 (DuckDB's regexp_matches, embedded):
// - the checker accepts a pattern exactly when RE2 accepts it, on random patterns in the
//   syntax both share, built to hit RE2's repeat limits (counts up to 1000, and nested
//   counts whose product is at most 1000: re2/parse.cc's RepetitionWalker), except for
//   patterns over the engine's own size limit (MAX_REGEX_STATES), refused on purpose;
// - for accepted patterns, the compiled SQL finds a match in DuckDB exactly when the
//   engine's LinearRegex does (and so RegExp: test/semantics/linear-regex.property.test.ts).

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { regexProblems } from '../../engine/check/regex-subset';
import { LinearRegex } from '../../engine/semantics/linear-regex';
import { valueTestFor } from '../../engine/semantics/value-test';
import { compileValueTest } from '../../engine/sql/compile-value-test';
import { DIALECTS } from '../../engine/sql/dialects';
import { SqlCompileError } from '../../engine/sql/sql-compile-error';
import { randomRegex, randomValue } from '../semantics/random-regex';
import { openDuckDb, type SqlDatabase } from './support/duckdb';
import { evaluateInSql } from './support/predicates';

const COUNTS = [0, 1, 2, 3, 4, 9, 10, 11, 99, 100, 101, 250, 251, 333, 334, 500, 999, 1000, 1001];

/** Patterns in the syntax RE2 and JavaScript (`u`) share, heavy in counted repeats. */
function repeatPattern(): fc.Arbitrary<string> {
  const count = fc.constantFrom(...COUNTS);
  const quantifier = fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom('', '*', '+', '?') },
    { weight: 3, arbitrary: count.map((n) => `{${n}}`) },
    { weight: 1, arbitrary: count.map((n) => `{${n},}`) },
    { weight: 2, arbitrary: fc.tuple(count, count).map(([n, m]) => `{${n},${m}}`) },
  );
  const { regex } = fc.letrec<{ regex: string; atom: string }>((tie) => ({
    regex: fc
      .array(fc.array(tie('atom'), { minLength: 1, maxLength: 3 }).map((atoms) => atoms.join('')), { minLength: 1, maxLength: 2 })
      .map((alternatives) => alternatives.join('|')),
    atom: fc
      .tuple(
        fc.oneof(
          { depthSize: 'small', withCrossShrink: true },
          fc.constantFrom('a', 'b', '[a-c]', '\\d'),
          tie('regex').map((body) => `(?:${body})`),
          tie('regex').map((body) => `(${body})`),
        ),
        quantifier,
      )
      .map(([atom, q]) => atom + q),
  }));
  return regex;
}

async function re2Accepts(db: SqlDatabase, pattern: string): Promise<boolean> {
  try {
    await db.query(`SELECT regexp_matches('', '${pattern.replaceAll("'", "''")}')`);
    return true;
  } catch (error) {
    expect((error as Error).message, pattern).toMatch(/repetition|regex|pattern/i);
    return false;
  }
}

describe('DuckDB (RE2): the regex subset is checked as RE2 checks it', () => {
  let db: SqlDatabase;
  beforeAll(async () => {
    db = await openDuckDb();
  });
  afterAll(async () => db?.close());

  it('chosen patterns at the limits', async () => {
    const patterns = ['^(a{10}){101}$', '^(a{10}){100}$', '(a{3}){334}', '(a{3}){333}', '((a{2}){2}){251}', '((a{2}){2}){250}',
      '(a{2}|b{600}){2}', '(a{2}|b{500}){2}', 'a{1000}', 'a{1001}', '(?:a{0}){1000}', '(?:a{0,}){1000}', '(?:a{2,}){501}',
      '(a*){1000}', '(a+){2}', '(?:a{1000}b{1000}){1}', 'a{3,2}', '(?:a{10}){10}(?:b{10}){10}'];
    for (const pattern of patterns) {
      expect(regexProblems(pattern).length === 0, pattern).toBe(await re2Accepts(db, pattern));
    }
  });

  it('random patterns: the checker accepts exactly when RE2 does (within the engine size limit)', async () => {
    await fc.assert(
      fc.asyncProperty(repeatPattern(), async (pattern) => {
        const problems = regexProblems(pattern);
        // The engine's own limit (docs/language.md): RE2 accepts some of these, and they are refused on purpose.
        if (problems.some((problem) => problem.message.startsWith('this regex is too large'))) {
          expect(problems).toHaveLength(1);
          expect(await re2Accepts(db, pattern), pattern).toBe(true);
          return;
        }
        expect(problems.length === 0, pattern).toBe(await re2Accepts(db, pattern));
      }),
      { numRuns: 300 },
    );
  });

  it("RE2's \\B matches between the bytes of a character outside ASCII, the engine's never does (why \\B is refused)", async () => {
    // In "1😀k" every place between two characters (and both ends) is a word boundary.
    const rows = await db.query(`SELECT regexp_matches('1😀k', '\\B') AS inside, regexp_matches('ab', '\\B') AS between_words`);
    expect(rows).toEqual([[true, true]]);
    expect([new LinearRegex('\\B', false).test('1😀k'), new LinearRegex('\\B', false).test('ab')]).toEqual([false, true]);
  });

  it('random accepted patterns: the compiled SQL matches what the engine matches', async () => {
    const noLoneSurrogate = (value: string) => !/\p{Cs}/u.test(value);
    await fc.assert(
      fc.asyncProperty(
        randomRegex().filter((pattern) => regexProblems(pattern).length === 0),
        fc.boolean(),
        fc.array(randomValue(), { minLength: 1, maxLength: 6 }).map((values) => values.filter(noLoneSurrogate)),
        async (pattern, ignoreCase, values) => {
          const test = valueTestFor('matches', false, { kind: 'regex', pattern }, ignoreCase);
          try {
            compileValueTest('"v"', test, DIALECTS.duckdb);
          } catch (error) {
            // What RE2 cannot express exactly: \B, and \b ignoring case (docs/sql.md).
            expect(error).toBeInstanceOf(SqlCompileError);
            expect((error as Error).message).toMatch(/word boundar|\\b|\\B/);
            return;
          }
          const [results] = await evaluateInSql(db, DIALECTS.duckdb, [test], values);
          const regex = new LinearRegex(pattern, ignoreCase);
          values.forEach((value, i) => expect(results![i], `/${pattern}/${ignoreCase ? 'i' : ''} on ${JSON.stringify(value)}`).toBe(regex.test(value)));
        },
      ),
      { numRuns: 40 },
    );
  });
});
