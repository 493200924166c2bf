// The SQL of a rules file full of quoting and case-folding hazards, per dialect and
// format, as reviewed file snapshots; and every dialect's SQL parsed by node-sql-parser
// with that dialect's grammar, so a syntax error fails the test (BigQuery, Snowflake
// and Spark SQL have no engine in the test suite; DuckDB and PostgreSQL also run).

import fs from 'node:fs';
import path from 'node:path';
import { Parser } from 'node-sql-parser';
import { describe, expect, it } from 'vitest';
import { compileRulesText } from '../../cli/load-rules';
import { compileRulesSql, type SqlFormat } from '../../engine/sql/compile-rules-sql';
import { DIALECT_NAMES, type DialectName } from '../../engine/sql/dialect';
import { DIALECTS } from '../../engine/sql/dialects';
import { ATTRIBUTION_MODELS } from '../../engine/report/attribution-models';
import { parseReportSettings } from '../../engine/report/report-settings';
import { compileReportSql, DEFAULT_REPORT_COLUMNS } from '../../engine/sql/compile-report-sql';
import { WAREHOUSE_SOURCES } from '../../engine/sql/warehouse';
import { warehouseColumns, WarehouseSourceError } from '../../engine/sql/warehouse/warehouse-columns';
import { WAREHOUSE_SYSTEMS } from '../../engine/sql/warehouse/warehouse-source';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'sql');

/** node-sql-parser's grammar for each dialect (Spark SQL's grammar descends from Hive's). */
const PARSER_DATABASE: Record<DialectName, string> = {
  duckdb: 'postgresql',
  bigquery: 'bigquery',
  snowflake: 'snowflake',
  postgres: 'postgresql',
  spark: 'hive',
};

function loadFixture(name: string) {
  const file = path.join(FIXTURES, name);
  const loaded = compileRulesText(name, fs.readFileSync(file, 'utf8'));
  const errors = loaded.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  expect(errors.map((error) => error.message)).toEqual([]);
  return loaded;
}

const parser = new Parser();

function parses(sql: string, dialect: DialectName): void {
  // node-sql-parser's grammars lack BigQuery's BIGNUMERIC (its 76-digit NUMERIC) and
  // DuckDB's HUGEINT (128-bit): the type name is all that differs, so the check parses
  // them as NUMERIC. (DuckDB also runs in the tests, which checks its SQL in full.)
  const parsed = sql.replaceAll('AS BIGNUMERIC)', 'AS NUMERIC)').replaceAll('AS HUGEINT)', 'AS NUMERIC)');
  parser.astify(parsed, { database: PARSER_DATABASE[dialect] });
}

describe('the parser check bites', () => {
  it.each(DIALECT_NAMES)('%s: rejects an unterminated string', (dialect) => {
    expect(() => parses("SELECT CASE WHEN x = 'a THEN 'b' END FROM t", dialect)).toThrow();
  });
});

describe.each(['tricky.channels', 'ga4-like.channels'])('%s', (fixture) => {
  const loaded = loadFixture(fixture);
  const base = fixture.replace(/\.channels$/, '');
  for (const dialect of DIALECT_NAMES) {
    it(`${dialect}: SELECT matches its snapshot and parses`, async () => {
      const { sql } = compileRulesSql(loaded.checked, DIALECTS[dialect], { format: 'select', table: 'analytics.events' });
      await expect(sql).toMatchFileSnapshot(`__snapshots__/${base}.${dialect}.sql`);
      parses(sql, dialect);
    });
  }
});

describe('formats', () => {
  const loaded = loadFixture('tricky.channels');
  const formats: [DialectName, SqlFormat][] = [
    ['bigquery', 'expression'],
    ['snowflake', 'dbt'],
    ['spark', 'dbt'],
  ];
  it.each(formats)('%s %s matches its snapshot', async (dialect, format) => {
    const { sql } = compileRulesSql(loaded.checked, DIALECTS[dialect], { format });
    await expect(sql).toMatchFileSnapshot(`__snapshots__/tricky.${dialect}.${format === 'dbt' ? 'dbt.sql' : `${format}.sql`}`);
    if (format === 'expression') parses(`SELECT ${sql} FROM t`, dialect);
  });
});

describe('compile --report', () => {
  const loaded = loadFixture('ga4-like.channels');
  const settings = parseReportSettings({ lookback: '7d', models: ATTRIBUTION_MODELS.join(',') });
  it.each(DIALECT_NAMES)('%s: matches its snapshot and parses', async (dialect) => {
    const { sql } = compileReportSql(loaded.checked, DIALECTS[dialect], {
      settings,
      table: 'analytics.events',
      reportColumns: { ...DEFAULT_REPORT_COLUMNS, order: { kind: 'column', name: 'event_id' } },
    });
    await expect(sql).toMatchFileSnapshot(`__snapshots__/report.${dialect}.sql`);
    parses(sql, dialect);
  });
});

// Every system × dialect with a documented table: the SELECT as a reviewed snapshot (small
// rules, so each file is a screenful), and the SELECT and the report both parsed. The
// other pairs are refused with the module's reason.
describe('compile --from', () => {
  const loaded = loadFixture('vendor.channels');
  const settings = parseReportSettings({ lookback: 'session' });
  const pairs = WAREHOUSE_SYSTEMS.flatMap((system) => DIALECT_NAMES.map((dialect) => [system, dialect] as const));
  const supported = pairs.filter(([system, dialect]) => WAREHOUSE_SOURCES[system].tables[dialect] !== undefined);
  const refused = pairs.filter(([system, dialect]) => WAREHOUSE_SOURCES[system].tables[dialect] === undefined);

  it.each(supported)('%s in %s: matches its snapshot, and the SELECT and the report parse', async (system, dialect) => {
    const vendor = warehouseColumns(WAREHOUSE_SOURCES[system], DIALECTS[dialect], loaded.checked.fields, new Map());
    const { sql } = compileRulesSql(loaded.checked, DIALECTS[dialect], { format: 'select', table: vendor.table, columns: vendor.columns });
    await expect(sql).toMatchFileSnapshot(`__snapshots__/from-${system}.${dialect}.sql`);
    parses(sql, dialect);
    const report = compileReportSql(loaded.checked, DIALECTS[dialect], { settings, table: vendor.table, columns: vendor.columns, reportColumns: vendor.reportColumns });
    parses(report.sql, dialect);
  });

  it.each(refused)('%s in %s: refused with the reason', (system, dialect) => {
    const reason = WAREHOUSE_SOURCES[system].refused[dialect];
    expect(reason).toBeTruthy();
    expect(() => warehouseColumns(WAREHOUSE_SOURCES[system], DIALECTS[dialect], loaded.checked.fields, new Map())).toThrow(WarehouseSourceError);
  });
});
