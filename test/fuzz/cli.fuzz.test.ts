// Fuzzing the CLI as a user runs it: random argv from the commands' own words, real
// and hostile files. Exit codes are 0, 1 or 2 only; stderr never holds a stack trace.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli';
import { FUZZ_TEST_TIMEOUT_MS, fuzzRuns, nearRulesText, RUN_BUDGET_MS } from './fuzz-budget';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-fuzz-cli-'));
const RULES = path.join(ROOT, 'examples', 'ga4-default.channels');
const EVENTS = path.join(ROOT, 'examples', 'ga4-sample.ndjson');

const STACK_TRACE = /^\s+at .+[(:]\d+/m;

describe('fuzz: CLI argv', () => {
  it('exits 0, 1 or 2 and never prints a stack trace', () => {
    let file = 0;
    const word = fc.oneof(
      fc.constantFrom('check', 'test', 'report', 'classify', 'diff', 'compile', '--help', '--version', '--format', 'text', 'json', 'sarif', 'github', 'markdown', 'html', 'ndjson', 'csv', 'junit'),
      fc.constantFrom('--events', '--dialect', 'duckdb', 'bigquery', 'postgres', '--lookback', '-1d', '30d', 'session', '--session-timeout', '--conversion', '--models', '--max-warnings', '-1', '--output-column', '', '--macro', '--report', '--columns', 'a=b', '--table'),
      fc.constantFrom(RULES, EVENTS, '/dev/null', '/nonexistent', dir, 'HEAD:x.channels', '-', '--', '--x=y'),
      nearRulesText.map((text) => {
        const rules = path.join(dir, `r${file++}.channels`);
        fs.writeFileSync(rules, text);
        return rules;
      }),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 7 }), (argv) => {
        // A hang ends at the run's budget, with no exit code.
        const result = runCli(argv, { cwd: dir, timeoutMs: RUN_BUDGET_MS });
        expect([0, 1, 2]).toContain(result.code);
        expect(result.stderr).not.toMatch(STACK_TRACE);
        expect(result.stderr).not.toContain('internal error');
      }),
      { numRuns: fuzzRuns(12) },
    );
  }, FUZZ_TEST_TIMEOUT_MS);
});
