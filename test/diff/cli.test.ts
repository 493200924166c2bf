// `channel-rules diff` as a user runs it (the built CLI): files and REF:path through
// git, the three formats (§7.4 JSON exactly), --events, and the exit codes.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mentionableAts } from '../support/markdown-mentions';
import { runCli } from '../support/run-cli';
import { version } from './diff-support';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'diff');
const BASE = path.join(FIXTURES, 'changed-rule', 'base.channels');
const HEAD = path.join(FIXTURES, 'changed-rule', 'head.channels');

let repo: string;
const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, stdio: 'pipe' });

beforeAll(() => {
  repo = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-diff-'));
  fs.mkdirSync(path.join(repo, 'rules'));
  git('init', '-q');
  fs.copyFileSync(BASE, path.join(repo, 'rules', 'site.channels'));
  git('add', '.');
  git('commit', '-qm', 'base');
  git('tag', 'v1');
  fs.copyFileSync(HEAD, path.join(repo, 'rules', 'site.channels'));
  git('commit', '-qam', 'head');
  const events = [
    { user_id: 'u1', time: 1, utm_medium: 'email' },
    { user_id: 'u1', time: 2, utm_medium: 'e-mail' },
    { user_id: 'u2', time: 3, utm_medium: 'e-mail', utm_source: 'facebook' },
    { user_id: 'u3', time: 4, utm_source: 'google', utm_medium: 'cpc' },
  ];
  fs.writeFileSync(path.join(repo, 'events.ndjson'), `${events.map((event) => JSON.stringify(event)).join('\n')}\n`);
});

