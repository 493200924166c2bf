// Issue 11, items 1 and 3, through the CLI: a regex that backtracks exponentially in a
// JavaScript RegExp classifies a long value at once, and a regex RE2 refuses for its
// repeat counts is refused by `check` (and so by `compile`, `classify`) as RE2 would;
// a pattern nested too deeply for the parsers is refused too, instead of a stack overflow,
// and so is one too long to parse within bounded memory.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli';

function write(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-hostile-regex-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

// Far more than the CLI needs (well under a second), far less than RegExp needs (days).
const HANG = 60_000;

describe('regexes that backtrack', () => {
  const dir = write({
    'r.channels': 'channel "Evil"\n  when utm_medium matches /(a|aa)*b/\notherwise "Other"\n',
    'e.ndjson':
      [`${'a'.repeat(50_000)}c`, `${'a'.repeat(50_000)}b`]
        .map((medium, i) => JSON.stringify({ user_id: 'u', time: `2024-01-01T00:00:0${i}Z`, event_type: 'page_view', utm_medium: medium }))
        .join('\n') + '\n',
  });

  it('classify answers at once on 50,000 `a`s and a `c`', () => {
    const result = runCli(['classify', path.join(dir, 'r.channels'), '--events', path.join(dir, 'e.ndjson')], { timeoutMs: HANG });
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n').map((line) => JSON.parse(line).channel)).toEqual(['Other', 'Evil']);
  });

  it('report answers at once on the same events', () => {
    const result = runCli(['report', path.join(dir, 'r.channels'), '--events', path.join(dir, 'e.ndjson'), '--format', 'json'], { timeoutMs: HANG });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"Evil"');
  });
});

describe('RE2 repeat limits', () => {
  const dir = write({
    'r.channels': 'channel "Tens"\n  when utm_medium matches /^(a{10}){101}$/\notherwise "Other"\n',
    'ok.channels': 'channel "Tens"\n  when utm_medium matches /^(a{10}){100}$/\notherwise "Other"\n',
  });

  it('check refuses nested repeats over 1000 copies where RE2 does, with the position', () => {
    const result = runCli(['check', path.join(dir, 'r.channels')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${path.join(dir, 'r.channels')}:2:36 error bad-regex nested repeat counts multiply to 1,010 copies`);
    expect(runCli(['check', path.join(dir, 'ok.channels')]).code).toBe(0);
  });

  it('compile refuses it too (exit 2), instead of SQL DuckDB cannot run', () => {
    const result = runCli(['compile', path.join(dir, 'r.channels'), '--dialect', 'duckdb']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('invalid repetition size');
    expect(result.stdout).toBe('');
  });
});

describe('a regex longer than 100,000 characters', () => {
  // One class of 16 million characters, which a 16 MiB rules file can hold, took check to 3.6 GB.
  const dir = write({
    'r.channels': `channel "Long"\n  when f matches /[${'a'.repeat(200_000)}]/\notherwise "Other"\n`,
    'e.ndjson': '{"user_id":"u","time":"2024-01-01T00:00:00Z","event_type":"x","f":"a"}\n',
  });

  it('is refused by check with its position', () => {
    const result = runCli(['check', path.join(dir, 'r.channels')]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${path.join(dir, 'r.channels')}:2:19 error bad-regex this regex is too long: 200,002 characters, over this engine's limit of 100,000\n`);
  });

  it('is refused by classify in one line (exit 2)', () => {
    const result = runCli(['classify', path.join(dir, 'r.channels'), '--events', path.join(dir, 'e.ndjson')]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`channel-rules classify: ${path.join(dir, 'r.channels')}:2:19: bad-regex: this regex is too long: 200,002 characters, over this engine's limit of 100,000\n`);
  });
});

describe('deeply nested groups', () => {
  it('check refuses groups nested more than 1000 deep with a bad-regex error, not a stack overflow', () => {
    const depth = 50_000;
    const dir = write({ 'r.channels': `channel "Deep"\n  when f matches /${'(?:'.repeat(depth)}a${')'.repeat(depth)}/\notherwise "Other"\n` });
    const result = runCli(['check', path.join(dir, 'r.channels')]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    // The 1001st `(` is at column 3 + 1000 × 3 + 1 of line 2 (1-based).
    expect(result.stdout).toContain(`${path.join(dir, 'r.channels')}:2:3019 error bad-regex groups nested more than 1000 deep`);
  });

  it('1000 levels are fine, in check and classify', () => {
    const depth = 1000;
    const dir = write({
      'r.channels': `channel "Deep"\n  when f matches /${'(?:'.repeat(depth)}a${')'.repeat(depth)}/\notherwise "Other"\n`,
      'e.ndjson': '{"user_id":"u","time":"2024-01-01T00:00:00Z","event_type":"x","f":"a"}\n',
    });
    expect(runCli(['check', path.join(dir, 'r.channels')]).code).toBe(0);
    const result = runCli(['classify', path.join(dir, 'r.channels'), '--events', path.join(dir, 'e.ndjson')]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).channel).toBe('Deep');
  });
});
