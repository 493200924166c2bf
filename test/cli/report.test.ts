// `channel-rules report` through the built CLI, as a user runs it. The worked example
// is Amplitude's (the foundation issue's required test).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mentionableAts } from '../support/markdown-mentions';
import { runCli } from '../support/run-cli';

const RULES = 'examples/amplitude-example.channels';
const EVENTS = 'examples/amplitude-example.ndjson';

function reportJson(...extra: string[]) {
  const result = runCli(['report', RULES, '--events', EVENTS, '--format', 'json', '--conversion', 'Purchase', ...extra]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function row(rows: any[], channel: string): any {
  return rows.find((candidate) => candidate.channel === channel);
}

describe('report: Amplitude worked example (timeout 30m, conversion Purchase, lookback 20m)', () => {
  const report = reportJson('--session-timeout', '30m', '--lookback', '20m');

  it('counts events, users and sessions', () => {
    expect(report.events).toBe(17);
    expect(report.skipped).toBe(0);
    expect(report.users).toBe(2);
    expect(report.sessionCount).toBe(5);
  });

  it.each([
    // channel, Page View uniques, totals, session totals, entries, exits, first touch u/t, last touch u/t
    ['direct', 2, 4, 4, 0, 3, [0, 0], [1, 2]],
    ['organic social', 2, 2, 2, 2, 0, [0, 0], [0, 0]],
    ['organic search', 2, 3, 3, 1, 0, [2, 3], [1, 1]],
    ['email', 1, 2, 1, 1, 0, [1, 1], [0, 0]],
    ['paid social', 1, 1, 1, 0, 1, [0, 0], [1, 1]],
  ] as const)('%s', (channel, pvUniques, pvTotals, sessionTotals, entries, exits, first, last) => {
    const channelRow = row(report.channels, channel);
    expect(channelRow.byEventType['Page View']).toEqual({ uniques: pvUniques, totals: pvTotals });
    expect(row(report.sessions, channel)).toEqual({ channel, totals: sessionTotals, entries, exits });
    const credit = (model: string) => {
      const found = row(report.attribution.models[model], channel);
      return [found?.uniques ?? 0, found?.totals ?? 0];
    };
    expect(credit('first_touch')).toEqual(first);
    expect(credit('last_touch')).toEqual(last);
  });

  it('credits the purchase without touches to (no touch), and 12 page views / 5 purchases in all', () => {
    expect(row(report.attribution.models.first_touch, '(no touch)')).toEqual({ channel: '(no touch)', uniques: 1, totals: 1 });
    expect(row(report.attribution.models.last_touch, '(no touch)')).toEqual({ channel: '(no touch)', uniques: 1, totals: 1 });
    const pageViews = report.channels.reduce((sum: number, r: any) => sum + (r.byEventType['Page View']?.totals ?? 0), 0);
    const purchases = report.channels.reduce((sum: number, r: any) => sum + (r.byEventType['Purchase']?.totals ?? 0), 0);
    expect(pageViews).toBe(12);
    expect(purchases).toBe(5);
    expect(report.attribution).toMatchObject({ conversion: 'Purchase', lookback: '20m' });
  });

  it('gives every model exactly one unit of credit per conversion (participation aside)', () => {
    for (const [model, rows] of Object.entries<any[]>(report.attribution.models)) {
      if (model === 'participation') continue;
      // Each channel's credit is rounded to 6 places on its own (SPEC §7.1), so the sum may be off by that much per row.
      const total = rows.reduce((sum, r) => sum + r.totals, 0);
      expect(Math.abs(total - 5), model).toBeLessThanOrEqual(rows.length * 5e-7 + 1e-12);
    }
  });
});

describe('report: lookback session', () => {
  it("gives u2's last purchase first touch organic social", () => {
    const report = reportJson('--lookback', 'session');
    expect(report.attribution.lookback).toBe('session');
    const first = report.attribution.models.first_touch;
    expect(row(first, 'organic social')).toMatchObject({ uniques: 1, totals: 1 });
    expect(row(first, 'organic search')).toMatchObject({ uniques: 1, totals: 2 });
  });
});

describe('report formats', () => {
  it('text: aligned tables a person reads', () => {
    const result = runCli(['report', RULES, '--events', EVENTS, '--conversion', 'Purchase', '--lookback', '20m']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('17 events · 0 skipped · 2 users · 5 sessions');
    expect(result.stdout).toMatch(/Sessions \(5 in all\)\nchannel\s+totals\s+entries\s+exits\n─+/);
    expect(result.stdout).toMatch(/^direct\s+4\s+0\s+3$/m);
  });

  it('markdown: GitHub tables', () => {
    const result = runCli(['report', RULES, '--events', EVENTS, '--format', 'markdown', '--conversion', 'Purchase', '--lookback', '20m']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('| channel | totals | entries | exits |');
    expect(result.stdout).toContain('| direct | 4 | 0 | 3 |');
  });

  it('markdown: names and values from the rules and events read as themselves, never as HTML or Markdown', () => {
    // Only `|` and line breaks were escaped: GitHub dropped the <script> name, bolded **b**, and showed &amp; as &.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-markdown-'));
    const rules = path.join(folder, 'h`x.channels');
    fs.writeFileSync(rules, 'channel "<script>alert(1)</script> &amp; **b** | x"\n  when utm_medium = "a"\notherwise "Other"\n');
    const events = path.join(folder, 'h.ndjson');
    fs.writeFileSync(events, JSON.stringify({ user_id: 'u', time: 1, utm_medium: 'a', event_type: '<b>view</b>', theirs: '</details>' }) + '\n');
    const result = runCli(['report', rules, '--events', events, '--format', 'markdown', '--against', 'theirs']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('| &lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; \\*\\*b\\*\\* \\| x | 1 | 1 |');
    expect(result.stdout).toContain('### Channels: &lt;b&gt;view&lt;/b&gt;');
    expect(result.stdout).toMatch(/^## Channel report: ``[^`]*h`x\.channels`` on ``?[^`]*h\.ndjson``?$/m);
    expect(result.stdout).not.toMatch(/<(?!!--)[a-z/]/i);
  });

  it('markdown: an @ from the rules or the events mentions no one on GitHub', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-markdown-'));
    const rules = path.join(folder, 'r.channels');
    fs.writeFileSync(rules, 'channel "@org/team"\n  when utm_source = "a"\n');
    const events = path.join(folder, 'e.ndjson');
    fs.writeFileSync(events, JSON.stringify({ user_id: 'u', time: 1, utm_source: 'a', event_type: '@someone', theirs: 'mail@example.com' }) + '\n');
    const result = runCli(['report', rules, '--events', events, '--format', 'markdown', '--against', 'theirs']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('| @&#8203;org/team | 1 | 1 |');
    expect(result.stdout).toContain('### Channels: @&#8203;someone');
    expect(mentionableAts(result.stdout)).toEqual([]);
  });

  it('html: one self-contained file with the report embedded', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cr-html-')), 'report.html');
    const result = runCli(['report', RULES, '--events', EVENTS, '--format', 'html', '--conversion', 'Purchase', '-o', out]);
    expect(result.code).toBe(0);
    const html = fs.readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('"sessionCount":5');
    expect(html).not.toMatch(/<script[^>]+src=/);
  });
});

describe('report: bad input is one line on stderr and exit 2', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-bad-'));
  const broken = path.join(dir, 'broken.channels');
  fs.writeFileSync(broken, 'channel "A"\n  when utm_source = \n');
  const events = path.join(dir, 'events.txt');
  fs.writeFileSync(events, '{}\n');
  const folder = path.join(dir, 'export.d');
  fs.mkdirSync(folder);

  it.each([
    ['missing rules file', ['report', path.join(dir, 'nope.channels'), '--events', EVENTS], /cannot read rules file .*nope\.channels: no such file/],
    ['missing events file', ['report', RULES, '--events', path.join(dir, 'nope.ndjson')], /nope\.ndjson/],
    ['unknown events extension', ['report', RULES, '--events', events], /unknown events file type "\.txt"/],
    ['a folder, whatever its name', ['report', RULES, '--events', folder], /export\.d: not a file$/m],
    ['no --events', ['report', RULES], /--events FILE is required/],
    ['unknown flag', ['report', RULES, '--events', EVENTS, '--bogus'], /report: Unknown option '--bogus'/],
    ['unknown format', ['report', RULES, '--events', EVENTS, '--format', 'xml'], /unknown format "xml"/],
    ['bad duration', ['report', RULES, '--events', EVENTS, '--lookback', '20 minutes'], /lookback/],
    ['unknown model', ['report', RULES, '--events', EVENTS, '--models', 'first_touch,magic'], /magic/],
    ['rules with errors', ['report', broken, '--events', EVENTS], /broken\.channels:2:\d+: syntax: /],
    ['unknown command', ['reprot'], /unknown command "reprot"/],
  ])('%s', (_name, args, message) => {
    const result = runCli(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('counts and lists unreadable lines, and still reports the rest', () => {
    const file = path.join(dir, 'some-bad.ndjson');
    fs.writeFileSync(
      file,
      [
        '{"user_id":"a","time":"2024-01-01T00:00Z","event_type":"Page View"}',
        '{not json',
        '',
        '[1,2]',
        '{"time":"2024-01-01T00:00Z"}',
        '{"user_id":"a","time":"yesterday"}',
        '{"user_id":"a","time":1704067300000,"event_type":"Page View"}',
      ].join('\n'),
    );
    const result = runCli(['report', RULES, '--events', file, '--format', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ events: 2, skipped: 4 });
    expect(result.stderr).toMatch(/skipped 4 unreadable lines/);
    for (const line of [2, 4, 5, 6]) expect(result.stderr).toContain(`some-bad.ndjson:${line}:`);
  });

  it('lists every kept unreadable line (the first 1,000) on stderr and in the HTML report, with the full count', () => {
    // Only the first 10 were listed on stderr, and the HTML report embedded none.
    const file = path.join(dir, 'many-bad.ndjson');
    const good = '{"user_id":"a","time":"2024-01-01T00:00Z","event_type":"Page View"}';
    fs.writeFileSync(file, [good, ...Array.from({ length: 1003 }, (_, i) => `{bad ${i}`)].join('\n'));
    const result = runCli(['report', RULES, '--events', file, '--format', 'html']);
    expect(result.code).toBe(0);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`channel-rules: skipped 1,003 unreadable lines of ${file}`);
    expect(lines.filter((line) => line.startsWith(`  ${file}:`))).toHaveLength(1000);
    expect(lines[1]).toMatch(new RegExp(`^  .*many-bad\\.ndjson:2: invalid JSON`));
    expect(lines[1000]).toContain('many-bad.ndjson:1001: invalid JSON');
    expect(lines.at(-1)).toBe('  … and 3 more, not listed (the list keeps the first 1,000)');
    const data = JSON.parse(result.stdout.match(/<script type="application\/json" id="channel-rules-data">(.*?)<\/script>/s)![1]!);
    expect(data.explorer.sample.skippedCount).toBe(1003);
    expect(data.explorer.sample.skipped).toHaveLength(1000);
    expect(data.explorer.sample.skipped[0]).toMatchObject({ line: 2, reason: expect.stringMatching(/^invalid JSON/) });
  });
});

describe('--help', () => {
  it.each(['report', 'classify', 'test', 'check', 'diff', 'compile'])('%s --help exits 0 with usage', (command) => {
    const result = runCli([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: channel-rules ${command}`));
  });

  it('channel-rules --help lists the commands', () => {
    const result = runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['report', 'classify', 'test']) expect(result.stdout).toContain(`  ${command}`);
  });
});
