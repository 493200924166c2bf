// `channel-rules compile` as a user runs it: flags, formats, the dbt macro, errors and
// exit codes.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli';

const TRICKY = 'test/fixtures/sql/tricky.channels';

function tempRules(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compile-cli-'));
  const file = path.join(dir, 'rules.channels');
  fs.writeFileSync(file, text);
  return file;
}

describe('channel-rules compile', () => {
  it('prints a SELECT over the events table by default', () => {
    const result = runCli(['compile', TRICKY, '--dialect', 'duckdb']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^SELECT\n {2}\*,\n {2}CASE\n/);
    expect(result.stdout).toMatch(/END AS "channel"\nFROM "events"\n$/);
  });

  it('--format expression prints the CASE alone; --table, --output-column shape the SELECT', () => {
    const expression = runCli(['compile', TRICKY, '--dialect', 'bigquery', '--format', 'expression']);
    expect(expression.stdout).toMatch(/^CASE\n[\s\S]*\nEND\n$/);
    const select = runCli(['compile', TRICKY, '--dialect', 'bigquery', '--table', 'proj.analytics.events', '--output-column', 'ch']);
    expect(select.stdout).toContain('END AS `ch`\nFROM `proj`.`analytics`.`events`\n');
  });

  it('--columns maps fields to columns and to SQL expressions', () => {
    const result = runCli([
      'compile', TRICKY, '--dialect', 'postgres', '--format', 'expression',
      '--columns', 'utm_source=src,referring_domain=(lower(split_part(referrer, \'/\', 3)))',
      '--columns', 'utm_medium=Medium Col',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"src" IN (');
    expect(result.stdout).toContain('RIGHT((lower(split_part(referrer, \'/\', 3))), 9)');
    expect(result.stdout).toContain('"Medium Col" IS NULL');
    expect(result.stdout).not.toContain('"utm_source"');
  });

  it('warns about a --columns field the rules never test', () => {
    const result = runCli(['compile', TRICKY, '--dialect', 'duckdb', '--columns', 'nope=x']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning: --columns maps "nope", which the rules never test');
  });

  it('warns, with the place, where a condition tells null from missing', () => {
    const result = runCli(['compile', TRICKY, '--dialect', 'duckdb']);
    expect(result.stderr).toContain(`${TRICKY}:21:8: SQL has one NULL for a missing field and a JSON null: a NULL "utm_term" is taken as missing`);
  });

  it('--format dbt renders, with the defaults, to the CASE expression', () => {
    const expression = runCli(['compile', TRICKY, '--dialect', 'snowflake', '--format', 'expression']).stdout;
    const macro = runCli(['compile', TRICKY, '--dialect', 'snowflake', '--format', 'dbt', '--macro', 'my_channels']).stdout;
    expect(macro).toContain('{% macro my_channels(columns={}) -%}');
    expect(renderMacro(macro)).toBe(expression.trimEnd());
  });

  it('--format dbt: no rule text can open a Jinja tag', () => {
    const file = tempRules('channel "{{ x }}" when f = "{% if %}{# c #}{{y}}" or f = "{" or f = "{{{"\n');
    const macro = runCli(['compile', file, '--dialect', 'duckdb', '--format', 'dbt']);
    expect(macro.code).toBe(0);
    const body = macroBody(macro.stdout).replaceAll("{{ '{' }}", '').replace(/\{\{ c\["[^"]*"\] \}\}/g, '');
    expect(body).not.toMatch(/\{[{%#]/);
    expect(renderMacro(macro.stdout)).toBe(runCli(['compile', file, '--dialect', 'duckdb', '--format', 'expression']).stdout.trimEnd());
  });

  it('exit 1 with file:line:column when the dialect cannot express a rule', () => {
    const file = tempRules('channel "A"\n  when f matches /\\bgo/\n');
    const result = runCli(['compile', file, '--dialect', 'snowflake']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`channel-rules compile: ${file}:2:8: \\b has no exact equivalent in Snowflake's POSIX regex\n`);
  });

  it('exit 2 for bad usage and for rules with errors', () => {
    expect(runCli(['compile', TRICKY]).stderr).toContain('--dialect is required');
    expect(runCli(['compile', TRICKY, '--dialect', 'mysql']).stderr).toContain('unknown dialect "mysql"');
    expect(runCli(['compile', TRICKY, '--dialect', 'duckdb', '--format', 'yaml']).code).toBe(2);
    expect(runCli(['compile', TRICKY, '--dialect', 'duckdb', '--columns', 'utm_source']).stderr).toContain('expects FIELD=COLUMN');
    const broken = runCli(['compile', tempRules('channel "A" when f = \n'), '--dialect', 'duckdb']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/rules\.channels:\d+:\d+: syntax/);
  });

  it('--output writes the SQL to a file', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'compile-out-')), 'channel.sql');
    const result = runCli(['compile', TRICKY, '--dialect', 'spark', '-o', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^SELECT/);
  });
});

describe('channel-rules compile --report', () => {
  it('prints one query with the report options applied', () => {
    const result = runCli([
      'compile', 'test/fixtures/sql/report.channels', '--report', '--dialect', 'bigquery', '--table', 'p.d.events',
      '--user-column', '(COALESCE(user_id, device_id))', '--time-column', '(UNIX_MILLIS(ts))', '--order-column', 'event_id',
      '--session-timeout', '20m', '--conversion', 'Purchase', '--lookback', 'session', '--models', 'linear,first_touch',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^WITH\n/);
    expect(result.stdout).toContain('CAST((COALESCE(user_id, device_id)) AS STRING) AS u');
    expect(result.stdout).toContain('CAST((UNIX_MILLIS(ts)) AS INT64) AS t');
    expect(result.stdout).toContain('`event_id` AS ord');
    expect(result.stdout).toContain('t - prev_t > 1200000');
    expect(result.stdout).toContain("WHERE et = 'Purchase'");
    expect(result.stdout).toContain('c.s IS NOT NULL AND x.s = c.s');
    expect(result.stdout).toContain("SELECT 0 AS position, 'linear' AS model");
    expect(result.stdout).toContain('FROM `p`.`d`.`events`');
  });

  it.each(['snowflake', 'postgres', 'spark'])('%s: the report in the dialect', (dialect) => {
    const result = runCli(['compile', 'test/fixtures/sql/report.channels', '--report', '--dialect', dialect]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^WITH\n/);
    expect(result.stdout).toContain('exact_totals AS (');
  });

  it('usage errors: --format, report options without --report, bad durations', () => {
    const rules = 'test/fixtures/sql/report.channels';
    expect(runCli(['compile', rules, '--report', '--dialect', 'duckdb', '--format', 'dbt']).stderr).toContain('--format does not apply to --report');
    expect(runCli(['compile', rules, '--dialect', 'duckdb', '--lookback', '7d']).stderr).toContain('--lookback is an option of --report');
    const bad = runCli(['compile', rules, '--report', '--dialect', 'duckdb', '--lookback', '7 days']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid lookback');
  });
});

function macroBody(macro: string): string {
  const start = macro.indexOf('{%- do c.update(columns) -%}\n');
  const end = macro.indexOf('\n{%- endmacro %}');
  expect(start).toBeGreaterThan(0);
  return macro.slice(start + '{%- do c.update(columns) -%}\n'.length, end);
}

/** Renders the macro as Jinja would with no `columns` argument: only the constructs it uses. */
function renderMacro(macro: string): string {
  const defaults = JSON.parse(/\{%- set c = (\{.*\}) -%\}/.exec(macro)![1]!) as Record<string, string>;
  return macroBody(macro)
    .replace(/\{\{ c\[("(?:[^"\\]|\\.)*")\] \}\}|\{\{ '\{' \}\}/g, (match, key?: string) => (key === undefined ? '{' : defaults[JSON.parse(key) as string]!));
}

describe('channel-rules compile --from', () => {
  const rules = 'test/fixtures/sql/vendor.channels';

  it("reads the vendor's columns; --columns, --table and the report's column options override", () => {
    const result = runCli([
      'compile', rules, '--from', 'snowplow', '--dialect', 'postgres', '--report', '--table', 'sp.events',
      '--columns', 'utm_source=(lower(mkt_source))', '--session-column', '(NULL)',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('CAST((COALESCE("user_id", "domain_userid")) AS TEXT) AS u');
    expect(result.stdout).toContain('EXTRACT(EPOCH FROM COALESCE("derived_tstamp", "collector_tstamp"))');
    expect(result.stdout).toContain('(lower(mkt_source)) = \'newsletter\'');
    expect(result.stdout).toContain('("mkt_medium") IN');
    expect(result.stdout).toContain('CAST((NULL) AS TEXT) AS sid');
    expect(result.stdout).toContain('FROM "sp"."events"');
  });

  it('without --report: the SELECT over the default table', () => {
    const result = runCli(['compile', rules, '--from', 'ga4', '--dialect', 'bigquery']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('FROM `events_*`');
    expect(result.stdout).toContain('`collected_traffic_source`.`manual_medium`');
    expect(result.stdout).toContain("FROM UNNEST(`event_params`) WITH OFFSET AS position WHERE key = 'medium'");
  });

  it('refuses, exit 2 on one line: a dialect without a documented table, an unknown or auto system, a derived referring_domain', () => {
    const noTable = runCli(['compile', rules, '--from', 'ga4', '--dialect', 'snowflake', '--report']);
    expect(noTable.code).toBe(2);
    expect(noTable.stderr).toMatch(/^channel-rules compile: --from ga4 has no Snowflake table: Google documents the GA4 export for BigQuery only[^\n]*\n$/);
    const unknown = runCli(['compile', rules, '--from', 'heap', '--dialect', 'duckdb']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown --from "heap"');
    expect(runCli(['compile', rules, '--from', 'auto', '--dialect', 'duckdb']).stderr).toContain('cannot look at the table to guess');
    const domainRules = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'compile-from-')), 'domain.channels');
    fs.writeFileSync(domainRules, 'channel "Search"\n  when referring_domain = "google.com"\n');
    const derived = runCli(['compile', domainRules, '--from', 'snowplow', '--dialect', 'bigquery']);
    expect(derived.code).toBe(2);
    expect(derived.stderr.split('\n')).toHaveLength(2);
    expect(derived.stderr).toContain('map it with --columns referring_domain=COLUMN or (SQL)');
    expect(derived.stderr).toContain('`refr_urlhost`');
    const mapped = runCli(['compile', domainRules, '--from', 'snowplow', '--dialect', 'bigquery', '--columns', 'referring_domain=refr_urlhost']);
    expect(mapped.code).toBe(0);
    expect(mapped.stdout).toContain("WHEN `refr_urlhost` = 'google.com'");
  });
});
