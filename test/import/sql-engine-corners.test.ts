// Corners of the SQL dialects that a random CASE rarely reaches, each imported and run
// by the real engine (DuckDB, PGlite for PostgreSQL) over rows chosen to tell the
// readings apart: the imported rules must give every row the database's channel.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRulesText } from '../../cli/load-rules';
import type { EventProps } from '../../engine/events/event';
import { ImportError } from '../../engine/import/import-error';
import { importSql } from '../../engine/import/sql/import-sql';
import { openDuckDb, type SqlDatabase } from '../sql/support/duckdb';
import { openPglite } from '../support/pglite';

type Corner = [name: string, caseExpression: string, values: (string | null)[]];

function rulesChannels(rulesText: string, values: (string | null)[]): (string | null)[] {
  const loaded = compileRulesText('imported.channels', rulesText);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return values.map((value) => {
    const props: EventProps = value === null ? {} : { f: value };
    return loaded.classifier.channelOf(loaded.classifier.classify(props));
  });
}

function describeEngine(name: string, dialect: 'duckdb' | 'postgres', open: () => Promise<SqlDatabase>, corners: Corner[]): void {
  describe(`${name}: corners imported as the database reads them`, () => {
    let db: SqlDatabase;
    beforeAll(async () => {
      db = await open();
    }, 120_000);
    afterAll(async () => db?.close());

    it.each(corners)('%s', async (_, caseExpression, values) => {
      const rules = importSql(`SELECT ${caseExpression} AS channel FROM events`, { dialect, fileName: 'corner.sql' });
      await db.load('events', ['f'], values.map((value) => [value]));
      const expected = (await db.query(`SELECT ${caseExpression} AS channel FROM events ORDER BY id`)).map((row) => row[0] as string | null);
      expect(rulesChannels(rules, values)).toEqual(expected);
    });
  });
}

describeEngine('PGlite', 'postgres', openPglite, [
  // \x takes every hex digit that follows: '\x41b' is U+041B, not "A" then "b".
  ['\\x reads every hex digit', "CASE WHEN f ~ '^\\x41b$' THEN 'A' ELSE 'Z' END", ['\u041b', 'Ab', 'A', null]],
  ['\\x of one digit', "CASE WHEN f ~ '^\\x4$' THEN 'A' ELSE 'Z' END", ['\u0004', '4', 'x4']],
  ['\\x with leading zeros, in a bracket', "CASE WHEN f ~ '^[\\x00041-\\x1F600]+$' THEN 'A' ELSE 'Z' END", ['AZ', '\u{1f600}', '@', 'A@']],
  ['\\x ended by a non-hex letter', "CASE WHEN f ~ '^\\x41g$' THEN 'A' ELSE 'Z' END", ['Ag', '\u041bg', 'A']],
  // Block comments nest: the WHEN inside is commented out, and so is the `--` that ends the line.
  ['a nested block comment', "CASE WHEN f = 'a' THEN 'A' /* old: /* */ WHEN f = 'b' THEN 'B' -- */\nELSE 'Z' END", ['a', 'b', 'c', null]],
  // PostgreSQL reads a wildcard given as the ESCAPE as an escape, always (DuckDB does not: refused there).
  ['% as the LIKE escape', "CASE WHEN f LIKE 'a%%' ESCAPE '%' THEN 'A' WHEN f LIKE '%%' ESCAPE '%' THEN 'P' ELSE 'Z' END", ['a', 'a%', 'a%%', '%', '', 'ab']],
  ['_ as the LIKE escape', "CASE WHEN f LIKE 'a__' ESCAPE '_' THEN 'A' WHEN f LIKE 'b_%' ESCAPE '_' THEN 'B' ELSE 'Z' END", ['a', 'a_', 'ab', 'b%', 'b', 'bx']],
  // regexp_like is strict: NULL options make it NULL, so the WHEN is never taken.
  ['regexp_like with NULL options', "CASE WHEN regexp_like(f, 'a', NULL) THEN 'A' ELSE 'Z' END", ['a', 'b', null]],
  // A value's LOWER / UPPER may be longer than it: a regex with alternatives after them is
  // matched one branch at a time (as fractribution's `REGEXP_CONTAINS(LOWER(campaign), r'brand|generic')`).
  [
    'a regex with alternatives after LOWER and UPPER',
    "CASE WHEN lower(f) ~ 'brand|^(cpc|ppc)$' THEN 'A' WHEN NOT upper(f) ~ '(DOG|BOX)(X|$)' THEN 'N' ELSE 'Z' END",
    ['BRAND', 'xBrAnDx', 'CPC', 'ppcx', 'cpc ppc', 'dog', 'DOGx', 'Box', 'boxY', '\u0130', '', null],
  ],
]);

describeEngine('DuckDB', 'duckdb', openDuckDb, [
  // Block comments nest: the WHEN inside is commented out, and so is the `--` that ends the line.
  ['a nested block comment', "CASE WHEN f = 'a' THEN 'A' /* old: /* */ WHEN f = 'b' THEN 'B' -- */\nELSE 'Z' END", ['a', 'b', 'c', null]],
  // RE2's \x takes exactly two hex digits.
  ['\\x of two digits in RE2', "CASE WHEN regexp_full_match(f, '\\x41b') THEN 'A' ELSE 'Z' END", ['Ab', '\u041b']],
]);

describe('DuckDB: NULL regex options', () => {
  let db: SqlDatabase;
  beforeAll(async () => {
    db = await openDuckDb();
  }, 120_000);
  afterAll(async () => db?.close());

  // DuckDB stops the query ("Regex options field must not be NULL") where PostgreSQL gives
  // NULL: no rules classify as the query does, so the import refuses it at the NULL.
  it.each(['regexp_matches', 'regexp_full_match'])('%s(f, r, NULL) is refused, as DuckDB refuses to run it', async (fn) => {
    const caseExpression = `CASE WHEN ${fn}(f, 'a', NULL) THEN 'A' ELSE 'Z' END`;
    await db.load('events', ['f'], [['a']]);
    await expect(db.query(`SELECT ${caseExpression} AS channel FROM events`)).rejects.toThrow(/must not be NULL/);
    const refusal = (() => {
      try {
        importSql(`SELECT ${caseExpression} AS channel FROM events`, { dialect: 'duckdb', fileName: 'corner.sql' });
      } catch (error) {
        return error as ImportError;
      }
      return undefined;
    })();
    expect(refusal).toBeInstanceOf(ImportError);
    expect(refusal!.message).toContain(`${fn.toUpperCase()} with NULL options`);
    // At the NULL, after `SELECT CASE WHEN <fn>(f, 'a', `.
    expect(refusal!.where).toBe(`1:${'SELECT CASE WHEN '.length + fn.length + "(f, 'a', ".length + 1}`);
  });
});

