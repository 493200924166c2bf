// Imported SQL classifiers against the SQL itself: random CASE expressions (random
// operators, NULLs, regexes, LIKE patterns, LOWER / UPPER / COALESCE, nested AND / OR /
// NOT), imported with the duckdb dialect and run by embedded DuckDB, and with the
// postgres dialect and run by PGlite (and the real server when there is one, as in
// test/sql). Every row's channel from the database must equal the imported rules'
// channel for the same event (a NULL column is a missing field). Refusals are allowed
// (import says why) but must stay a minority, or the test would prove little.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRulesText } from '../../cli/load-rules';
import type { EventProps } from '../../engine/events/event';
import { ImportError } from '../../engine/import/import-error';
import { importSql } from '../../engine/import/sql/import-sql';
import { openDuckDb, type SqlDatabase } from '../sql/support/duckdb';
import { openPostgres, postgresUrl } from '../sql/support/postgres';
import { openPglite } from '../support/pglite';
import { caseArbitrary, COLUMNS, rowsArbitrary, type SqlDialectUnderTest } from './support/random-sql';

function rulesChannels(rulesText: string, rows: (string | null)[][]): (string | null)[] {
  const loaded = compileRulesText('imported.channels', rulesText);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return rows.map((row) => {
    const props: EventProps = {};
    COLUMNS.forEach((column, i) => {
      if (row[i] !== null) props[column] = row[i];
    });
    return loaded.classifier.channelOf(loaded.classifier.classify(props));
  });
}

function describeDialect(name: string, dialect: SqlDialectUnderTest, open: () => Promise<SqlDatabase>, numRuns: number): void {
  describe(`${name}: imported ${dialect} CASE classifiers give the database's channel`, () => {
    let db: SqlDatabase;
    beforeAll(async () => {
      db = await open();
    }, 120_000);
    afterAll(async () => db?.close());

    it('for random classifiers and rows', async () => {
      let imported = 0;
      let refused = 0;
      const reasons = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(caseArbitrary(dialect), rowsArbitrary, async (sql, rows) => {
          let rules: string;
          try {
            rules = importSql(sql, { dialect, fileName: 'random.sql' });
          } catch (error) {
            if (!(error instanceof ImportError)) throw error;
            refused++;
            const reason = error.message.replace(/".*/s, '').slice(0, 60);
            reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
            return;
          }
          imported++;
          await db.load('events', COLUMNS, rows);
          const query = `SELECT ${sql.replaceAll('{{ g }}', 'g')} AS channel FROM events t ORDER BY id`;
          const expected = (await db.query(query)).map((row) => row[0] as string | null);
          const actual = rulesChannels(rules, rows);
          if (JSON.stringify(actual) !== JSON.stringify(expected)) {
            expect({ sql, rules, rows, actual }).toEqual({ sql, rules, rows, actual: expected });
          }
        }),
        { numRuns },
      );
      // Most random classifiers must import, or the property proves little.
      expect(imported, `refusals: ${JSON.stringify([...reasons])}`).toBeGreaterThan(refused);
      if (process.env.CHANNEL_RULES_IMPORT_STATS) console.log(name, { imported, refused, reasons: [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 8) });
    }, 300_000);
  });
}

describeDialect('DuckDB', 'duckdb', openDuckDb, 250);
describeDialect('PGlite', 'postgres', openPglite, 200);

const postgres = postgresUrl();
if ('url' in postgres) describeDialect('PostgreSQL', 'postgres', () => openPostgres(postgres.url), 100);
else describe.skip(`PostgreSQL server (unavailable: ${postgres.unavailable})`, () => it('runs', () => undefined));
