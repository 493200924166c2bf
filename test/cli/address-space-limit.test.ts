// The CLI under an address-space limit (Linux `ulimit -v`, as shared hosts and build
// sandboxes set it). Below about 10 GB no WebAssembly memory can be had (its guard
// regions: engine/wasm-memory), and a worker thread the limit has no room for ends the
// whole process (engine/address-space). The report is then read with JSON.parse and
// Parquet's Snappy pages with hyparquet's own decoder, on the threads that fit: the
// same output as without the limit. Without the fallbacks the first run below fails
// with "WebAssembly.Instance(): Out of memory" and, once past that, dies of SIGTRAP as
// its worker starts; counting a later worker at what shows just after it starts (70 MB,
// not its 0.59 GB), the runs of eight threads died too; and just above 10 GB a
// WebAssembly memory was granted and left the run too little. A preload
// (test/support/count-resources.cjs) counts the workers and WebAssembly instances each
// run makes, and stands in for a machine of eight cores.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cpuQuota } from '../../cli/cpu-quota';
import { nodeBaseline, underLimit } from '../support/address-space-limit';
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

const COUNTER = path.join(ROOT, 'test', 'support', 'count-resources.cjs');

/**
 * The CLI with the soft and hard address-space limit at `bytes`, and how many worker
 * threads and WebAssembly instances it made (-1: it did not reach its exit handler, a
 * fatal error); `cores`: the cores it is told it has.
 */
function runLimited(bytes: number | 'unlimited', args: string[], cores?: number): CliResult & { workers: number; wasm: number } {
  const counted = path.join(dir, `counts-${process.hrtime.bigint()}`);
  const result = spawnSync(...underLimit(bytes, [process.execPath, '-r', COUNTER, BIN, ...args]), {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, COUNTS_FILE: counted, ...(cores === undefined ? {} : { FAKE_CORES: String(cores) }) },
  });
  let counts = { workers: -1, wasm: -1 };
  try {
    counts = JSON.parse(readFileSync(counted, 'utf8')) as typeof counts;
  } catch {
    // No counts: the process did not reach its exit handler (a fatal error).
  }
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, ...counts };
}

describe.skipIf(!LINUX)('under an address-space limit', () => {
  const baseline = LINUX ? nodeBaseline() : 0;
  // All far below the 10 GB a WebAssembly memory reserves: room for the run's data but
  // not for a worker (the first takes 0.85 GB), for a worker or two, and for a few of
  // the seven that eight threads ask for (each later one takes 0.59 GB).
  const GiB = 2 ** 30;
  const tight = baseline + 0.7 * GiB;
  const roomy = baseline + 2.5 * GiB;
  const crowded = baseline + 3.8 * GiB;
  const events = path.join(dir, 'events.ndjson');
  const report = (threads?: number) => ['report', RULES, '--events', events, '--format', 'json', ...(threads === undefined ? [] : ['--threads', String(threads)])];
  let expected: CliResult;

  it('gives the same NDJSON report with no WebAssembly, on the threads that fit', () => {
    writeFileSync(events, manyEvents());
    expected = runCli(report(2));
    expect(expected.code).toBe(0);
    // With eight, the worker the CLI started as it loaded is counted again when its
    // reservations show in the process's size by the time the run looks (3), not when
    // they do not yet (4): either errs on the safe side.
    for (const [limit, threads, fewest, most] of [
      [tight, 2, 0, 0],
      [roomy, 2, 1, 1],
      [crowded, 8, 3, 4],
    ] as const) {
      const limited = runLimited(limit, report(threads));
      expect({ threads, code: limited.code, stderr: limited.stderr }).toEqual({ threads, code: 0, stderr: '' });
      expect(limited.workers).toBeGreaterThanOrEqual(fewest);
      expect(limited.workers).toBeLessThanOrEqual(most);
      expect(limited.stdout).toBe(expected.stdout);
    }
  });

  // Under a CPU quota below eight the CLI starts fewer threads than the cores it is told of (cli/cpu-quota).
  const quota = LINUX ? cpuQuota() : undefined;
  if (quota !== undefined && quota < 8) console.log(`address-space-limit: the eight-core case skipped (a CPU quota of ${quota} here; run it where there is none)`);
  it.skipIf(quota !== undefined && quota < 8)('starts no more early workers than fit, as on a machine of eight cores', () => {
    // The CLI starts its workers as it loads (cli/early-reading-threads), one per core
    // but one, before the process's size shows the ones it has just started.
    for (const [limit, workers] of [
      [roomy, 2],
      [crowded, 4],
    ] as const) {
      const limited = runLimited(limit, report(), 8);
      expect({ code: limited.code, stderr: limited.stderr, workers: limited.workers }).toEqual({ code: 0, stderr: '', workers });
      expect(limited.stdout).toBe(expected.stdout);
    }
  });

  it('makes no WebAssembly memory that would leave the run too little, just above 10 GB', () => {
    // Without a limit the projection's scanner is made; 10.3 GiB above what Node holds,
    // one memory (10 GiB) would be granted and leave the run about 0.3 GiB, where it
    // died in V8 (SIGSEGV or a fatal out-of-memory error) on this file or larger ones.
    const free = runLimited('unlimited', report(1));
    expect({ code: free.code, stdout: free.stdout }).toEqual({ code: 0, stdout: expected.stdout });
    expect(free.wasm).toBeGreaterThan(0);
    const limited = runLimited(baseline + 10.3 * GiB, report(1));
    expect({ code: limited.code, stderr: limited.stderr, wasm: limited.wasm }).toEqual({ code: 0, stderr: '', wasm: 0 });
    expect(limited.stdout).toBe(expected.stdout);
  });

  it('reads Snappy pages of Parquet without WebAssembly', () => {
    const args = ['report', 'examples/amplitude-example.channels', '--events', 'test/fixtures/containers/events.parquet', '--format', 'json'];
    const expected = runCli(args);
    expect(expected.code).toBe(0);
    expect(runLimited('unlimited', args).wasm).toBeGreaterThan(0);
    // Refused (below 10 GB), and not asked for where it would be granted and leave too little.
    for (const limit of [tight, baseline + 10.3 * GiB]) {
      const limited = runLimited(limit, args);
      expect({ limit, code: limited.code, stderr: limited.stderr, wasm: limited.wasm }).toEqual({ limit, code: 0, stderr: '', wasm: 0 });
      expect(limited.stdout).toBe(expected.stdout);
    }
  });
});
