// The CLI under an address-space limit (Linux `ulimit -v`, as shared hosts and build
// sandboxes set it). Below about 10 GB no WebAssembly memory can be had (its guard
// regions: engine/wasm-memory), and a worker thread the limit has no room for ends the
// whole process (engine/address-space). The report is then read with JSON.parse and
// Parquet's Snappy pages with hyparquet's own decoder, on the threads that fit: the
// same output as without the limit. Without the fallbacks the first run below fails
// with "WebAssembly.Instance(): Out of memory" and, once past that, dies of SIGTRAP as
// its worker starts.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli, type CliResult } from '../support/run-cli';

const LINUX = process.platform === 'linux';
if (!LINUX) console.log('address-space-limit: skipped (ulimit -v and /proc are Linux\'s; run on Linux to test)');

const RULES = 'examples/ga4-default.channels';
const dir = mkdtempSync(path.join(os.tmpdir(), 'cr-address-space-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** More than one 4 MiB range, so that a run on two threads starts a worker at once. */
function manyEvents(): string {
  const sources = [
    ['google', 'cpc'],
    ['newsletter', 'email'],
    ['facebook', 'social'],
    ['bing', 'organic'],
  ];
  const lines: string[] = [];
  const start = Date.parse('2024-03-01T00:00:00Z');
  for (let k = 0; k < 60_000; k++) {
    const [source, medium] = sources[k % sources.length]!;
    const time = new Date(start + k * 7_000).toISOString();
    lines.push(JSON.stringify({ user_id: `user-${k % 4_999}`, time, event_type: k % 9 === 0 ? 'purchase' : 'page_view', utm_source: source, utm_medium: medium }));
  }
  return `${lines.join('\n')}\n`;
}

/** The address space of a Node process that has just started, in bytes (its VmSize). */
function nodeBaseline(): number {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(/VmSize:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1])"], { encoding: 'utf8' });
  return Number(probe.stdout) * 1024;
}

/** The CLI with the soft and hard address-space limit at `bytes`. */
function runLimited(bytes: number, args: string[]): CliResult {
  const result = spawnSync('/bin/sh', ['-c', `ulimit -v ${Math.floor(bytes / 1024)} && exec "$0" "$@"`, process.execPath, BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

describe.skipIf(!LINUX)('under an address-space limit', () => {
  const baseline = LINUX ? nodeBaseline() : 0;
  // Room for the run's data but not for a worker (about 0.9 GB), and room for one worker
  // besides: both far below the 10 GB a WebAssembly memory reserves.
  const tight = baseline + (700 << 20);
  const roomy = baseline + 2.5 * 2 ** 30;

  it('gives the same NDJSON report with no WebAssembly and no room for a worker', () => {
    const events = path.join(dir, 'events.ndjson');
    writeFileSync(events, manyEvents());
    const args = ['report', RULES, '--events', events, '--format', 'json', '--threads', '2'];
    const expected = runCli(args);
    expect(expected.code).toBe(0);
    for (const limit of [tight, roomy]) {
      const limited = runLimited(limit, args);
      expect({ limit, code: limited.code, stderr: limited.stderr }).toEqual({ limit, code: 0, stderr: '' });
      expect(limited.stdout).toBe(expected.stdout);
    }
  });

  it('reads Snappy pages of Parquet without WebAssembly', () => {
    const args = ['report', 'examples/amplitude-example.channels', '--events', 'test/fixtures/containers/events.parquet', '--format', 'json'];
    const expected = runCli(args);
    expect(expected.code).toBe(0);
    const limited = runLimited(tight, args);
    expect({ code: limited.code, stderr: limited.stderr }).toEqual({ code: 0, stderr: '' });
    expect(limited.stdout).toBe(expected.stdout);
  });
});
