// `compile --from`: the report SQL over a vendor's own table equals the engine's report
// on the same events. GA4 export rows saved as JSON (and as Parquet) are read by DuckDB
// as they are (STRUCTs, LISTs, types inferred per file); Snowplow atomic events rows and
// PostHog batch export rows (JSONB properties) run in PostgreSQL (PGlite, and a real
// server when there is one). The expected report is the
// engine's on the plain events SPEC §3.2's mapping makes of the rows (./support/vendor-rows).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRulesText } from '../../cli/load-rules';
import type { EventProps } from '../../engine/events/event';
import { parseReportSettings, type ReportOptionsText } from '../../engine/report/report-settings';
import { runReport } from '../../engine/report/run-report';
import { compileReportSql } from '../../engine/sql/compile-report-sql';
import { DIALECTS } from '../../engine/sql/dialects';
import { WAREHOUSE_SOURCES } from '../../engine/sql/warehouse';
import { warehouseColumns } from '../../engine/sql/warehouse/warehouse-columns';
import { runCli } from '../support/run-cli';
import { openDuckDb, type SqlDatabase } from './support/duckdb';
import { openPglite } from '../support/pglite';
import { openPostgres, postgresUrl } from './support/postgres';
import { reportFromRows } from './support/report-table';
import {
  ga4PlainEvent, ga4Rows, posthogPlainEvent, posthogRows, SNOWPLOW_COLUMNS, snowplowPlainEvent, snowplowRows, type Ga4Row, type PosthogRow, type SnowplowRow,
} from './support/vendor-rows';

const RULES = `channel "Paid Search"
  when utm_medium = "cpc" and gclid is set
channel "Email"
  when utm_medium = "email" or utm_source = "mail"
channel "Referral"
  when referrer starts with "https://"
channel "Titled"
  when event_params.page_title = "Cart"
channel "Spring"
  when utm_campaign = "spring" ignoring case
`;

const settingsText = fc.record({
  sessionTimeout: fc.constantFrom('5m', '10m'),
  lookback: fc.constantFrom('10m', '30m', 'session'),
  halfLife: fc.constantFrom('5m', '1h'),
  conversion: fc.constantFrom('purchase', 'sign_up'),
  models: fc.constantFrom('first_touch,last_touch,linear,participation,position_based,j_shaped,inverse_j_shaped,time_decay', 'linear,time_decay'),
});

/** `report --from SYSTEM` on the rows themselves: the engine's own reading of the system's records (SPEC §3.2). */
async function engineReportFrom(system: 'ga4' | 'snowplow', rulesText: string, rows: readonly object[], options: ReportOptionsText) {
  const rules = compileRulesText('rules.channels', rulesText);
  const text = rows.map((row) => JSON.stringify(row)).join('\n');
  const result = await runReport({
    source: { text, format: 'ndjson' },
    classifier: rules.classifier,
    settings: parseReportSettings(options),
    eventFields: { from: system },
  });
  const { unassigned: _, eventSource: __, ...report } = result.report! as typeof result.report & { eventSource?: string };
  return report;
}

async function engineReport(rulesText: string, events: EventProps[], options: ReportOptionsText) {
  const rules = compileRulesText('rules.channels', rulesText);
  const text = events.map((props) => JSON.stringify(props)).join('\n');
  // The SQL report has no SPEC §9 unassigned section (docs/sql.md).
  const { unassigned: _, ...report } = (await runReport({ source: { text, format: 'ndjson' }, classifier: rules.classifier, settings: parseReportSettings(options) })).report!;
  return report;
}

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'channel-rules-warehouse-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

