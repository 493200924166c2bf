// When the main thread of a threaded report merges what is read (engine/report/
// threaded-report): it holds the merging back only while the next range of lines may go
// to a worker that can take it, so rows and progress still come as a JSON array's
// batches are read; and a worker's range that fails while the ranges before it are
// still being read is one error, never the process's unhandled rejection.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { checkRules } from '../../engine/check/check-rules';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import { EventFileError } from '../../engine/events/event-format';
import { runReportThreaded } from '../../engine/report/threaded-report';

const ROOT = path.join(__dirname, '..', '..');
const WORKER = path.join(ROOT, 'dist', 'range-worker.js');
const folder = mkdtempSync(path.join(tmpdir(), 'threaded-merging-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const RULES = 'channel "Email"\n  when utm_medium = "email"\notherwise "Direct"\n';
const T0 = Date.UTC(2024, 0, 1);
const compile = () => compileClassifier(checkRules(parseChannels(RULES), RULES));
const record = (i: number) => ({ user_id: `u${i % 13}`, time: T0 + i * 60_000, event_type: 'view', utm_medium: i % 3 === 0 ? 'email' : 'cpc', pad: 'x'.repeat(40) });

/** dist/range-worker.js, but its range number `failAt` fails as a damaged file and its range number `slowAt` is answered `delayMs` late. */
function unreliableWorker(failAt: number, slowAt: number, delayMs: number): string {
  const script = path.join(folder, `worker-${failAt}-${slowAt}.cjs`);
  writeFileSync(
    script,
    `const { parentPort } = require('node:worker_threads');
const on = parentPort.on.bind(parentPort);
let ranges = 0;
parentPort.on = (event, listener) => on(event, event !== 'message' ? listener : (job) => {
  if (job.kind === 'attribution' || job.kind === 'setup') return listener(job);
  ranges++;
  if (ranges === ${failAt}) return parentPort.postMessage({ id: job.id, error: 'damaged range', fileError: true });
  if (ranges === ${slowAt}) return setTimeout(() => listener(job), ${delayMs});
  listener(job);
});
require(${JSON.stringify(WORKER)});
`,
  );
  return script;
}

describe('the threaded report merging', () => {
  it('hands on rows while a JSON array is read, with a worker started and idle', async () => {
    const file = path.join(folder, 'array.json');
    writeFileSync(file, JSON.stringify(Array.from({ length: 30_000 }, (_, i) => record(i))));
    const size = statSync(file).size;
    // The bytes read, and the rows handed on, at each piece merged.
    const merged: Array<{ read: number; rows: number }> = [];
    let rows = 0;
    await runReportThreaded({
      source: { path: file },
      classifier: compile(),
      threads: 2,
      rangeSize: 64 * 1024,
      workerScript: WORKER,
      onProgress: (progress) => {
        if (progress.phase === 'reading') merged.push({ read: progress.read, rows });
      },
      onClassifiedRows: (batch) => {
        rows += batch.length;
      },
    });
    expect(rows).toBe(30_000);
    // Rows came before half the file was read (held back by a warm worker, none came before the whole file was).
    expect(merged.find((at) => at.rows > 0)!.read).toBeLessThan(size / 2);
  });

  it('is one error when a worker range fails while the one before it is still read, with no unhandled rejection', async () => {
    const file = path.join(folder, 'events.ndjson');
    writeFileSync(file, Array.from({ length: 2000 }, (_, i) => JSON.stringify(record(i))).join('\n') + '\n');
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    try {
      const run = runReportThreaded({ source: { path: file }, classifier: compile(), threads: 2, rangeSize: 2000, workerScript: unreliableWorker(2, 1, 300), onClassifiedRows: () => undefined });
      await expect(run).rejects.toThrow(EventFileError);
      await expect(run).rejects.toThrow(/damaged range/);
      // Unhandled rejections are reported after an event loop turn.
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });
});
