// Issue 11 item 4: a rule with a 200,000-value list once ended `check` and `diff` with
// "internal error: Maximum call stack size exceeded" (a `push(...array)`). Every
// unbounded spread into call arguments is now a loop (engine/collections/append-all.ts);
// these runs go through the CLI, the formatter and the SQL compiler with such lists
// (the formatter's printer was also quadratic in a list's length: engine/format/layout.ts).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { formatRules } from '../../engine/format/format-rules';
import { appendAll, maxOf, minOf } from '../../engine/collections/append-all';
import { runCli } from '../support/run-cli';

const COUNT = 200_000;
const values = Array.from({ length: COUNT }, (_, i) => `"v${i}"`).join(', ');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-huge-'));
const declared = path.join(dir, 'declared.channels');
const inline = path.join(dir, 'inline.channels');
fs.writeFileSync(declared, `list big = [${values}]\nchannel "A" when utm_source in big\nchannel "B" when utm_source = "v3"\n`);
fs.writeFileSync(inline, `channel "A" when utm_source in [${values}]\nchannel "B" when utm_source = "v3"\n`);

describe('a 200,000-value list', () => {
  it('check finds the unreachable rule', () => {
    const result = runCli(['check', inline]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('warning unreachable-rule');
  });

  it('diff compares two such files', () => {
    const result = runCli(['diff', declared, inline]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Both versions give every possible event the same channel.');
  });

  it('compile writes the list into SQL', () => {
    const result = runCli(['compile', inline, '--dialect', 'duckdb']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`'v${COUNT - 1}'`);
  });

  it('the formatter lays it out', () => {
    const text = fs.readFileSync(declared, 'utf8');
    const formatted = formatRules(text, parseChannels(text));
    expect(formatted?.text).toContain(`"v${COUNT - 1}"`);
  });
});

describe('append-all', () => {
  it('appends, and finds the largest and smallest of, more items than call arguments allow', () => {
    const many = Array.from({ length: 500_000 }, (_, i) => i);
    expect(() => [].push(...(many as never[]))).toThrow(RangeError);
    expect(appendAll([-1], many)).toHaveLength(500_001);
    expect(maxOf(many)).toBe(499_999);
    expect(minOf(many)).toBe(0);
    expect(maxOf([], 0)).toBe(0);
  });
});
