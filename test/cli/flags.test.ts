// Issue 11 item 10: flags that were accepted wrongly or refused with a puzzling
// message. Each is bad usage: one line, exit 2.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli';

const RULES = path.join(ROOT, 'examples', 'ga4-default.channels');
const EVENTS = path.join(ROOT, 'examples', 'ga4-sample.ndjson');

describe('bad flags', () => {
  const cases: Array<[string[], string]> = [
    [['compile', RULES, '--dialect', 'duckdb', '--output-column', ''], 'channel-rules compile: --output-column is empty\n'],
    [['compile', RULES, '--dialect', 'duckdb', '--table', ' '], 'channel-rules compile: --table is empty\n'],
    [['compile', RULES, '--dialect', 'duckdb', '--table', 'a..b'], 'channel-rules compile: --table "a..b" has an empty name between its dots (a.b.c names a table, its schema and its database)\n'],
    [['compile', RULES, '--dialect', 'duckdb', '--table', 'x.'], 'channel-rules compile: --table "x." has an empty name between its dots (a.b.c names a table, its schema and its database)\n'],
    [['compile', RULES, '--dialect', 'duckdb', '--columns', 'utm_source=()'], 'channel-rules compile: --columns has an empty expression "()"\n'],
    [['compile', RULES, '--dialect', 'duckdb', '--report', '--user-column', '(a)) OR ((b)'], 'channel-rules compile: --user-column has an unbalanced ")" in the expression "(a)) OR ((b)"\n'],
    [['compile', RULES, '--dialect', 'duckdb', '--report', '--user-column', '( )'], 'channel-rules compile: --user-column has an empty expression "( )"\n'],
    [['compile', RULES, '--dialect', 'duckdb', '--report', '--time-column', "(ts || ')"], 'channel-rules compile: --time-column has an unclosed "(" or quote in the expression "(ts || \')"\n'],
    [['compile', RULES, '--dialect', 'duckdb', '--format', 'dbt', '--macro', 'bad name'], 'channel-rules compile: --macro "bad name" is not a dbt macro name (letters, digits and _, not starting with a digit)\n'],
    [['report', RULES, '--events', EVENTS, '--lookback', '-1d'], 'channel-rules report: --lookback has a value starting with "-"; write it as --lookback=VALUE if that is meant\n'],
    [['report', RULES, '--events', EVENTS, '--lookback=-1d'], 'channel-rules report: invalid lookback "-1d": expected "session" or a number and a unit (ms, s, m, h, d or w), such as 30d\n'],
    [['report', RULES, '--events', EVENTS, '--events', EVENTS], 'channel-rules report: --events given twice\n'],
    [['classify', RULES, '--events', EVENTS, '--format', 'csv', '--format', 'ndjson'], 'channel-rules classify: --format given twice\n'],
    [['check', RULES, '--max-warnings', '1', '--max-warnings=2'], 'channel-rules check: --max-warnings given twice\n'],
  ];
  for (const [args, stderr] of cases) {
    it(args.slice(2).join(' '), () => {
      expect(runCli(args)).toEqual({ code: 2, stdout: '', stderr });
    });
  }

  it('an expression of several parenthesised parts is one expression', () => {
    const result = runCli(['compile', RULES, '--dialect', 'duckdb', '--report', '--user-column', '(a) || (b)']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('CAST((a) || (b) AS');
  });

  it('a flag that takes several values may be repeated', () => {
    const result = runCli(['compile', RULES, '--dialect', 'duckdb', '--columns', 'utm_source=src', '--columns', 'utm_medium=med']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"src"');
  });
});

describe('help is an option, not the value of one', () => {
  // Each command with one of its options that takes a value, given `-h` or `--help` as that value.
  const cases: Array<[string[], string]> = [
    [['report', RULES, '--events', EVENTS, '--conversion', '-h'], 'report: --conversion'],
    [['report', RULES, '--events', EVENTS, '-o', '--help'], 'report: -o'],
    [['classify', RULES, '--events', EVENTS, '--format', '-h'], 'classify: --format'],
    [['check', RULES, '--max-warnings', '--help'], 'check: --max-warnings'],
    [['test', RULES, '--format', '-h'], 'test: --format'],
    [['compile', RULES, '--dialect', 'duckdb', '--table', '-h'], 'compile: --table'],
    [['diff', RULES, RULES, '--events', '--help'], 'diff: --events'],
    [['import', 'group.json', '--group', '-h'], 'import: --group'],
    [['export', RULES, '--to', 'ga4-channel-group', '--name', '-h'], 'export: --name'],
    [['init', '--template', '--help'], 'init: --template'],
  ];
  for (const [args, flag] of cases) {
    it(`${args[0]} … ${args.slice(-2).join(' ')}`, () => {
      const result = runCli(args);
      expect(result).toEqual({ code: 2, stdout: '', stderr: expect.stringMatching(new RegExp(`^channel-rules ${flag} has a value starting with "-"`)) });
    });
  }

  it('a short option is told to use its long form for a value starting with "-"', () => {
    expect(runCli(['report', RULES, '--events', EVENTS, '-o', '-h']).stderr).toBe('channel-rules report: -o has a value starting with "-"; write it as --output=VALUE if that is meant\n');
  });

  it('the value `-h` written with = is a value', () => {
    const result = runCli(['report', RULES, '--events', EVENTS, '--conversion=-h', '--format', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).attribution.conversion).toBe('-h');
  });

  it('-h after an option and its value, or after a flag, or beside a wrong option, asks for help', () => {
    for (const args of [
      ['report', RULES, '--events', EVENTS, '-h'],
      ['compile', RULES, '--report', '--help'],
      ['classify', '--no-such-option', '-h'],
      ['diff', '--events=x', '--help'],
    ]) {
      const result = runCli(args);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: channel-rules ${args[0]} `));
    }
  });
});

describe('a file name starting with "-"', () => {
  // Every rules file's name holds an `h`: `-lead.channels` read loosely was a group of
  // short options with `-h` among them, so `check -old.channels` printed the help, exit 0.
  const hint = (argument: string) => `(a file whose name starts with "-" is written ./${argument}, or after --)`;
  const cases: Array<[string[], string]> = [
    [['check', '-lead.channels'], `check: Unknown option '-l' in -lead.channels ${hint('-lead.channels')}`],
    [['test', RULES, '-old.channels'], `test: Unknown option '-o' in -old.channels ${hint('-old.channels')}`],
    [['diff', '-old.channels', RULES], `diff: Unknown option '-o' in -old.channels ${hint('-old.channels')}`],
    [['report', '-h.channels', '--events', EVENTS], `report: Unknown option '-.' in -h.channels ${hint('-h.channels')}`],
    [['compile', '-hx', '--dialect', 'duckdb'], `compile: Unknown option '-x' in -hx ${hint('-hx')}`],
    [['check', '--bogus'], `check: Unknown option '--bogus'`],
  ];
  for (const [args, message] of cases) {
    it(`${args.join(' ')} is an unknown option in one line, exit 2, not the help`, () => {
      expect(runCli(args)).toEqual({ code: 2, stdout: '', stderr: `channel-rules ${message}\n` });
    });
  }

  it('after -- or as ./NAME it is a file', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-dash-name-'));
    try {
      fs.copyFileSync(RULES, path.join(folder, '-lead.channels'));
      for (const args of [['check', '--', '-lead.channels'], ['check', './-lead.channels'], ['test', '--', '-lead.channels']]) {
        const result = runCli(args, { cwd: folder });
        expect(result.code, args.join(' ')).toBe(0);
        expect(result.stdout, args.join(' ')).not.toMatch(/^Usage:/);
      }
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('a group of the command\'s own short options with h asks for help, as strict parsing reads it', () => {
    for (const args of [['report', '-ho', 'out.html'], ['check', '-h'], ['test', '--help']]) {
      const result = runCli(args);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: channel-rules ${args[0]} `));
    }
  });

  // `-home.channels` is -h and -o "me.channels" to strict parsing: `compile -home.channels` printed the help, exit 0.
  it.each([
    [['compile', '-home.channels', '--dialect', 'duckdb'], '-home.channels'],
    [['report', '-hotel.channels', '--events', EVENTS], '-hotel.channels'],
    [['compile', RULES, '-hoout.sql'], '-hoout.sql'],
  ])('%j: an h in a group that a value is written onto is refused in one line, exit 2, not the help', (args, argument) => {
    expect(runCli(args)).toEqual({
      code: 2,
      stdout: '',
      stderr: `channel-rules ${args[0]}: -h in ${argument} asks for no help when a value is written onto the group (a file whose name starts with "-" is written ./${argument}, or after --)\n`,
    });
  });

  it('an unknown long option is named whole, a line break in it escaped (node\'s message was cut there)', () => {
    expect(runCli(['check', '--a\nb'])).toEqual({ code: 2, stdout: '', stderr: "channel-rules check: Unknown option '--a\\nb'\n" });
  });
});

