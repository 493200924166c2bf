// The benchmark's DuckDB report (engine/sql's CASE + bench/duckdb-report's SQL) and the
// engine's report agree on the example data, figure by figure, so the benchmark compares
// like with like (and each side checks the other).
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { parseReportSettings } from '../../engine/report/report-settings';
import type { ChannelReport } from '../../engine/report/report';
import { runReport } from '../../engine/report/run-report';
import { compileChannelCase } from '../../engine/sql/compile-channel-case';
import { DIALECTS } from '../../engine/sql/dialects/index';
import { duckdbReportQueries } from '../../bench/duckdb-report';
import { EXAMPLES, loadExample } from './load-example';

type Row = Record<string, string | number | null>;

async function duckdbReport(rulesName: string, eventsName: string, options: { conversion?: string; lookback?: string }) {
  const { checked } = loadExample(rulesName);
  const settings = parseReportSettings(options);
  if (settings.lookback.kind !== 'window') throw new Error('window lookbacks only');
  const dialect = DIALECTS.duckdb;
  const queries = duckdbReportQueries({
    file: path.join(EXAMPLES, eventsName),
    channelExpression: compileChannelCase(checked, dialect, (field) => dialect.identifier(field)).sql,
    fields: checked.fields,
    conversion: settings.conversion,
    lookbackMs: settings.lookback.duration.ms,
    sessionTimeoutMs: settings.sessionTimeout.ms,
    halfLifeMs: settings.halfLife.ms,
  });
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    for (const statement of queries.setup) await connection.run(statement);
    const read = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJson() as Row[];
    return { channels: await read(queries.channels), sessions: await read(queries.sessions), attribution: await read(queries.attribution) };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The engine's report in the DuckDB queries' row shapes (rows with no counts left out, as the SQL does). */
function engineRows(report: ChannelReport) {
  const channels: string[] = [];
  for (const row of report.channels) {
    if (row.totals === 0) continue;
    channels.push(`${row.channel} | * | ${row.uniques} | ${row.totals}`);
    for (const [type, counts] of Object.entries(row.byEventType)) channels.push(`${row.channel} | ${type} | ${counts.uniques} | ${counts.totals}`);
  }
  const sessions = report.sessions
    .filter((row) => row.totals > 0)
    .map((row) => `${row.channel} | ${row.totals} | ${row.entries} | ${row.exits} | ${report.sessionCount}`);
  const attribution = Object.entries(report.attribution.models).flatMap(([model, rows]) =>
    rows.filter((row) => row.totals > 0).map((row) => `${model} | ${row.channel} | ${row.uniques} | ${row.totals}`),
  );
  return { channels: channels.sort(), sessions: sessions.sort(), attribution: attribution.sort() };
}

function sqlRows(result: Awaited<ReturnType<typeof duckdbReport>>) {
  const n = (value: string | number | null) => Number(value);
  return {
    channels: result.channels.map((row) => `${row.channel} | ${row.event_kind ?? '*'} | ${n(row.uniques)} | ${n(row.totals)}`).sort(),
    sessions: result.sessions
      .map((row) => `${row.channel} | ${n(row.totals)} | ${n(row.entries)} | ${n(row.exits)} | ${n(row.session_count)}`)
      .sort(),
    attribution: result.attribution.map((row) => `${row.model} | ${row.channel} | ${n(row.uniques)} | ${n(row.totals)}`).sort(),
  };
}

const CASES: Array<[string, string, { conversion?: string; lookback?: string }]> = [
  ['ga4-default.channels', 'ga4-sample.ndjson', {}],
  ['amplitude-example.channels', 'amplitude-example.ndjson', { conversion: 'Purchase', lookback: '20m' }],
];

describe('the DuckDB report of the benchmark', () => {
  it.each(CASES)('%s on %s matches the engine figure by figure', async (rulesName, eventsName, options) => {
    const { classifier } = loadExample(rulesName);
    const engine = await runReport({ source: { path: path.join(EXAMPLES, eventsName) }, classifier, settings: parseReportSettings(options) });
    const sql = sqlRows(await duckdbReport(rulesName, eventsName, options));
    const expected = engineRows(engine.report!);
    expect(sql.channels).toEqual(expected.channels);
    expect(sql.sessions).toEqual(expected.sessions);
    expect(sql.attribution).toEqual(expected.attribution);
  });
});
