// Reading threads started before their run (engine/report/early-range-workers, started
// by the CLI as it loads): a run adopts them, with the same report as on one thread;
// none is started twice; one that failed is not adopted; those not adopted end.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { checkRules } from '../../engine/check/check-rules';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import { earlyRangeWorkerCount, endEarlyRangeWorkers, startRangeWorkersEarly, startsWorkersAtOnce, takeEarlyRangeWorker } from '../../engine/report/early-range-workers';
import { parseReportSettings } from '../../engine/report/report-settings';
import { runReport, type RunReportOptions, type RunReportResult } from '../../engine/report/run-report';
import { runReportThreaded } from '../../engine/report/threaded-report';
import { startEarlyReadingThreads } from '../../cli/early-reading-threads';

const ROOT = path.join(__dirname, '..', '..');
const WORKER = path.join(ROOT, 'dist', 'range-worker.js');
const folder = mkdtempSync(path.join(tmpdir(), 'early-range-workers-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
afterEach(() => endEarlyRangeWorkers());

const RULES = `channel "Email"
  when utm_medium = "email"
channel "Search"
  when referring_domain in ["google.com", "bing.com"]
otherwise "Direct"
`;
const T0 = Date.UTC(2024, 0, 1);

function file(name: string, data: string): string {
  const full = path.join(folder, name);
  writeFileSync(full, data);
  return full;
}

function classifier() {
  return compileClassifier(checkRules(parseChannels(RULES), RULES));
}

const EVENTS = file(
  'events.ndjson',
  Array.from({ length: 300 }, (_, i) =>
    JSON.stringify({ user_id: `u${i % 11}`, time: T0 + i * 97_000, event_type: i % 13 === 0 ? 'purchase' : 'page_view', utm_medium: i % 4 === 0 ? 'email' : undefined, referrer: i % 5 === 0 ? 'https://www.google.com/' : undefined }),
  ).join('\n'),
);

function outcome(result: RunReportResult): string {
  return JSON.stringify({ report: result.report, events: result.events, skipped: result.skipped, channelNames: result.channelNames });
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('reading threads started before their run', () => {
  const base = (): RunReportOptions => ({
    source: { path: EVENTS },
    classifier: classifier(),
    settings: parseReportSettings({ conversion: 'purchase' }),
  });

  it('are adopted by the run, given their rules in their first message, and give the report of one thread', async () => {
    const one = outcome(await runReport(base()));
    startRangeWorkersEarly(WORKER, 2);
    expect(earlyRangeWorkerCount()).toBe(2);
    const three = outcome(await runReportThreaded({ ...base(), threads: 3, rangeSize: 500, workerScript: WORKER, attributeElsewhereFrom: 0 }));
    expect(three).toEqual(one);
    expect(earlyRangeWorkerCount()).toBe(0);
  });

  it('are started up to the count asked, not again; only a run of the same script adopts one; those not adopted end', async () => {
    startRangeWorkersEarly(WORKER, 1);
    startRangeWorkersEarly(WORKER, 1);
    expect(earlyRangeWorkerCount()).toBe(1);
    expect(takeEarlyRangeWorker(path.join(folder, 'another-worker.js'))).toBeUndefined();
    await endEarlyRangeWorkers();
    expect(earlyRangeWorkerCount()).toBe(0);
  });

  it('one that failed before its run is not adopted: the run starts its own', async () => {
    const broken = file('broken-worker.js', "throw new Error('broken');\n");
    startRangeWorkersEarly(broken, 1);
    await waitFor(() => earlyRangeWorkerCount() === 0);
    expect(earlyRangeWorkerCount()).toBe(0);
    expect(takeEarlyRangeWorker(broken)).toBeUndefined();
    const one = outcome(await runReport(base()));
    expect(outcome(await runReportThreaded({ ...base(), threads: 2, rangeSize: 500, workerScript: WORKER }))).toEqual(one);
  });

  it('start with the file when it is cut into more than one range (a compressed file: more than a sixteenth of one)', () => {
    expect(startsWorkersAtOnce('a.ndjson', 4 << 20)).toBe(false);
    expect(startsWorkersAtOnce('a.ndjson', (4 << 20) + 1)).toBe(true);
    expect(startsWorkersAtOnce('a.ndjson.gz', (4 << 16) + 1)).toBe(true);
    expect(startsWorkersAtOnce('a.zip', 4 << 16)).toBe(false);
    expect(startsWorkersAtOnce('a.csv', 1 << 30)).toBe(false);
    expect(startsWorkersAtOnce('a.ndjson', 301, 300)).toBe(true);
  });
});

describe('the CLI starts them from its arguments alone', () => {
  const big = file('big.ndjson', 'x'.repeat((4 << 20) + 1));
  const small = file('small.ndjson', '{}\n');
  const started = async (command: string, args: string[], script = WORKER): Promise<number> => {
    startEarlyReadingThreads(command, args, folder, script);
    const count = earlyRangeWorkerCount();
    await endEarlyRangeWorkers();
    return count;
  };

  it('for report and classify on a file of several ranges, threads − 1 of them, as many as there are idle cores', async () => {
    const cores = availableParallelism();
    const early = (threads: number) => Math.min(threads, cores) - 1;
    expect(await started('report', ['rules.channels', '--events', big, '--threads', '2'])).toBe(early(2));
    expect(await started('report', ['rules.channels', `--events=${path.basename(big)}`, '--threads=3', '--format', 'json'])).toBe(early(3));
    expect(await started('report', ['rules.channels', '--events', big, '--threads', '256'])).toBe(early(256));
    expect(await started('classify', ['rules.channels', '--events', big, '--threads', '2'])).toBe(early(2));
  });

  it('never throws: a thread that cannot be started is left to the run', async () => {
    // A script path Node refuses at once (not absolute, not ./ or ../), as it would refuse a thread under a limit on processes.
    expect(() => startRangeWorkersEarly('not-a-worker-path.js', 2)).not.toThrow();
    expect(earlyRangeWorkerCount()).toBe(0);
    expect(await started('report', [], WORKER)).toBe(0);
    expect(await started('report', ['--events'], WORKER)).toBe(0);
    expect(await started('report', ['--events', big, '--threads', '2', '--threads'], WORKER)).toBe(Math.min(2, availableParallelism()) - 1);
  });

  it('not for one thread, the HTML report, standard input, a small, missing or non-events file, other commands, or without the bundled worker', async () => {
    expect(await started('report', ['r', '--events', big, '--threads', '1'])).toBe(0);
    expect(await started('report', ['r', '--events', big, '--threads', '2', '--format', 'html'])).toBe(0);
    expect(await started('report', ['r', '--events', big, '--threads', '2', '--format=HTML'])).toBe(0);
    expect(await started('report', ['r', '--events', '-', '--threads', '2'])).toBe(0);
    expect(await started('report', ['r', '--events', small, '--threads', '2'])).toBe(0);
    expect(await started('report', ['r', '--events', path.join(folder, 'missing.ndjson'), '--threads', '2'])).toBe(0);
    expect(await started('report', ['r', '--events', file('big.csv', 'x'.repeat((4 << 20) + 1)), '--threads', '2'])).toBe(0);
    expect(await started('report', ['r', '--events', folder, '--threads', '2'])).toBe(0);
    expect(await started('report', ['r', '--events', big, '--threads', 'two'])).toBe(0);
    expect(await started('check', ['r', '--events', big, '--threads', '2'])).toBe(0);
    expect(await started('report', ['r', '--events', big, '--threads', '2'], path.join(folder, 'no-worker.js'))).toBe(0);
  });
});
