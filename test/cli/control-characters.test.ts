// Issue 11 item 8: text output showed event types and channel names with terminal
// escape sequences raw (`Channels: PV\x1b]0;pwned\x07` retitles the terminal). Text
// for people escapes control characters as git quotes paths (cli/format/terminal-text.ts).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeControlCharacters, escapeLine } from '../../cli/format/terminal-text';
import { runCli } from '../support/run-cli';

const RAW_CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-controls-'));
const rules = path.join(dir, 'rules.channels');
const other = path.join(dir, 'other.channels');
const events = path.join(dir, 'events.ndjson');
fs.writeFileSync(rules, 'channel "E\\u001b[2J" when utm_source = "a\\u009bb"\nchannel "B" when utm_source = "x"\n');
fs.writeFileSync(other, 'channel "B" when utm_source = "a\\u009bb"\n');
fs.writeFileSync(
  events,
  [
    JSON.stringify({ user_id: 'u', time: 1, event_type: 'PV\x1b]0;pwned\x07', utm_source: 'a\x9bb' }),
    JSON.stringify({ user_id: 'u\r', time: 2, event_type: 'buy\x1b[31m' }),
    '{"bad\x1b[31m',
    '',
  ].join('\n'),
);

describe('text output escapes control characters', () => {
  const runs: Array<[string, string[]]> = [
    ['report text', ['report', rules, '--events', events, '--conversion', 'buy\x1b[31m']],
    ['report markdown', ['report', rules, '--events', events, '--format', 'markdown']],
    ['diff text', ['diff', rules, other]],
    ['diff markdown', ['diff', rules, other, '--format', 'markdown']],
    ['check text', ['check', rules]],
  ];
  for (const [name, args] of runs) {
    it(name, () => {
      const result = runCli(args);
      expect(result.code).toBe(0);
      expect(result.stdout).not.toMatch(RAW_CONTROL);
      expect(result.stderr).not.toMatch(RAW_CONTROL);
    });
  }

  it('shows them as git does', () => {
    const result = runCli(runs[0]![1]);
    expect(result.stdout).toContain('Channels: PV\\033]0;pwned\\a');
    expect(result.stdout).toContain('E\\033[2J');
    expect(result.stderr).toContain('events.ndjson:3: invalid JSON');
  });

  it('a usage error naming a bad value escapes it', () => {
    const result = runCli(['nope\x1b[2J']);
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'channel-rules: unknown command "nope\\033[2J" (run channel-rules --help)\n' });
  });
});

describe('escapeControlCharacters', () => {
  it('escapes C0, DEL and C1 controls as git does and keeps everything else', () => {
    expect(escapeControlCharacters('a\x1bb\x07\t\r\x7f\x9b\u00e9😀\n')).toBe('a\\033b\\a\\t\\r\\177\\302\\233é😀\n');
    expect(escapeLine('a\nb')).toBe('a\\nb');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(escapeLine(text)).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
        expect(escapeControlCharacters(text).split('\n')).toHaveLength(text.split('\n').length);
      }),
    );
  });
});
