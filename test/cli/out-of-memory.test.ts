// Memory the system refuses the run (V8's RangeError "Array buffer allocation failed":
// the events need more than an address-space limit leaves) is one line and exit 2,
// saying so, not an internal error (cli/main, engine/address-space). The run is made
// to meet the refusal here; test/cli/address-space-limit runs under real limits.

import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../../cli/main';
import { ROOT } from '../support/run-cli';

vi.mock('../../engine/report/threaded-report', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../engine/report/threaded-report')>()),
  runReportThreaded: () => Promise.reject(new RangeError('Array buffer allocation failed')),
}));

function io(): { stdout: PassThrough; stderr: PassThrough; text: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let written = '';
  stderr.on('data', (chunk: Buffer) => (written += chunk.toString()));
  return { stdout, stderr, text: () => written };
}

describe('memory the system refuses', () => {
  it('ends the run with one line of "out of memory" and exit 2', async () => {
    const streams = io();
    const code = await runCli(['report', 'examples/amplitude-example.channels', '--events', 'examples/amplitude-example.ndjson', '--threads', '1'], {
      stdout: streams.stdout,
      stderr: streams.stderr,
      cwd: ROOT,
      env: {},
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(code).toBe(2);
    expect(streams.text()).toMatch(/^channel-rules report: out of memory: the run could not allocate the memory it needs(, within the address-space limit \(ulimit -v\) of \d+\.\d GiB)?\n$/);
  });
});
