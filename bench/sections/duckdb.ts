// The same report in DuckDB (the embedded @duckdb/node-api), over the same file: the
// channel is engine/sql's compiled CASE for the rules, the rest is bench/duckdb-report.
// This is what "compile the rules to SQL and run them in the warehouse" costs on one
// machine, for comparison with the engine's own report.

import { createRequire } from 'node:module';
import { parseReportSettings } from '../../engine/report/report-settings';
import { compileChannelCase } from '../../engine/sql/compile-channel-case';
import { DIALECTS } from '../../engine/sql/dialects/index';
import { duckdbReportQueries } from '../duckdb-report';
import { loadBenchRules } from '../load-bench-rules';
import { timed, type Figure } from '../measure';
import type { BenchSection } from '../section';

// Loaded at run time, not bundled: DuckDB is a native addon that esbuild cannot inline.
type DuckdbApi = typeof import('@duckdb/node-api');
const loadDuckdb = (): DuckdbApi => createRequire(__filename)('@duckdb/node-api') as DuckdbApi;

export const DUCKDB_FIGURE = 'DuckDB full report';

export const duckdbSection: BenchSection = {
  name: 'duckdb',
  title: 'the same report as DuckDB SQL (compiled CASE + sessions/attribution SQL) on the same file',
  async run(context) {
    const { checked } = loadBenchRules(context.rulesFile);
    const dialect = DIALECTS.duckdb;
    const compiled = await timed(() => compileChannelCase(checked, dialect, (field) => dialect.identifier(field), { indent: '         ' }));
    const channel = compiled.value;
    const settings = parseReportSettings({});
    if (settings.lookback.kind !== 'window') throw new Error('the DuckDB comparison needs a window lookback');
    const queries = duckdbReportQueries({
      file: context.eventsFile,
      channelExpression: channel.sql,
      fields: checked.fields,
      conversion: settings.conversion,
      lookbackMs: settings.lookback.duration.ms,
      sessionTimeoutMs: settings.sessionTimeout.ms,
      halfLifeMs: settings.halfLife.ms,
    });

    const instance = await loadDuckdb().DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const threads = (await connection.runAndReadAll(`SELECT current_setting('threads')`)).getRows()[0]?.[0];
    const figures: Figure[] = [];
    const total = await timed(async () => {
      const labels = ['read_json into a table', 'fields (aliases, times)', 'classify + sessions'];
      for (const [i, statement] of queries.setup.entries()) {
        const step = await timed(() => connection.run(statement));
        figures.push({ label: `  ${labels[i] ?? `setup ${i + 1}`}`, seconds: step.seconds, events: context.eventCount });
      }
      for (const name of ['channels', 'sessions', 'attribution'] as const) {
        const step = await timed(() => connection.runAndReadAll(queries[name]));
        figures.push({ label: `  ${name} query`, seconds: step.seconds, detail: `${step.value.getRows().length} rows` });
      }
    });
    connection.closeSync();
    instance.closeSync();
    return [
      { label: 'compile rules to DuckDB SQL', seconds: compiled.seconds, detail: `${channel.sql.length.toLocaleString('en-US')} characters of SQL` },
      { label: DUCKDB_FIGURE, seconds: total.seconds, events: context.eventCount, detail: `DuckDB threads: ${String(threads)}` },
      ...figures,
    ];
  },
};
