// `--from`, `--map`, `--time-unit` through the built CLI: the six examples/sources/
// files give the worked example's figures, detection is said once on stderr and as
// "eventSource" in the JSON report, and bad flags are one line and exit 2.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli';

const RULES = 'examples/amplitude-example.channels';
const WORKED = ['--conversion', 'Purchase', '--lookback', '20m', '--format', 'json'];

const SAMPLES: Array<[string, string, string]> = [
  ['amplitude', 'examples/sources/amplitude-export.ndjson', 'Amplitude export'],
  ['ga4', 'examples/sources/ga4-bigquery-export.ndjson', 'GA4 BigQuery export'],
  ['segment', 'examples/sources/segment-tracks.ndjson', 'Segment'],
  ['snowplow', 'examples/sources/snowplow-enriched.ndjson', 'Snowplow enriched events'],
  ['mixpanel', 'examples/sources/mixpanel-export.ndjson', 'Mixpanel raw export'],
  ['posthog', 'examples/sources/posthog-events.jsonl', 'PostHog events'],
];

const plain = runCli(['report', RULES, '--events', 'examples/amplitude-example.ndjson', ...WORKED]);

describe('examples/sources/: the worked example in every system\'s shape', () => {
  it('the plain file is plain, and says nothing on stderr', () => {
    expect(plain.code).toBe(0);
    expect(plain.stderr).toBe('');
    const report = JSON.parse(plain.stdout);
    expect(report.eventSource).toBe('plain');
    expect(Object.keys(report).slice(0, 3)).toEqual(['events', 'skipped', 'eventSource']);
    expect(report).toMatchObject({ events: 17, users: 2, sessionCount: 5 });
  });

  it.each(SAMPLES)('%s: detected, and the same report', (system, file, label) => {
    const result = runCli(['report', RULES, '--events', file, ...WORKED]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`events: ${label} (detected)\n`);
    const report = JSON.parse(result.stdout);
    expect(report.eventSource).toBe(system);
    expect({ ...report, eventSource: 'plain' }).toEqual(JSON.parse(plain.stdout));
  });

  it.each(SAMPLES)('%s: --from gives the same, silently', (system, file) => {
    const result = runCli(['report', RULES, '--events', file, ...WORKED, '--from', system]);
    expect(result.stderr).toBe('');
    expect({ ...JSON.parse(result.stdout), eventSource: 'plain' }).toEqual(JSON.parse(plain.stdout));
  });

  it.each(SAMPLES)('%s: classify gives every event the channel the plain file gives it', (_system, file) => {
    const expected = runCli(['classify', RULES, '--events', 'examples/amplitude-example.ndjson']).stdout;
    const result = runCli(['classify', RULES, '--events', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(expected);
  });

  it('diff --events reads the sample through its system', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-src-'));
    const head = path.join(dir, 'head.channels');
    fs.writeFileSync(head, fs.readFileSync(RULES, 'utf8').replace('when utm_medium = "email"', 'when utm_medium = "e-mail"'));
    const runDiff = (file: string) => runCli(['diff', RULES, head, '--events', file, '--format', 'json']);
    const expected = JSON.parse(runDiff('examples/amplitude-example.ndjson').stdout);
    const result = runDiff('examples/sources/ga4-bigquery-export.ndjson');
    expect(result.stderr).toBe('events: GA4 BigQuery export (detected)\n');
    const diff = JSON.parse(result.stdout);
    expect(diff.sample.moved).toBe(2);
    expect({ ...diff.sample, file: expected.sample.file }).toEqual(expected.sample);
  });
});

describe('--from on a file that is not that system\'s', () => {
  it('says once how many records had none of its user or time fields', () => {
    const result = runCli(['report', RULES, '--events', 'examples/amplitude-example.ndjson', ...WORKED, '--from', 'ga4']);
    expect(result.code).toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines.filter((line) => line.includes('none of'))).toEqual([
      'channel-rules: 17 of 17 records of examples/amplitude-example.ndjson have none of the GA4 BigQuery export\'s user fields (user_id, user_pseudo_id) or none of its time fields (event_timestamp): is --from right?',
    ]);
    // …and still lists the skipped records with their reasons, as for any unreadable line.
    expect(result.stderr).toMatch(/skipped 17 unreadable lines/);
    expect(JSON.parse(result.stdout)).toMatchObject({ events: 0, skipped: 17, eventSource: 'ga4' });
  });

  it('asks whether the detection was right when the first record decided', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-foreign-'));
    const file = path.join(dir, 'mixed.ndjson');
    const amplitude = fs.readFileSync('examples/amplitude-example.ndjson', 'utf8');
    fs.writeFileSync(file, `{"anonymousId":"a1","timestamp":"2024-01-01T10:00:00Z","event":"Page Viewed"}\n${amplitude}`);
    const result = runCli(['report', RULES, '--events', file, ...WORKED]);
    expect(result.stderr.split('\n').filter((line) => line.includes('none of'))).toEqual([
      `channel-rules: 17 of 18 records of ${file} have none of the Segment's user fields (userId, anonymousId) or none of its time fields (timestamp): the first record looked like one: is that right? (--from)`,
    ]);
  });
});

describe('--map and --time-unit', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-map-'));
  const csv = path.join(dir, 'events.csv');
  fs.writeFileSync(
    csv,
    [
      'visitor,sent_at,what,medium,event_properties.plan',
      'v1,1704103200,Page View,email,pro',
      'v1,1704103500,Purchase,,pro',
    ].join('\n'),
  );
  const rules = path.join(dir, 'rules.channels');
  fs.writeFileSync(rules, 'channel "email"\n  when utm_medium = "email"\nchannel "pro"\n  when plan = "pro"\n');

  it('reads a CSV of your own with --map and --time-unit s', () => {
    const result = runCli([
      'classify', rules, '--events', csv,
      '--map', 'user=visitor', '--map', 'time=sent_at', '--map', 'type=what', '--map', 'utm_medium=medium', '--time-unit', 's',
    ]);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split('\n').map((line) => JSON.parse(line).channel)).toEqual(['email', 'pro']);
  });

  it('a flattened event_properties.plan column is visible as plan', () => {
    const result = runCli(['classify', rules, '--events', csv, '--map', 'user=visitor', '--map', 'time=sent_at', '--time-unit', 's']);
    expect(result.stdout.trim().split('\n').map((line) => JSON.parse(line).channel)).toEqual(['pro', 'pro']);
  });

  it.each([
    ['report', ['report', RULES, '--events', 'examples/amplitude-example.ndjson', '--from', 'heap'], /^channel-rules report: unknown event source "heap" \(expected auto, plain, amplitude, ga4, segment, snowplow, mixpanel, posthog\)$/],
    ['classify', ['classify', RULES, '--events', 'examples/amplitude-example.ndjson', '--map', 'channel=x'], /^channel-rules classify: bad mapping "channel=x": expected NAME=PATH with NAME one of /],
    ['diff', ['diff', RULES, RULES, '--events', 'examples/amplitude-example.ndjson', '--map', 'user='], /^channel-rules diff: bad mapping "user=": PATH must be a flattened field path/],
    ['report --time-unit', ['report', RULES, '--events', 'examples/amplitude-example.ndjson', '--time-unit', 'ns'], /^channel-rules report: unknown time unit "ns"/],
  ])('%s: a bad flag is one line and exit 2', (_name, args, message) => {
    const result = runCli(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim()).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
