// BigQuery, Snowflake and Spark SQL have no engine in the test suite: their imports are
// checked against expectations worked out by hand from each dialect's documentation
// (the comments say why each event gets its channel).

import { describe, expect, it } from 'vitest';
import { compileRulesText } from '../../cli/load-rules';
import type { EventProps } from '../../engine/events/event';
import { importSql } from '../../engine/import/sql/import-sql';
import type { DialectName } from '../../engine/sql/dialect';

function channels(sql: string, dialect: DialectName, events: EventProps[]): (string | null)[] {
  const rules = compileRulesText('imported.channels', importSql(sql, { dialect, fileName: 'model.sql' }));
  expect(rules.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return events.map((event) => rules.classifier.channelOf(rules.classifier.classify(event)));
}

describe('BigQuery', () => {
  const sql = String.raw`
SELECT CASE
  WHEN REGEXP_CONTAINS(source, r'^(google|bing)\.') AND medium = "cpc" THEN 'Paid Search'
  WHEN LOWER(medium) = 'email' THEN 'Email'
  WHEN medium LIKE 'social\\_%' THEN 'Social'  # '\\_' is \_ : an escaped underscore
  WHEN source IN ('news', NULL) THEN 'Newsletter'
  WHEN NOT (source <> 'direct') THEN 'Direct'
  ELSE 'Other'
END AS channel FROM t`;
  it('classifies as BigQuery does', () => {
    const cases: [EventProps, string | null][] = [
      [{ source: 'google.com', medium: 'cpc' }, 'Paid Search'],
      // REGEXP_CONTAINS is case-sensitive; the NULL of `IN ('news', NULL)` does not fire; NOT (FALSE) fires nothing either.
      [{ source: 'Google.com', medium: 'cpc' }, 'Other'],
      [{ medium: 'eMail' }, 'Email'],
      // LOWER('İ') is two characters (i + U+0307) in BigQuery: not 'email'.
      [{ medium: 'EMAİL' }, 'Other'],
      [{ medium: 'social_fb' }, 'Social'],
      [{ medium: 'socialXfb' }, 'Other'],
      [{ source: 'news' }, 'Newsletter'],
      [{ source: 'direct' }, 'Direct'],
      // Every WHEN is NULL (never TRUE) for an event without fields.
      [{}, 'Other'],
      [{ source: null, medium: null }, 'Other'],
    ];
    expect(channels(sql, 'bigquery', cases.map(([event]) => event))).toEqual(cases.map(([, channel]) => channel));
  });
});

describe('BigQuery: a regex with alternatives after LOWER', () => {
  // fractribution's channel definitions (github.com/google/fractribution, py/templates/channel_definitions.sql).
  const sql = String.raw`
CASE
  WHEN LOWER(medium) IN ('cpc', 'ppc') AND REGEXP_CONTAINS(LOWER(campaign), r'brand') THEN 'Brand'
  WHEN LOWER(medium) IN ('cpc', 'ppc') AND NOT REGEXP_CONTAINS(LOWER(campaign), r'brand|generic') THEN 'Other'
  WHEN REGEXP_CONTAINS(LOWER(campaign), r'^(video|you(tube|tu\.be))$') THEN 'Video'
END`;
  it('classifies as BigQuery does', () => {
    const cases: [EventProps, string | null][] = [
      [{ medium: 'CPC', campaign: 'Spring_BRAND' }, 'Brand'],
      [{ medium: 'cpc', campaign: 'Generic-2' }, null],
      [{ medium: 'ppc', campaign: 'x' }, 'Other'],
      // LOWER('İ') is i and a combining dot in BigQuery: 'GENERİC' lowers to no 'generic'.
      [{ medium: 'ppc', campaign: 'GENER\u0130C' }, 'Other'],
      // A NULL campaign makes the NOT NULL: no rule fires.
      [{ medium: 'cpc' }, null],
      [{ campaign: 'YouTube' }, 'Video'],
      [{ campaign: 'youtu.be' }, 'Video'],
      [{ campaign: 'VIDEO' }, 'Video'],
      [{ campaign: 'youtubes' }, null],
    ];
    expect(channels(sql, 'bigquery', cases.map(([event]) => event))).toEqual(cases.map(([, channel]) => channel));
  });
});

describe('BigQuery: .* after LOWER and UPPER', () => {
  // GA4's paid-medium regex after LOWER, as replicas of the default channel group write it.
  const sql = String.raw`
CASE
  WHEN REGEXP_CONTAINS(LOWER(medium), r'^(.*cp.*|ppc|paid.*)$') THEN 'Paid'
  WHEN REGEXP_CONTAINS(UPPER(source), r'^GO.*X$') THEN 'Go'
END`;
  it('classifies as BigQuery does', () => {
    const cases: [EventProps, string | null][] = [
      [{ medium: 'CPC' }, 'Paid'],
      [{ medium: 'xCPm' }, 'Paid'],
      [{ medium: 'Paid_Social' }, 'Paid'],
      // RE2's . is no line feed, and $ is the end of the value.
      [{ medium: 'paid\n' }, null],
      [{ medium: 'c\ncp' }, null],
      // LOWER('İ') is i and a combining dot, two characters that .* takes.
      [{ medium: '\u0130CP\u0130' }, 'Paid'],
      [{ medium: 'pp' }, null],
      [{ source: 'gobox' }, 'Go'],
      // UPPER('ß') is SS, two characters that .* takes.
      [{ source: 'Go\u00dfx' }, 'Go'],
      [{ source: 'gox\n' }, null],
      [{ source: 'bgox' }, null],
    ];
    expect(channels(sql, 'bigquery', cases.map(([event]) => event))).toEqual(cases.map(([, channel]) => channel));
  });
});

describe('Snowflake', () => {
  const sql = String.raw`
CASE
  WHEN REGEXP_LIKE(utm_source, 'google|bing') THEN 'Search'
  WHEN utm_source RLIKE '.*facebook.*' THEN 'Social'
  WHEN utm_medium ILIKE 'e%mail' THEN 'Email'
  WHEN utm_medium LIKE 'a\\%' THEN 'Backslash'
  WHEN utm_campaign = $$it's$$ THEN 'Dollar'
END`;
  it('classifies as Snowflake does', () => {
    const cases: [EventProps, string | null][] = [
      // REGEXP_LIKE and RLIKE match the whole value.
      [{ utm_source: 'google' }, 'Search'],
      [{ utm_source: 'google.com' }, null],
      [{ utm_source: 'm.facebook.com' }, 'Social'],
      [{ utm_medium: 'E-Mail' }, 'Email'],
      // LIKE has no escape character unless ESCAPE says so: 'a\\%' is a, a backslash, then anything.
      [{ utm_medium: 'a\\b' }, 'Backslash'],
      [{ utm_medium: 'a%' }, null],
      [{ utm_campaign: "it's" }, 'Dollar'],
    ];
    expect(channels(sql, 'snowflake', cases.map(([event]) => event))).toEqual(cases.map(([, channel]) => channel));
  });

  it('reads RLIKE(x, r[, params]) as REGEXP_LIKE, its alias', () => {
    const functions = String.raw`
CASE
  WHEN RLIKE(utm_source, 'a.*') THEN 'A'
  WHEN rlike(utm_medium, 'cpc', 'i') THEN 'Paid'
  WHEN RLIKE(utm_campaign, 'x', 'c') THEN 'X'
END`;
    const cases: [EventProps, string | null][] = [
      // A match of the whole value, and . is no newline without the s parameter.
      [{ utm_source: 'abc' }, 'A'],
      [{ utm_source: 'ba' }, null],
      [{ utm_source: 'a\nb' }, null],
      // i: case-insensitive; c: case-sensitive.
      [{ utm_medium: 'CPC' }, 'Paid'],
      [{ utm_medium: 'cpc2' }, null],
      [{ utm_campaign: 'x' }, 'X'],
      [{ utm_campaign: 'X' }, null],
    ];
    expect(channels(functions, 'snowflake', cases.map(([event]) => event))).toEqual(cases.map(([, channel]) => channel));
  });
});

describe('Spark SQL', () => {
  const sql = String.raw`
CASE
  WHEN utm_source RLIKE 'goo' THEN 'Search'
  WHEN utm_medium RLIKE '^cpc$' THEN 'Paid'
  WHEN utm_medium LIKE 'a\\_b' THEN 'Escaped'
  WHEN utm_campaign = "spring" THEN 'Spring'
  ELSE NULL
END`;
  it('classifies as Spark does', () => {
    const cases: [EventProps, string | null][] = [
      // RLIKE finds the pattern anywhere.
      [{ utm_source: 'Xgoo' }, 'Search'],
      [{ utm_medium: 'cpc' }, 'Paid'],
      // Java's $ also matches before a final line terminator.
      [{ utm_medium: 'cpc\n' }, 'Paid'],
      [{ utm_medium: 'cpc\nx' }, null],
      // '\\_' is \_ after string escapes; LIKE's default escape is the backslash.
      [{ utm_medium: 'a_b' }, 'Escaped'],
      [{ utm_medium: 'axb' }, null],
      // Double quotes make a string in Spark SQL.
      [{ utm_campaign: 'spring' }, 'Spring'],
    ];
    expect(channels(sql, 'spark', cases.map(([event]) => event))).toEqual(cases.map(([, channel]) => channel));
  });

  it('reads rlike(x, r) and regexp(x, r) as the RLIKE operator (one expression in Spark SQL)', () => {
    const functions = String.raw`
CASE
  WHEN rlike(utm_source, 'goo') THEN 'Search'
  WHEN RLIKE(utm_medium, '^cpc$') THEN 'Paid'
  WHEN regexp(utm_campaign, 'a.b') THEN 'Campaign'
END`;
    const cases: [EventProps, string | null][] = [
      // Found anywhere, as find() does.
      [{ utm_source: 'Xgoo' }, 'Search'],
      [{ utm_source: 'GOO' }, null],
      // Java's $ also matches before a final line terminator.
      [{ utm_medium: 'cpc\n' }, 'Paid'],
      [{ utm_medium: 'cpc\nx' }, null],
      // Java's . is no line terminator (\u0085 among them).
      [{ utm_campaign: 'xaxbx' }, 'Campaign'],
      [{ utm_campaign: 'a\u0085b' }, null],
    ];
    expect(channels(functions, 'spark', cases.map(([event]) => event))).toEqual(cases.map(([, channel]) => channel));
  });
});

describe('the imported file', () => {
  it('has one when per WHEN with a comment naming its line, IN as lists, and formatted text', () => {
    const sql = ['select', '  case', "    when medium in ('cpc', 'ppc') then 'Paid'", '    -- a comment', "    when {{ src }} = 'x' then 'X'", '  end', 'from {{ ref("e") }}'].join('\n');
    expect(importSql(sql, { dialect: 'duckdb', fileName: 'model.sql' })).toBe(
      [
        '# imported from model.sql (SQL, duckdb) by channel-rules import',
        '',
        'channel "Paid"',
        '  # from model.sql:3',
        '  when medium in ["cpc", "ppc"]',
        '',
        'channel "X"',
        '  # from model.sql:5',
        '  when src = "x"',
        '',
      ].join('\n'),
    );
  });
});
