// `compile --report` against `report --format json`: the report SQL run in embedded
// DuckDB, in PGlite (PostgreSQL in WebAssembly, in-process) and in a real PostgreSQL
// server when there is one, over the events table, gives the engine's report: on the
// example files (through the CLI) and on random events with random settings and model
// lists (fast-check, in-process).

import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRulesText } from '../../cli/load-rules';
import type { EventProps } from '../../engine/events/event';
import { parseReportSettings, type ReportOptionsText } from '../../engine/report/report-settings';
import { runReport } from '../../engine/report/run-report';
import { ATTRIBUTION_MODELS } from '../../engine/report/attribution-models';
import { compileReportSql } from '../../engine/sql/compile-report-sql';
import type { Dialect } from '../../engine/sql/dialect';
import { DIALECTS } from '../../engine/sql/dialects';
import { runCli } from '../support/run-cli';
import { openDuckDb, type SqlDatabase } from './support/duckdb';
import { openPglite } from '../support/pglite';
import { openPostgres, postgresUrl } from './support/postgres';
import { loadReportTable, reportFromRows, TABLE_REPORT_COLUMNS } from './support/report-table';

const ROOT = path.join(__dirname, '..', '..');

function readNdjson(file: string): EventProps[] {
  return fs
    .readFileSync(path.join(ROOT, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EventProps);
}

async function sqlReport(db: SqlDatabase, dialect: Dialect, rulesText: string, events: EventProps[], options: ReportOptionsText) {
  const rules = compileRulesText('rules.channels', rulesText);
  const settings = parseReportSettings(options);
  await loadReportTable(db, rules.checked, events);
  const { sql } = compileReportSql(rules.checked, dialect, { settings, reportColumns: TABLE_REPORT_COLUMNS });
  return reportFromRows(await db.query(sql), settings.conversion, settings.lookback.text);
}

const EXAMPLES: { rules: string; events: string; flags: string[]; options: ReportOptionsText }[] = [
  {
    rules: 'examples/amplitude-example.channels',
    events: 'examples/amplitude-example.ndjson',
    flags: ['--conversion', 'Purchase', '--lookback', '20m'],
    options: { conversion: 'Purchase', lookback: '20m' },
  },
  {
    rules: 'examples/ga4-default.channels',
    events: 'examples/ga4-sample.ndjson',
    flags: ['--session-timeout', '20m', '--lookback', '7d', '--half-life', '1.5d'],
    options: { sessionTimeout: '20m', lookback: '7d', halfLife: '1.5d' },
  },
  {
    rules: 'examples/ga4-default.channels',
    events: 'examples/ga4-sample.ndjson',
    flags: ['--lookback', 'session', '--models', 'time_decay,first_touch,participation'],
    options: { lookback: 'session', models: 'time_decay,first_touch,participation' },
  },
  {
    rules: 'test/fixtures/sql/report.channels',
    events: 'test/fixtures/sql/report-sessions.ndjson',
    flags: ['--lookback', 'session'],
    options: { lookback: 'session' },
  },
  {
    rules: 'test/fixtures/sql/report.channels',
    events: 'test/fixtures/sql/report-sessions.ndjson',
    flags: ['--lookback', '1h', '--conversion', 'signup'],
    options: { lookback: '1h', conversion: 'signup' },
  },
];

// Random events over few users and a short time range, so that ties, session gaps,
// conversions at equal times and sessions by id all happen.
const RULES = `channel "A"
  when src = "a"
channel "B"
  when src = "b" or src = "ab"
channel "A"
  when src = "ab2"
otherwise "O"
channel "Never"
  when src = "never"
`;
const RULES_NO_OTHERWISE = RULES.replace('otherwise "O"\n', '');

const event = (withSessions: boolean) =>
  fc.record(
    {
      user_id: fc.oneof({ weight: 8, arbitrary: fc.constantFrom('u1', 'u2', 'u3', 7) }, { weight: 1, arbitrary: fc.constant(null) }),
      time: fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0, max: 40 }).map((minute) => minute * 60_000) }, { weight: 1, arbitrary: fc.constant('not a time') }),
      event_type: fc.constantFrom('page', 'page', 'purchase', 'signup', null),
      src: fc.constantFrom('a', 'b', 'ab', 'ab2', 'x', 'never'),
      session_id: withSessions ? fc.constantFrom('s1', 's2', -1, '-1', null, 3) : fc.constant(undefined),
    },
    { requiredKeys: ['user_id', 'time'] },
  ).map((record) => {
    const props: EventProps = { ...record };
    if (props.session_id === undefined) delete props.session_id;
    return props;
  });

// Model lists: all eight (the default) half the time, else a random non-empty subset in random order.
const models = fc.oneof(
  fc.constant(undefined),
  fc.shuffledSubarray([...ATTRIBUTION_MODELS], { minLength: 1 }).map((list) => list.join(',')),
);

const settingsText = fc.record(
  {
    sessionTimeout: fc.constantFrom('5m', '10m', '2.5m', '90s'),
    lookback: fc.constantFrom('10m', '30m', 'session', '0ms', '1.5m'),
    halfLife: fc.constantFrom('5m', '1h', '45s'),
    conversion: fc.constantFrom('purchase', 'signup'),
    models,
  },
  { requiredKeys: ['sessionTimeout', 'lookback', 'halfLife', 'conversion'] },
).map((options): ReportOptionsText => {
  const { models: list, ...rest } = options;
  return list === undefined ? rest : { ...rest, models: list };
});


