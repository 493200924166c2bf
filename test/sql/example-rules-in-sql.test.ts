// The example rule files compiled to SQL and run over their sample events in embedded
// DuckDB and a real PostgreSQL: every event gets the engine's channel. The table holds
// what a warehouse would: one column per field the rules test, read with the engine's
// own field lookup (aliases, the derived referring_domain), NULL for missing or null.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRulesText, type LoadedRules } from '../../cli/load-rules';
import type { EventProps } from '../../engine/events/event';
import { fieldAccessor } from '../../engine/events/fields';
import { compileRulesSql } from '../../engine/sql/compile-rules-sql';
import type { Dialect } from '../../engine/sql/dialect';
import { DIALECTS } from '../../engine/sql/dialects';
import { openDuckDb, type SqlDatabase } from './support/duckdb';
import { openPostgres, postgresUrl } from './support/postgres';

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLES = [
  { rules: 'examples/ga4-default.channels', events: 'examples/ga4-sample.ndjson' },
  { rules: 'examples/amplitude-example.channels', events: 'examples/amplitude-example.ndjson' },
  { rules: 'test/fixtures/sql/tricky.channels', events: 'test/fixtures/sql/tricky-events.ndjson' },
];

function load(example: (typeof EXAMPLES)[number]) {
  const rules = compileRulesText(example.rules, fs.readFileSync(path.join(ROOT, example.rules), 'utf8'));
  const events = fs
    .readFileSync(path.join(ROOT, example.events), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EventProps);
  const rows = events.map((props) => rules.checked.fields.map((field) => fieldAccessor(field)(props) ?? null));
  return { rules, rows };
}

/** The engine's channel for the event the table row stands for (NULL = missing). */
function engineChannel(rules: LoadedRules, row: (string | null)[]): string | null {
  const props: EventProps = {};
  rules.checked.fields.forEach((field, i) => {
    if (row[i] !== null) props[field] = row[i];
  });
  return rules.classifier.channelOf(rules.classifier.classify(props));
}

function describeDatabase(name: string, dialect: Dialect, open: () => Promise<SqlDatabase>): void {
  describe(`${name}: example rules over their sample events`, () => {
    let db: SqlDatabase;
    beforeAll(async () => {
      db = await open();
    });
    afterAll(async () => db?.close());
    it.each(EXAMPLES)('$rules', async (example) => {
      const { rules, rows } = load(example);
      await db.load('events', rules.checked.fields, rows);
      const { sql } = compileRulesSql(rules.checked, dialect, { format: 'select' });
      const result = await db.query(`SELECT "channel" FROM (${sql.trim()}) AS classified ORDER BY "id"`);
      const actual = result.map((row) => row[0]);
      const expected = rows.map((row) => engineChannel(rules, row));
      expect(actual).toEqual(expected);
      // The sample exercises the rules: more than one channel comes out.
      expect(new Set(expected).size).toBeGreaterThan(2);
    });
  });
}

describeDatabase('DuckDB', DIALECTS.duckdb, openDuckDb);
const postgres = postgresUrl();
if ('url' in postgres) describeDatabase('PostgreSQL', DIALECTS.postgres, () => openPostgres(postgres.url));
else describe.skip(`PostgreSQL (unavailable: ${postgres.unavailable})`, () => it('runs', () => undefined));
