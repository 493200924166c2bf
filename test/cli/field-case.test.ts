// Warehouse exports (Snowflake, Oracle) name unquoted columns in upper case: USER_ID,
// UTM_MEDIUM. Names match exactly, so such a file read as having no user (every line
// skipped) or, mapped, as never having the rules' utm_medium (everything unassigned),
// without a word. Each name the run needs that the deciding record has only in another
// ASCII case is now said once on stderr, with the `--map` that reads it.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzip, zipBuffer } from '../support/containers';
import { runCli } from '../support/run-cli';

const RULES = 'channel "Paid"\n  when utm_medium = "cpc"\n';
const USER = 'channel-rules: warning: no user field (user_id, device_id); the events have USER_ID (field names match exactly; --map user=USER_ID)';
const TIME =
  'channel-rules: warning: no time field (time, timestamp, event_time, client_event_time); the events have EVENT_TIME (field names match exactly; --map time=EVENT_TIME)';
const MEDIUM = 'channel-rules: warning: the rules test utm_medium; the events have UTM_MEDIUM (field names match exactly; --map utm_medium=UTM_MEDIUM)';
const MAPPED = ['--map', 'user=USER_ID', '--map', 'time=EVENT_TIME'];
const ROWS = 300;

let dir: string;
let rules: string;
const files: Record<string, string> = {};