function describeDatabase(name: string, dialect: Dialect, open: () => Promise<SqlDatabase>, runs: number) {
  describe(`${name}: the report SQL equals the engine's report`, () => {
    let db: SqlDatabase;
    beforeAll(async () => {
      db = await open();
    }, 120_000);
    afterAll(async () => db?.close());

    it.each(EXAMPLES)('$rules on $events $flags equals `report --format json`', async (example) => {
      const cli = runCli(['report', example.rules, '--events', example.events, '--format', 'json', ...example.flags]);
      expect(cli.code).toBe(0);
      // The SQL report has neither the unassigned patterns nor whose export the events were.
      const { unassigned: _, eventSource: __, ...expected } = JSON.parse(cli.stdout);
      const actual = await sqlReport(db, dialect, fs.readFileSync(path.join(ROOT, example.rules), 'utf8'), readNdjson(example.events), example.options);
      expect(actual).toEqual(expected);
    });

    // Linear credits 1/3 + 1/384 = 0.3359375 exactly: on a half-millionth, so the engine
    // rounds it up to 0.335938, while the scaled sum (every fraction rounded up) lies a
    // hair above it and cannot tell "on" from "just below": the query stops with a message.
    // Three conversions of 1/3 each make exactly 1, which the query rounds exactly.
    it('exact credits: a sum on a rounding boundary stops the query; thirds add up to 1', async () => {
      const rulesText = 'channel "A"\n  when src = "a"\nchannel "B"\n  when src = "b"\n';
      const touches = (user: string, start: number, sources: string[]): EventProps[] =>
        sources.map((src, i) => ({ user_id: user, time: start + i, event_type: 'page', src }));
      const onBoundary: EventProps[] = [
        ...touches('u1', 0, ['a', 'b', 'b']),
        { user_id: 'u1', time: 10, event_type: 'purchase' },
        ...touches('u2', 0, ['a', ...Array<string>(383).fill('b')]),
        { user_id: 'u2', time: 1000, event_type: 'purchase' },
      ];
      const options = { models: 'linear' };
      const rules = compileRulesText('rules.channels', rulesText);
      const text = onBoundary.map((props) => JSON.stringify(props)).join('\n');
      const engine = (await runReport({ source: { text, format: 'ndjson' }, classifier: rules.classifier, settings: parseReportSettings(options) })).report!;
      expect(engine.attribution.models.linear!.find((row) => row.channel === 'A')!.totals).toBe(0.335938);
      await expect(sqlReport(db, dialect, rulesText, onBoundary, options)).rejects.toThrow(/within 10\^-24 of a rounding boundary/);

      const thirds: EventProps[] = ['u1', 'u2', 'u3'].flatMap((user) => [
        ...touches(user, 0, ['a', 'b', 'b']),
        { user_id: user, time: 10, event_type: 'purchase' },
      ]);
      const actual = await sqlReport(db, dialect, rulesText, thirds, options);
      expect(actual.attribution.models.linear).toEqual([
        { channel: 'A', uniques: 3, totals: 1 },
        { channel: 'B', uniques: 3, totals: 2 },
      ]);
    });

    // PostgreSQL's POWER raises "value out of range: underflow" where 2^x is 0 in a double:
    // a touch 1,075 half-lives or more older than the conversion's youngest stopped the query.
    it('time decay: touches 1,074, 1,075 and 3,000 half-lives older weigh what they weigh in a double', async () => {
      const rulesText = 'channel "A"\n  when src = "a"\nchannel "B"\n  when src = "b"\n';
      const user = (id: string, first: number, last: number): EventProps[] => [
        { user_id: id, time: first, event_type: 'page', src: 'a' },
        { user_id: id, time: last, event_type: 'page', src: 'b' },
        { user_id: id, time: last, event_type: 'purchase' },
      ];
      const events = [...user('u1', 1, 1075), ...user('u2', 0, 1075), ...user('u3', 0, 3000)];
      const options = { halfLife: '1ms', models: 'time_decay,linear' };
      const rules = compileRulesText('rules.channels', rulesText);
      const text = events.map((props) => JSON.stringify(props)).join('\n');
      const { unassigned: _, ...expected } = (await runReport({ source: { text, format: 'ndjson' }, classifier: rules.classifier, settings: parseReportSettings(options) })).report!;
      expect(expected.attribution.models.time_decay).toEqual([
        { channel: 'A', uniques: 3, totals: 0 },
        { channel: 'B', uniques: 3, totals: 3 },
      ]);
      expect(await sqlReport(db, dialect, rulesText, events, options)).toEqual(expected);
    });

    it.each([
      ['timeout sessions', false],
      ['session ids', true],
    ])('random events and settings, %s', async (_, withSessions) => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(event(withSessions), { minLength: 0, maxLength: 40 }),
          settingsText,
          fc.boolean(),
          async (events, options, otherwise) => {
            const rulesText = otherwise ? RULES : RULES_NO_OTHERWISE;
            const rules = compileRulesText('rules.channels', rulesText);
            const settings = parseReportSettings(options);
            const text = events.map((props) => JSON.stringify(props)).join('\n');
            const { unassigned: _, ...expected } = (await runReport({ source: { text, format: 'ndjson' }, classifier: rules.classifier, settings })).report!;
            const actual = await sqlReport(db, dialect, rulesText, events, options);
            expect(actual).toEqual(expected);
          },
        ),
        { numRuns: runs },
      );
    }, 300_000);
  });
}

describeDatabase('DuckDB', DIALECTS.duckdb, openDuckDb, 100);
describeDatabase('PostgreSQL in PGlite', DIALECTS.postgres, openPglite, 60);

const postgres = postgresUrl();
if ('url' in postgres) describeDatabase('PostgreSQL server', DIALECTS.postgres, () => openPostgres(postgres.url), 60);
else describe.skip(`PostgreSQL server (unavailable: ${postgres.unavailable})`, () => it('runs', () => undefined));
