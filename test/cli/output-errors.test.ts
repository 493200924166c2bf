// Issue 11 item 5: output that cannot be written. `> /dev/full` (ENOSPC) once ended in
// an uncaught stack trace and exit 1 ("check failed"); it is one line and exit 2. A
// reader that closes the pipe early (`| head`) stays silent, as before.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../support/run-cli';

const RULES = path.join(ROOT, 'examples', 'ga4-default.channels');
const EVENTS = path.join(ROOT, 'examples', 'ga4-sample.ndjson');

describe.skipIf(!fs.existsSync('/dev/full'))('stdout is /dev/full', () => {
  for (const args of [['check', RULES], ['classify', RULES, '--events', EVENTS], ['report', RULES, '--events', EVENTS, '--format', 'json'], ['--help']]) {
    it(`${args[0]}: one line, exit 2`, () => {
      const full = fs.openSync('/dev/full', 'w');
      try {
        const result = spawnSync(process.execPath, [BIN, ...args], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
        expect(result.stderr).toBe('channel-rules: cannot write the output: no space left on device (ENOSPC)\n');
        expect(result.status).toBe(2);
      } finally {
        fs.closeSync(full);
      }
    });
  }
});

describe.skipIf(!fs.existsSync('/dev/full'))('stderr is /dev/full', () => {
  // Its skipped lines are reported on stderr.
  const malformed = path.join(ROOT, 'test', 'fixtures', 'events', 'malformed.ndjson');
  for (const [args, status] of [
    [['check', path.join(ROOT, 'no-such.channels')], 2],
    [['report', RULES, '--events', EVENTS, '--no-such-option'], 2],
    [['check', RULES], 0],
    [['report', RULES, '--events', malformed, '--format', 'json'], 0],
  ] as const) {
    it(`${args[0]} … ${path.basename(args[args.length - 1]!)}: the command's own exit code (${status}), no crash`, () => {
      const full = fs.openSync('/dev/full', 'w');
      try {
        const result = spawnSync(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', full], encoding: 'utf8' });
        expect(result.status).toBe(status);
        if (status === 0) expect(result.stdout).not.toBe('');
      } finally {
        fs.closeSync(full);
      }
    });
  }
});

describe('stdout closed early by the reader', () => {
  it('classify | head -c 10 is silent', () => {
    const result = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" classify "${RULES}" --events "${EVENTS}" | head -c 10`], { encoding: 'utf8' });
    expect(result.stdout).toHaveLength(10);
    expect(result.stderr).toBe('');
  });
});