describe('channel-rules diff', () => {
  it('json: exactly the §7.4 shapes, rules as {channel, file, line}, examples run on both versions', () => {
    const result = runCli(['diff', BASE, HEAD, '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(Object.keys(json.rules)).toEqual(['added', 'removed', 'changed', 'moved']);
    expect(json.rules).toEqual({ added: [], removed: [], changed: [{ channel: 'Email', file: HEAD, line: 2 }], moved: [] });
    expect(json.moves).toHaveLength(2);
    for (const move of json.moves) {
      expect(Object.keys(move)).toEqual(['from', 'to', 'example']);
      expect(Object.keys(move.example)).toEqual(['event']);
    }
    expect(json.moves.map((move: { from: string; to: string }) => [move.from, move.to])).toEqual([
      ['Social', 'Email'],
      ['Other', 'Email'],
    ]);
    const before = version(fs.readFileSync(BASE, 'utf8')).classifier;
    const after = version(fs.readFileSync(HEAD, 'utf8')).classifier;
    for (const move of json.moves) {
      expect(before.channelOf(before.classify(move.example.event))).toBe(move.from);
      expect(after.channelOf(after.classify(move.example.event))).toBe(move.to);
    }
    expect(json.complete).toBe(true);
    expect(json.incomplete).toEqual([]);
    expect(json.unreachable).toEqual([]);
    expect(json.sample).toBeUndefined();
  });

  it('REF:path versions are read through git in the current directory', () => {
    const result = runCli(['diff', 'v1:rules/site.channels', 'rules/site.channels', '--format', 'json'], { cwd: repo });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.rules.changed).toEqual([{ channel: 'Email', file: 'rules/site.channels', line: 2 }]);
    expect(json.moves).toHaveLength(2);

    const both = runCli(['diff', 'HEAD~1:rules/site.channels', 'HEAD:rules/site.channels', '--format', 'json'], { cwd: repo });
    expect(both.code).toBe(0);
    expect(JSON.parse(both.stdout).moves).toEqual(json.moves);

    const same = runCli(['diff', 'HEAD:rules/site.channels', 'rules/site.channels'], { cwd: repo });
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('no rule changed · no moves');
    expect(same.stdout).toContain('Both versions give every possible event the same channel.');
  });

  it.each([
    [['nope:rules/site.channels', 'rules/site.channels'], /^channel-rules diff: cannot read BASE nope:rules\/site\.channels through git: .*nope/],
    [['v1:rules/missing.channels', 'rules/site.channels'], /^channel-rules diff: cannot read BASE v1:rules\/missing\.channels through git: .*missing\.channels/],
    [['rules/site.channels', 'v1:other.channels'], /^channel-rules diff: cannot read HEAD v1:other\.channels through git/],
    // git would read it as its --output option and write a file (checked below).
    [['--', '--output=written-by-git:rules/site.channels', 'rules/site.channels'], /^channel-rules diff: BASE --output=written-by-git:rules\/site\.channels is no file, and no git REF:PATH/],
    [['rules/site.channels', 'missing.channels'], /^channel-rules diff: cannot read HEAD rules file missing\.channels: no such file/],
    [['rules/site.channels'], /^channel-rules diff: expected two rules versions/],
    [['rules/site.channels', 'rules/site.channels', '--format', 'html'], /^channel-rules diff: unknown format "html"/],
    [['rules/site.channels', 'rules/site.channels', '--events', 'none.ndjson'], /^channel-rules diff: none\.ndjson: cannot read the events file \(no such file\)\n/],
    [['rules/site.channels', 'rules/site.channels', '--events', 'rules/site.channels'], /^channel-rules diff: /],
  ])('exit 2 with one line: %j', (args, message) => {
    const result = runCli(['diff', ...args], { cwd: repo });
    expect(fs.readdirSync(repo).filter((name) => name.startsWith('written-by-git'))).toEqual([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('exit 2 naming the place when a version has errors', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-diff-bad-'));
    const bad = path.join(dir, 'bad.channels');
    fs.writeFileSync(bad, 'channel "X"\n  when a in missing_list\n');
    const result = runCli(['diff', BASE, bad]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^channel-rules diff: HEAD ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+: unknown-list`));
  });

  it('outside a git repository a REF:path is a clear error', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-diff-nogit-'));
    const result = runCli(['diff', 'HEAD:rules.channels', BASE], { cwd: dir, env: { GIT_CEILING_DIRECTORIES: path.dirname(dir) } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^channel-rules diff: cannot read BASE HEAD:rules\.channels through git: not a git repository/);
  });

  it('--events: sample counts per move and the from × to matrix', () => {
    const result = runCli(['diff', 'v1:rules/site.channels', 'rules/site.channels', '--events', 'events.ndjson', '--format', 'json'], { cwd: repo });
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.moves.map((move: { from: string; to: string; events: number }) => [move.from, move.to, move.events])).toEqual([
      ['Social', 'Email', 1],
      ['Other', 'Email', 1],
    ]);
    for (const move of json.moves) expect(Object.keys(move)).toEqual(['from', 'to', 'example', 'events']);
    expect(json.sample).toEqual({
      file: 'events.ndjson',
      events: 4,
      moved: 2,
      skipped: 0,
      matrix: [
        { from: 'Email', to: 'Email', events: 1 },
        { from: 'Paid Search', to: 'Paid Search', events: 1 },
        { from: 'Social', to: 'Email', events: 1 },
        { from: 'Other', to: 'Email', events: 1 },
      ],
    });
  });

  it('markdown for a PR comment: summary line, moves table, details folded', () => {
    const result = runCli(['diff', 'v1:rules/site.channels', 'rules/site.channels', '--events', 'events.ndjson', '--format', 'markdown'], { cwd: repo });
    expect(result.code).toBe(0);
    const markdown = result.stdout;
    expect(markdown).toContain('**1 rule changed · 2 moves · 2 of 4 sample events change channel**');
    expect(markdown).toContain('| Old channel | New channel | Example event | Sample events |');
    expect(markdown).toMatch(/\| Social \| Email \| `\{utm_medium: "e-mail", utm_source: "(facebook|instagram)"\}` \| 1 \|/);
    expect(markdown).toMatch(/<details>\n<summary>Rule changes \(1\)<\/summary>/);
    expect(markdown).toMatch(/<details>\n<summary>Sample events: old × new channel<\/summary>/);
    expect(markdown.match(/^<details>$/gm)).toHaveLength(markdown.match(/^<\/details>$/gm)!.length);
  });

  it('text: summary, moves with examples and why, rule changes', () => {
    const result = runCli(['diff', BASE, HEAD]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`${BASE} → ${HEAD}`);
    expect(lines[1]).toBe('1 rule changed · 2 moves');
    expect(result.stdout).toContain('These are all the channel changes any event can make.');
    expect(result.stdout).toMatch(/Social\s+Email\s+\{utm_medium: "e-mail", utm_source: "(facebook|instagram)"\}/);
    expect(result.stdout).toContain('before: line 8: when utm_source in ["facebook", "instagram"]');
    expect(result.stdout).toContain('after:  line 2: when utm_medium in ["email", "e-mail"]');
    expect(result.stdout).toMatch(/changed\s+Email\s+2\s+2\s+when utm_medium = "email"\s+⇒\s+when utm_medium in \["email", "e-mail"\]/);
  });

  it('newly unreachable rules are warned about in every format', () => {
    const base = path.join(FIXTURES, 'newly-unreachable', 'base.channels');
    const head = path.join(FIXTURES, 'newly-unreachable', 'head.channels');
    const json = JSON.parse(runCli(['diff', base, head, '--format', 'json']).stdout);
    expect(json.unreachable).toEqual([
      { channel: 'Paid Search', file: head, line: 5, reason: 'unreachable', coveredBy: [{ channel: 'Search', file: head, line: 2 }] },
    ]);
    const markdown = runCli(['diff', base, head, '--format', 'markdown']).stdout;
    expect(markdown).toContain('> [!WARNING]');
    expect(markdown).toContain(`**Newly unreachable:** \`${head}:5\` (Paid Search): every event it matches is taken first by line 2 (Search).`);
    expect(runCli(['diff', base, head]).stdout).toContain(`${head}:5 "Paid Search": every event it matches is taken first by line 2 (Search)`);
  });

  it('markdown: an @ from the rules or the events mentions no one on GitHub', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-diff-md-'));
    const base = path.join(dir, 'a.channels');
    const head = path.join(dir, 'b.channels');
    const events = path.join(dir, 'e.ndjson');
    fs.writeFileSync(base, 'channel "x"\n  when utm_source = "a"\n');
    fs.writeFileSync(head, 'channel "@org/team"\n  when utm_source = "@someone"\n');
    fs.writeFileSync(events, JSON.stringify({ user_id: 'u', time: 1, utm_source: '@someone' }) + '\n');
    const markdown = runCli(['diff', base, head, '--events', events, '--format', 'markdown']).stdout;
    expect(markdown).toContain('| (unclassified) | @&#8203;org/team | `{utm_source: "@someone"}` | 1 |');
    expect(markdown).toContain('| added | @&#8203;org/team |  | 2 | `when utm_source = "@someone"` |');
    expect(mentionableAts(markdown)).toEqual([]);
  });

  it('markdown: nothing from the rules can break out of the table or the <details>', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-diff-md-'));
    const base = path.join(dir, 'a.channels');
    const head = path.join(dir, 'b.channels');
    fs.writeFileSync(base, 'channel "</details><script>x</script>|"\n  when a = "`|</details>"\n');
    fs.writeFileSync(head, 'channel "Other ``x``"\n  when a = "`|</details>"\n');
    const markdown = runCli(['diff', base, head, '--format', 'markdown']).stdout;
    expect(markdown).not.toContain('<script>');
    // HTML only in the lines this formatter writes; anything from the rules is inside code spans or escaped.
    const lines = markdown.split('\n');
    expect(lines.filter((line) => line.startsWith('<'))).toEqual(['<details>', '<summary>Why each example moves</summary>', '</details>', '<details>', '<summary>Rule changes (1)</summary>', '</details>']);
    expect(lines).toContain('| &lt;/details&gt;&lt;script&gt;x&lt;/script&gt;\\| | Other \\`\\`x\\`\\` | ``{a: "`\\|</details>"}`` |');
  });
});
