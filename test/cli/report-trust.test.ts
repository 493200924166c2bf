// `report --against` and the unassigned section (SPEC §9) through the built CLI.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli';

function eventsFile(lines: object[]): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'trust-'));
  const file = path.join(folder, 'events.ndjson');
  fs.writeFileSync(file, lines.map((line) => JSON.stringify(line)).join('\n'));
  return file;
}

const RULES_TEXT = `channel "Email"
  when utm_medium = "email"
channel "Paid Search"
  when utm_medium = "cpc"
otherwise "Unassigned"
`;

function rulesFile(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'trust-rules-'));
  const file = path.join(folder, 'site.channels');
  fs.writeFileSync(file, RULES_TEXT);
  return file;
}

const EVENTS = [
  { user_id: 'a', time: 1, utm_medium: 'email', theirs: 'Email' },
  { user_id: 'a', time: 2, utm_medium: 'cpc', theirs: 'Paid Search' },
  { user_id: 'b', time: 3, utm_medium: 'cpc', theirs: 'Organic Search' },
  { user_id: 'b', time: 4, utm_medium: 'banner', theirs: 'Display' },
  { user_id: 'c', time: 5, utm_medium: 'banner', theirs: 'display' },
  { user_id: 'c', time: 6, theirs: 'Direct' },
  { user_id: 'c', time: 7 },
];

