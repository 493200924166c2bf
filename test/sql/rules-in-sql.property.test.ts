// The compiled CASE expression against the engine: random rule sets and random events;
// every event's channel from the SQL, run in embedded DuckDB and in a real PostgreSQL,
// equals compileClassifier's channel for the same event (a NULL column is a missing field).

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckedRules } from '../../engine/check/checked-rules';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import type { EventProps } from '../../engine/events/event';
import { compileChannelCase } from '../../engine/sql/compile-channel-case';
import type { Dialect } from '../../engine/sql/dialect';
import { DIALECTS } from '../../engine/sql/dialects';
import { openDuckDb, type SqlDatabase } from './support/duckdb';
import { openPostgres, postgresUrl } from './support/postgres';
import { arbitraries, FIELDS, operandStrings } from './support/random-rules';

function engineChannels(rules: CheckedRules, rows: (string | null)[][]): (string | null)[] {
  const classifier = compileClassifier(rules);
  return rows.map((row) => {
    const props: EventProps = {};
    FIELDS.forEach((field, i) => {
      if (row[i] !== null) props[field] = row[i];
    });
    return classifier.channelOf(classifier.classify(props));
  });
}

async function sqlChannels(db: SqlDatabase, dialect: Dialect, rules: CheckedRules, rows: (string | null)[][]): Promise<(string | null)[]> {
  await db.load('events', FIELDS, rows);
  const { sql } = compileChannelCase(rules, dialect, (field) => dialect.identifier(field));
  const result = await db.query(`SELECT ${sql} AS channel FROM events ORDER BY id`);
  return result.map((row) => row[0] as string | null);
}

function describeDatabase(name: string, dialect: Dialect, open: () => Promise<SqlDatabase>, nul: boolean, numRuns: number): void {
  describe(`${name}: compiled rules give the engine's channel`, () => {
    let db: SqlDatabase;
    beforeAll(async () => {
      db = await open();
    });
    afterAll(async () => db?.close());
    const { rules, events } = arbitraries({ nul, nonWordBoundary: dialect.name !== 'duckdb' });

    it('for random rule sets and events', async () => {
      await fc.assert(
        fc.asyncProperty(
          rules.chain((ruleSet) => events(operandStrings(ruleSet)).map((rows) => ({ ruleSet, rows }))),
          async ({ ruleSet, rows }) => {
            const expected = engineChannels(ruleSet, rows);
            const actual = await sqlChannels(db, dialect, ruleSet, rows);
            expect(actual).toEqual(expected);
          },
        ),
        { numRuns },
      );
    });
  });
}

describeDatabase('DuckDB', DIALECTS.duckdb, openDuckDb, true, 200);

const postgres = postgresUrl();
if ('url' in postgres) describeDatabase('PostgreSQL', DIALECTS.postgres, () => openPostgres(postgres.url), false, 150);
else describe.skip(`PostgreSQL (unavailable: ${postgres.unavailable})`, () => it('runs', () => undefined));