describe('white space around a value', () => {
  it('a number, a duration or a name from a fixed set is read without the ASCII white space around it', () => {
    const report = runCli(['report', RULES, '--events', EVENTS, '--format', ' json\t', '--threads', ' 2 ', '--session-timeout', '\t20m\n', '--lookback', ' session', '--half-life', '1d ', '--models', ' linear ', '--patterns', ' 3', '--time-unit', ' ms', '--max-entry-size', ' 1G ']);
    expect(report.stderr).toBe('');
    expect(report.code).toBe(0);
    expect(JSON.parse(report.stdout).attribution.lookback).toBe('session');
    for (const args of [
      ['compile', RULES, '--dialect', ' duckdb ', '--format', 'expression ', '--from', ' plain'],
      ['classify', RULES, '--events', EVENTS, '--format', ' csv', '--from', 'ga4 ', '--threads', '1 '],
      ['check', RULES, '--format', ' json', '--max-warnings', ' 100'],
      ['test', RULES, '--format', 'text '],
      ['export', RULES, '--to', ' ga4-channel-group '],
    ]) {
      expect(runCli(args), args.join(' ')).toMatchObject({ code: 0 });
    }
  });

  it('other white space is part of the value: a no-break space is no ASCII white space', () => {
    expect(runCli(['report', RULES, '--events', EVENTS, '--threads', '2\u00a0'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'channel-rules report: --threads must be a whole number from 1 to 256, not "2\u00a0"\n',
    });
  });

  it('a field name or a column is taken as written', () => {
    const report = runCli(['report', RULES, '--events', EVENTS, '--against', ' utm_source', '--format', 'json']);
    expect(report.code).toBe(0);
    expect(JSON.parse(report.stdout).against.field).toBe(' utm_source');
    const compiled = runCli(['compile', RULES, '--dialect', 'duckdb', '--report', '--user-column', ' user id']);
    expect(compiled.code).toBe(0);
    expect(compiled.stdout).toContain('CAST(" user id" AS VARCHAR)');
  });

  // One option of each kind, of each command: a blank value is refused naming the option.
  const blanks: string[][] = [
    ['report', RULES, '--events', EVENTS, '--conversion', ' '],
    ['report', RULES, '--events', EVENTS, '--against', '\t'],
    ['report', RULES, '--events', EVENTS, '--session-timeout', ' '],
    ['classify', RULES, '--events', EVENTS, '--map', ' '],
    ['classify', RULES, '--events', ' '],
    ['diff', RULES, RULES, '--events', EVENTS, '--against', ' '],
    ['compile', RULES, '--dialect', 'duckdb', '--report', '--conversion', '  '],
    ['compile', RULES, '--dialect', 'duckdb', '--columns', ' '],
    ['compile', RULES, '--dialect', 'duckdb', '--report', '--user-column', ' '],
    ['import', 'group.json', '--group', ' '],
    ['import', 'group.json', '--output', ' '],
    ['export', RULES, '--to', 'ga4-channel-group', '--name', '\n'],
    ['init', 'x.channels', '--template', ''],
  ];
  for (const args of blanks) {
    const flag = args.at(-2)!;
    it(`${args[0]} … ${flag} ${JSON.stringify(args.at(-1))}`, () => {
      expect(runCli(args)).toEqual({ code: 2, stdout: '', stderr: `channel-rules ${args[0]}: ${flag} is empty\n` });
    });
  }
});
