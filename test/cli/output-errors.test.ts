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

describe('stdout closed early by the reader', () => {
  it('classify | head -c 10 is silent', () => {
    const result = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" classify "${RULES}" --events "${EVENTS}" | head -c 10`], { encoding: 'utf8' });
    expect(result.stdout).toHaveLength(10);
    expect(result.stderr).toBe('');
  });
});
