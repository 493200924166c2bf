// `compile --report` against `report --format json`: the report SQL run in embedded
// DuckDB over the events table gives the engine's report, on the example files (through
// the CLI) and on random events (fast-check, in-process).

import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRulesText } from '../../cli/load-rules';
import type { EventProps } from '../../engine/events/event';
import { parseReportSettings, type ReportOptionsText } from '../../engine/report/report-settings';
import { runReport } from '../../engine/report/run-report';
import { compileReportSql } from '../../engine/sql/compile-report-sql';
import { DIALECTS } from '../../engine/sql/dialects';
import { runCli } from '../support/run-cli';
import { openDuckDb, type SqlDatabase } from './support/duckdb';
import { loadReportTable, reportFromRows, TABLE_REPORT_COLUMNS } from './support/report-table';

const ROOT = path.join(__dirname, '..', '..');

let db: SqlDatabase;
beforeAll(async () => {
  db = await openDuckDb();
});
afterAll(async () => db?.close());

function readNdjson(file: string): EventProps[] {
  return fs
    .readFileSync(path.join(ROOT, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EventProps);
}

async function sqlReport(rulesText: string, events: EventProps[], options: ReportOptionsText) {
  const rules = compileRulesText('rules.channels', rulesText);
  const settings = parseReportSettings(options);
  await loadReportTable(db, rules.checked, events);
  const { sql } = compileReportSql(rules.checked, DIALECTS.duckdb, { settings, reportColumns: TABLE_REPORT_COLUMNS });
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

describe('the report SQL in DuckDB equals `report --format json`', () => {
  it.each(EXAMPLES)('$rules on $events $flags', async (example) => {
    const cli = runCli(['report', example.rules, '--events', example.events, '--format', 'json', ...example.flags]);
    expect(cli.code).toBe(0);
    // The SQL report has no SPEC §9 unassigned section (docs/sql.md); the rest must be equal.
    const { unassigned: _, ...expected } = JSON.parse(cli.stdout);
    const actual = await sqlReport(fs.readFileSync(path.join(ROOT, example.rules), 'utf8'), readNdjson(example.events), example.options);
    expect(actual).toEqual(expected);
  });
});

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

const settingsText = fc.record({
  sessionTimeout: fc.constantFrom('5m', '10m', '2.5m'),
  lookback: fc.constantFrom('10m', '30m', 'session', '0ms'),
  halfLife: fc.constantFrom('5m', '1h'),
  conversion: fc.constantFrom('purchase', 'signup'),
});

describe('the report SQL in DuckDB equals the engine on random events', () => {
  it.each([
    ['timeout sessions', false],
    ['session ids', true],
  ])('%s', async (_, withSessions) => {
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
          const actual = await sqlReport(rulesText, events, options);
          expect(actual).toEqual(expected);
        },
      ),
      { numRuns: 120 },
    );
  });
});