describe('report --against FIELD', () => {
  const rules = rulesFile();
  const events = eventsFile(EVENTS);

  it('json: agreement rate and every pair, disagreeing first, with the first event and its rule', () => {
    const result = runCli(['report', rules, '--events', events, '--against', 'theirs', '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.against).toEqual({
      field: 'theirs',
      events: 6,
      agree: 2,
      pairs: [
        { ours: 'Unassigned', theirs: 'Direct', events: 1, example: { line: 6, rule: 'otherwise' } },
        { ours: 'Unassigned', theirs: 'Display', events: 1, example: { line: 4, rule: 'otherwise' } },
        { ours: 'Unassigned', theirs: 'display', events: 1, example: { line: 5, rule: 'otherwise' } },
        { ours: 'Paid Search', theirs: 'Organic Search', events: 1, example: { line: 3, rule: `${rules}:4` } },
        { ours: 'Email', theirs: 'Email', events: 1, example: { line: 1, rule: `${rules}:2` } },
        { ours: 'Paid Search', theirs: 'Paid Search', events: 1, example: { line: 2, rule: `${rules}:4` } },
      ].sort((a, b) => {
        // Disagreeing first; then events descending, then ours, then theirs.
        const agreeA = a.ours.toLowerCase() === a.theirs.toLowerCase();
        const agreeB = b.ours.toLowerCase() === b.theirs.toLowerCase();
        return Number(agreeA) - Number(agreeB) || (a.ours < b.ours ? -1 : a.ours > b.ours ? 1 : a.theirs < b.theirs ? -1 : 1);
      }),
    });
    expect(report.unassigned).toEqual({
      events: 4,
      fields: ['utm_medium'],
      patternCount: 2,
      patterns: [
        { fields: { utm_medium: 'banner' }, events: 2, users: 2, example: { line: 4 } },
        { fields: { utm_medium: null }, events: 2, users: 1, example: { line: 6 } },
      ],
    });
  });

  it('text: the rate, the matrix, the disagreements and the unassigned patterns', () => {
    const result = runCli(['report', rules, '--events', events, '--against', 'theirs']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Agreement with theirs: 33.3 % of 6 events (4 disagree)');
    expect(result.stdout).toContain('Unassigned: 4 events (57.1 %) got the otherwise channel or none, in 2 patterns');
    expect(result.stdout).toMatch(/Confusion matrix \(rows: the rules' channel; columns: theirs\)\n/);
    expect(result.stdout).toMatch(/Paid Search +Organic Search +1 +3 +.*site\.channels:4/);
    expect(result.stdout).toMatch(/Unassigned traffic patterns\nutm_medium +events +users +first line\n[─ ]+\nbanner +2 +2 +4\n\(missing\) +2 +1 +6/);
  });

  it('text and markdown: a missing field reads (missing), and a real value "(missing)" is quoted so it does not', () => {
    // SPEC §2.3: "(not set)" and "(missing)" are ordinary strings, never null.
    const collide = eventsFile([
      { user_id: 'a', time: 1, utm_medium: '(missing)' },
      { user_id: 'a', time: 2, utm_medium: '(missing)' },
      { user_id: 'b', time: 3, utm_medium: '(not set)' },
      { user_id: 'c', time: 4 },
    ]);
    const text = runCli(['report', rules, '--events', collide]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Unassigned traffic patterns\nutm_medium +events +users +first line\n[─ ]+\n"\(missing\)" +2 +1 +1\n\(not set\) +1 +1 +3\n\(missing\) +1 +1 +4$/m);
    const markdown = runCli(['report', rules, '--events', collide, '--format', 'markdown']);
    expect(markdown.stdout).toContain('| "(missing)" | 2 | 1 | 1 |\n| (not set) | 1 | 1 | 3 |\n| (missing) | 1 | 1 | 4 |');
  });

  it('text and markdown: values that differ by a line break, a backslash or a space are shown apart, in the patterns and the disagreements', () => {
    // Text showed a line feed and a backslash then n both as a\nb; Markdown showed a line feed as a space.
    const values = ['a\nb', 'a\\nb', 'a b'];
    const distinct = eventsFile(values.map((value, i) => ({ user_id: `u${i}`, time: i + 1, utm_medium: value, theirs: value })));
    const text = runCli(['report', rules, '--events', distinct, '--against', 'theirs']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^"a\\nb" +1 +1 +1\n"a\\\\nb" +1 +1 +2\na b +1 +1 +3$/m);
    expect(text.stdout).toMatch(/^Unassigned +"a\\nb" +1 +1 +otherwise\nUnassigned +a b +1 +3 +otherwise\nUnassigned +"a\\\\nb" +1 +2 +otherwise$/m);
    const markdown = runCli(['report', rules, '--events', distinct, '--against', 'theirs', '--format', 'markdown']);
    expect(markdown.stdout).toContain('| "a\\\\nb" | 1 | 1 | 1 |\n| "a\\\\\\\\nb" | 1 | 1 | 2 |\n| a b | 1 | 1 | 3 |');
    expect(markdown.stdout).toContain('| Unassigned | "a\\\\nb" | 1 | 1 | otherwise |\n| Unassigned | a b | 1 | 3 | otherwise |\n| Unassigned | "a\\\\\\\\nb" | 1 | 2 | otherwise |');
  });

  it('text and markdown: a value with a lone surrogate is quoted, so it is not shown as its U+FFFD look-alike', () => {
    // UTF-8 output writes a lone surrogate as U+FFFD: x U+D800 y and x U+FFFD y printed byte for byte alike.
    const values = ['x\ud800y', 'x\ufffdy'];
    const distinct = eventsFile(values.map((value, i) => ({ user_id: `u${i}`, time: i + 1, utm_medium: value, theirs: value })));
    const text = runCli(['report', rules, '--events', distinct, '--against', 'theirs']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^"x\\ud800y" +1 +1 +1\nx\ufffdy +1 +1 +2$/m);
    expect(text.stdout).toMatch(/^Unassigned +"x\\ud800y" +1 +1 +otherwise\nUnassigned +x\ufffdy +1 +2 +otherwise$/m);
    const markdown = runCli(['report', rules, '--events', distinct, '--against', 'theirs', '--format', 'markdown']);
    expect(markdown.stdout).toContain('| "x\\\\ud800y" | 1 | 1 | 1 |\n| x\ufffdy | 1 | 1 | 2 |');
    expect(markdown.stdout).toContain(' | "x\\\\ud800y" | x\ufffdy |');
  });

  it('unassigned counts the events a rule gives the otherwise channel too, so it accounts for that channel\'s row', () => {
    // The section counted only the events no rule matched: 1 here, while the Unassigned row counted 2.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'trust-rules-'));
    const otherwiseRule = path.join(folder, 'site.channels');
    fs.writeFileSync(otherwiseRule, 'channel "Email"\n  when utm_medium = "email"\nchannel "Unassigned"\n  when utm_medium = "banner"\notherwise "Unassigned"\n');
    const events = eventsFile([
      { user_id: 'a', time: 1, utm_medium: 'email' },
      { user_id: 'b', time: 2, utm_medium: 'banner' },
      { user_id: 'c', time: 3 },
    ]);
    const result = runCli(['report', otherwiseRule, '--events', events]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Unassigned: 2 events (66.7 %) got the otherwise channel or none, in 2 patterns');
    expect(result.stdout).toMatch(/^banner +1 +1 +2\n\(missing\) +1 +1 +3$/m);
  });

  it('markdown: the same tables for a pull-request comment', () => {
    const result = runCli(['report', rules, '--events', events, '--against', 'theirs', '--format', 'markdown']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('### Disagreements (largest first, with the first event and the rule that gave it)');
    expect(result.stdout).toContain('| banner | 2 | 2 | 4 |');
  });

  it('--patterns N keeps the N largest patterns and says how many there are', () => {
    const result = runCli(['report', rules, '--events', events, '--patterns', '1', '--format', 'json']);
    const report = JSON.parse(result.stdout);
    expect(report.unassigned.patterns).toHaveLength(1);
    expect(report.unassigned.patternCount).toBe(2);
    expect(report.against).toBeUndefined();
  });

  it.each([
    [['--patterns', 'many'], 'report: --patterns must be a whole number from 0 to 1000000, not "many"'],
    [['--against', ''], 'report: --against is empty'],
  ])('bad %j is one line and exit 2', (flags, message) => {
    const result = runCli(['report', rules, '--events', events, ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`channel-rules ${message}\n`);
  });
});

describe("report --against auto on GA4's export: the session-scoped recipe (docs/events-and-reports.md)", () => {
  const ga4Rules = path.join('examples', 'ga4-default.channels');
  const ga4Events = path.join('examples', 'sources', 'ga4-bigquery-export.ndjson');
  const session = 'session_traffic_source_last_click.cross_channel_campaign';
  const recipe = ['--map', `utm_source=${session}.source`, '--map', `utm_medium=${session}.medium`, '--map', `utm_campaign=${session}.campaign_name`];
  const figures = (flags: string[], threads: string) => {
    const result = runCli(['report', ga4Rules, '--events', ga4Events, '--against', 'auto', '--threads', threads, '--format', 'json', ...flags], {
      env: { CHANNEL_RULES_RANGE_SIZE: '300' },
    });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    return { events: report.against.events, agree: report.against.agree, unassigned: report.unassigned.events };
  };

  it.each(['1', '2'])('the event-scoped default agrees on 2 of 17 events and leaves 14 unassigned; the session source, medium and campaign agree on all 17 (%s threads)', (threads) => {
    expect(figures([], threads)).toEqual({ events: 17, agree: 2, unassigned: 14 });
    expect(figures(recipe, threads)).toEqual({ events: 17, agree: 17, unassigned: 0 });
  });

  it('text: the README\'s rate before, 100 % after', () => {
    expect(runCli(['report', ga4Rules, '--events', ga4Events, '--against', 'auto']).stdout).toContain(
      `Agreement with ${session}.default_channel_group: 11.8 % of 17 events (15 disagree)`,
    );
    const after = runCli(['report', ga4Rules, '--events', ga4Events, '--against', 'auto', ...recipe]).stdout;
    expect(after).toContain(`Agreement with ${session}.default_channel_group: 100.0 % of 17 events (0 disagree)`);
    expect(after).toContain('Unassigned: none (every event got a channel from a rule)');
  });
});

describe('diff --events --against FIELD', () => {
  const events = eventsFile(EVENTS);
  const base = rulesFile();
  const head = path.join(path.dirname(base), 'head.channels');
  fs.writeFileSync(head, RULES_TEXT.replace('otherwise "Unassigned"', 'channel "Display"\n  when utm_medium = "banner"\notherwise "Unassigned"'));

  it('json: agreement of each version on the same events', () => {
    const result = runCli(['diff', base, head, '--events', events, '--against', 'theirs', '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // Base agrees on lines 1, 2; head also on lines 4 and 5 (Display, display).
    expect(JSON.parse(result.stdout).sample.against).toEqual({ field: 'theirs', events: 6, base: { agree: 2 }, head: { agree: 4 } });
  });

  it('text and markdown say the rate before and after', () => {
    const line = 'Agreement with theirs: 33.3 % → 66.7 % of 6 sample events (+2 events agree)';
    expect(runCli(['diff', base, head, '--events', events, '--against', 'theirs']).stdout).toContain(line);
    expect(runCli(['diff', base, head, '--events', events, '--against', 'theirs', '--format', 'markdown']).stdout).toContain(line);
  });

  it('--against auto is the source system\'s own channel field, on one thread and on two, and one line where the events carry none', () => {
    // It was taken for a field named "auto": "no sample event has a value in that field", exit 0.
    const ga4 = path.join(__dirname, '..', '..', 'examples', 'sources', 'ga4-bigquery-export.ndjson');
    const field = 'session_traffic_source_last_click.cross_channel_campaign.default_channel_group';
    const named = JSON.parse(runCli(['diff', base, head, '--events', ga4, '--against', field, '--format', 'json']).stdout).sample.against;
    expect(named.events).toBeGreaterThan(0);
    for (const threads of ['1', '2']) {
      const result = runCli(['diff', base, head, '--events', ga4, '--against', 'auto', '--threads', threads, '--format', 'json'], { env: { CHANNEL_RULES_RANGE_SIZE: '300' } });
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout).sample.against).toEqual(named);
    }
    const plain = runCli(['diff', base, head, '--events', events, '--against', 'auto']);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toBe('channel-rules diff: --against auto: plain events carry no channel of their own (only ga4 and posthog exports do); name the field: --against FIELD\n');
  });

  it('--against without --events is a usage error', () => {
    const result = runCli(['diff', base, head, '--against', 'theirs']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('channel-rules diff: --against needs --events FILE\n');
  });
});