const warnings = (stderr: string): string[] => stderr.split('\n').filter((line) => line.startsWith('channel-rules: warning:'));

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cr-field-case-'));
  rules = path.join(dir, 'r.channels');
  writeFileSync(rules, RULES);
  const rows = Array.from({ length: ROWS }, (_, i) => ({ USER_ID: `u${i % 7}`, EVENT_TIME: `2024-01-01 10:${String(i % 60).padStart(2, '0')}:00.000`, UTM_MEDIUM: i % 2 === 0 ? 'cpc' : 'email' }));
  const csv = `USER_ID,EVENT_TIME,UTM_MEDIUM\n${rows.map((row) => `${row.USER_ID},${row.EVENT_TIME},${row.UTM_MEDIUM}`).join('\n')}\n`;
  const ndjson = `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`;
  const write = (name: string, data: string | Buffer): void => {
    files[name] = path.join(dir, name);
    writeFileSync(files[name], data);
  };
  write('snow.csv', csv);
  write('snow.ndjson', ndjson);
  write('snow.json', `[\n${rows.map((row) => JSON.stringify(row)).join(',\n')}\n]\n`);
  write('snow.ndjson.gz', gzip(ndjson));
  write('snow.zip', await zipBuffer([{ kind: 'file', name: 'day.csv', data: Buffer.from(csv) }]));
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  files['snow.parquet'] = path.join(dir, 'snow.parquet');
  // Upper-case names as Snowflake unloads them; row groups of 2,048 (DuckDB's least), so two threads read two.
  await connection.run(`COPY (
      SELECT 'u' || (i % 7) AS "USER_ID", TIMESTAMP '2024-01-01 10:00:00' + to_seconds(i) AS "EVENT_TIME",
             CASE WHEN i % 2 = 0 THEN 'cpc' ELSE 'email' END AS "UTM_MEDIUM"
      FROM range(5000) r(i)
    ) TO '${files['snow.parquet']}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
  connection.closeSync();
  instance.closeSync();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Ranges of 256 bytes: two threads share even these small files.
const env = { CHANNEL_RULES_RANGE_SIZE: '256' };

describe('upper-case names where the run reads lower case', () => {
  it.each(['snow.csv', 'snow.ndjson', 'snow.json', 'snow.ndjson.gz', 'snow.zip', 'snow.parquet'])('%s: said once, on one thread and two; exit codes as before', (name) => {
    for (const threads of ['1', '2']) {
      const bare = runCli(['report', rules, '--events', files[name]!, '--threads', threads], { env });
      expect(warnings(bare.stderr)).toEqual([USER, TIME, MEDIUM]);
      expect(bare.code).toBe(0);
      const mapped = runCli(['report', rules, '--events', files[name]!, '--threads', threads, ...MAPPED], { env });
      expect(mapped.stderr).toBe(`${MEDIUM}\n`);
      expect(mapped.stdout).toMatch(/Unassigned: /);
      expect(mapped.code).toBe(0);
      const read = runCli(['report', rules, '--events', files[name]!, '--threads', threads, ...MAPPED, '--map', 'utm_medium=UTM_MEDIUM'], { env });
      expect(read.stderr).toBe('');
      expect(read.code).toBe(0);
    }
  });

  it('classify says it too', () => {
    const run = runCli(['classify', rules, '--events', files['snow.csv']!, ...MAPPED]);
    expect(run.stderr).toBe(`${MEDIUM}\n`);
    expect(run.code).toBe(0);
  });

  it('a name the rules test that --map cannot map: write it in the rules', () => {
    const events = path.join(dir, 'page.ndjson');
    writeFileSync(events, '{"user_id":"u1","time":1704103200000,"PAGE_TYPE":"blog"}\n');
    const pageRules = path.join(dir, 'page.channels');
    writeFileSync(pageRules, 'channel "Blog"\n  when page_type = "blog"\n');
    const run = runCli(['report', pageRules, '--events', events]);
    expect(run.stderr).toBe('channel-rules: warning: the rules test page_type; the events have PAGE_TYPE (field names match exactly; write PAGE_TYPE in the rules)\n');
    expect(run.code).toBe(0);
  });

  it('referring_domain, derived from a referrer in upper case', () => {
    const events = path.join(dir, 'referrer.csv');
    writeFileSync(events, 'user_id,time,REFERRER\nu1,2024-01-01 10:00:00.000,https://google.com/\n');
    const domainRules = path.join(dir, 'domain.channels');
    writeFileSync(domainRules, 'channel "Google"\n  when referring_domain = "google.com"\n');
    const run = runCli(['report', domainRules, '--events', events]);
    expect(run.stderr).toBe(
      'channel-rules: warning: the rules test referring_domain (derived from referrer); the events have REFERRER (field names match exactly; --map referrer=REFERRER)\n',
    );
    expect(run.code).toBe(0);
    const mapped = runCli(['report', domainRules, '--events', events, '--map', 'referrer=REFERRER']);
    expect(mapped.stderr).toBe('');
    expect(mapped.stdout).toMatch(/Google +1 +1/);
  });

  it('in a container: the path at its level', () => {
    const events = path.join(dir, 'nested.ndjson');
    writeFileSync(events, '{"user_id":"u1","time":1704103200000,"event_properties":{"Utm_Medium":"cpc"}}\n');
    const run = runCli(['report', rules, '--events', events]);
    expect(run.stderr).toBe(
      'channel-rules: warning: the rules test utm_medium; the events have event_properties.Utm_Medium (field names match exactly; --map utm_medium=event_properties.Utm_Medium)\n',
    );
  });

  it('both utm_medium and UTM_MEDIUM: nothing said of it (the user, only upper case, is)', () => {
    const events = path.join(dir, 'both.csv');
    writeFileSync(events, 'USER_ID,time,utm_medium,UTM_MEDIUM\nu1,2024-01-01 10:00:00.000,cpc,email\n');
    for (const threads of ['1', '2']) {
      const run = runCli(['report', rules, '--events', events, '--threads', threads], { env });
      expect(warnings(run.stderr)).toEqual([USER]);
      expect(run.code).toBe(0);
    }
  });

  it('a CSV column whose cell in the first row is empty is there: nothing said of it (following the hint would replace it)', () => {
    const events = path.join(dir, 'empty-first.csv');
    writeFileSync(events, 'USER_ID,time,utm_medium,UTM_MEDIUM,referrer,REFERRER\nu1,2024-01-01 10:00:00.000,,email,,https://x.example/\nu2,2024-01-01 10:00:00.000,cpc,email,,\n');
    for (const threads of ['1', '2']) {
      const run = runCli(['report', rules, '--events', events, '--threads', threads], { env });
      expect(warnings(run.stderr)).toEqual([USER]);
      expect(run.code).toBe(0);
    }
  });
});