describe('GA4 export rows in DuckDB: compile --from ga4 --report equals the report on the mapped events', () => {
  let db: SqlDatabase;
  beforeAll(async () => {
    db = await openDuckDb();
  });
  afterAll(async () => db?.close());

  /** The rows as an export saved as NDJSON (or converted to Parquet), read by DuckDB as table `events`. */
  async function loadGa4(rows: Ga4Row[], parquet: boolean): Promise<void> {
    const file = path.join(TMP, 'export.ndjson');
    fs.writeFileSync(file, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
    await db.query(`CREATE OR REPLACE TABLE events AS SELECT * FROM read_json('${file}', format = 'newline_delimited')`);
    if (parquet) {
      const parquetFile = path.join(TMP, 'export.parquet');
      await db.query(`COPY events TO '${parquetFile}' (FORMAT parquet)`);
      await db.query(`CREATE OR REPLACE TABLE events AS SELECT * FROM read_parquet('${parquetFile}')`);
    }
  }

  async function sqlReport(rows: Ga4Row[], options: ReportOptionsText, parquet: boolean) {
    const rules = compileRulesText('rules.channels', RULES);
    const settings = parseReportSettings(options);
    await loadGa4(rows, parquet);
    const vendor = warehouseColumns(WAREHOUSE_SOURCES.ga4, DIALECTS.duckdb, rules.checked.fields, new Map());
    const { sql } = compileReportSql(rules.checked, DIALECTS.duckdb, {
      table: 'events',
      columns: vendor.columns,
      settings,
      reportColumns: { ...vendor.reportColumns, order: { kind: 'column', name: 'batch_event_index' } },
    });
    return reportFromRows(await db.query(sql), settings.conversion, settings.lookback.text);
  }

  it('random rows, random settings, NDJSON and Parquet', async () => {
    await fc.assert(
      fc.asyncProperty(ga4Rows(), settingsText, fc.boolean(), async (rows, options, parquet) => {
        const expected = await engineReport(RULES, rows.map(ga4PlainEvent), options);
        expect(await sqlReport(rows, options, parquet)).toEqual(expected);
        // The same as `report --from ga4` on the rows as exported.
        expect(await engineReportFrom('ga4', RULES, rows, options)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  }, 300_000);

  it('through the CLI: compile --from ga4 --dialect duckdb --report over a saved export', async () => {
    const rows = fc.sample(ga4Rows(25), { numRuns: 1, seed: 13 })[0]!;
    const rulesFile = path.join(TMP, 'rules.channels');
    fs.writeFileSync(rulesFile, RULES);
    const cli = runCli(['compile', rulesFile, '--from', 'ga4', '--dialect', 'duckdb', '--report', '--order-column', 'batch_event_index', '--lookback', 'session']);
    expect(cli.code).toBe(0);
    await loadGa4(rows, false);
    const actual = reportFromRows(await db.query(cli.stdout), 'purchase', 'session');
    expect(actual).toEqual(await engineReport(RULES, rows.map(ga4PlainEvent), { lookback: 'session' }));
    expect(actual).toEqual(await engineReportFrom('ga4', RULES, rows, { lookback: 'session' }));
  });
});

function describePostgres(name: string, open: () => Promise<SqlDatabase>, runs: number) {
  describe(`${name}: compile --from snowplow|posthog --report equals the report on the mapped events`, () => {
    let db: SqlDatabase;
    beforeAll(async () => {
      db = await open();
    }, 120_000);
    afterAll(async () => db?.close());

    /** The rows as Snowplow's PostgreSQL loader types them (timestamps, text). */
    async function loadSnowplow(rows: SnowplowRow[]): Promise<void> {
      await db.load('snowplow_text', SNOWPLOW_COLUMNS, rows.map((row) => SNOWPLOW_COLUMNS.map((column) => row[column])));
      const typed = SNOWPLOW_COLUMNS.map((column) =>
        column.endsWith('_tstamp') ? `CAST("${column}" AS TIMESTAMP) AS "${column}"` : column === 'event_order' ? `CAST("${column}" AS INTEGER) AS "${column}"` : `"${column}"`,
      );
      await db.query('DROP TABLE IF EXISTS snowplow_events');
      await db.query(`CREATE TABLE snowplow_events AS SELECT ${typed.join(', ')} FROM snowplow_text`);
    }

    it.each([
      ['session ids', true],
      ['timeout sessions', false],
    ])('Snowplow atomic events rows, random settings, %s', async (_, withSessions) => {
      const rules = compileRulesText('rules.channels', RULES.replace(/channel "Titled"\n.*\n/, ''));
      await fc.assert(
        fc.asyncProperty(snowplowRows(withSessions), settingsText, async (rows, options) => {
          const settings = parseReportSettings(options);
          await loadSnowplow(rows);
          const vendor = warehouseColumns(WAREHOUSE_SOURCES.snowplow, DIALECTS.postgres, rules.checked.fields, new Map());
          const { sql } = compileReportSql(rules.checked, DIALECTS.postgres, {
            table: 'snowplow_events',
            columns: vendor.columns,
            settings,
            reportColumns: { ...vendor.reportColumns, order: { kind: 'column', name: 'event_order' } },
          });
          const actual = reportFromRows(await db.query(sql), settings.conversion, settings.lookback.text);
          expect(actual).toEqual(await engineReport(rules.text, rows.map(snowplowPlainEvent), options));
          // The same as `report --from snowplow` on the rows as JSON.
          expect(await engineReportFrom('snowplow', rules.text, rows, options)).toEqual(actual);
        }),
        { numRuns: runs },
      );
    }, 300_000);

    // PostHog's events model: JSONB properties read with ->>, a timestamptz time, and a
    // non-canonical field (`plan`, text or a number) read from properties as the engine
    // shows container keys without their prefix.
    it('PostHog batch export rows (JSONB properties), random settings', async () => {
      const rulesText = `channel "Email"\n  when utm_medium = "email" or utm_source = "mail"\nchannel "Referral"\n  when referrer starts with "https://"\nchannel "Pro"\n  when plan in ["pro", "2"]\n`;
      const rules = compileRulesText('rules.channels', rulesText);
      await fc.assert(
        fc.asyncProperty(posthogRows, settingsText, async (rows: PosthogRow[], options) => {
          const settings = parseReportSettings(options);
          await db.load('posthog_text', ['event', 'distinct_id', 'timestamp', 'properties', 'event_order'], rows.map((row) => [row.event, row.distinct_id, row.timestamp, JSON.stringify(row.properties), String(row.event_order)]));
          await db.query('DROP TABLE IF EXISTS posthog_events');
          await db.query('CREATE TABLE posthog_events AS SELECT "event", "distinct_id", CAST("timestamp" AS TIMESTAMPTZ) AS "timestamp", CAST("properties" AS JSONB) AS "properties", CAST("event_order" AS INTEGER) AS "event_order" FROM posthog_text');
          const vendor = warehouseColumns(WAREHOUSE_SOURCES.posthog, DIALECTS.postgres, rules.checked.fields, new Map());
          const { sql } = compileReportSql(rules.checked, DIALECTS.postgres, {
            table: 'posthog_events',
            columns: vendor.columns,
            settings,
            reportColumns: { ...vendor.reportColumns, order: { kind: 'column', name: 'event_order' } },
          });
          const actual = reportFromRows(await db.query(sql), settings.conversion, settings.lookback.text);
          expect(actual).toEqual(await engineReport(rulesText, rows.map(posthogPlainEvent), options));
        }),
        { numRuns: runs },
      );
    }, 300_000);
  });
}

describePostgres('PostgreSQL in PGlite', openPglite, 40);
const postgres = postgresUrl();
if ('url' in postgres) describePostgres('PostgreSQL server', () => openPostgres(postgres.url), 30);
else describe.skip(`PostgreSQL server (unavailable: ${postgres.unavailable})`, () => it('runs', () => undefined));
