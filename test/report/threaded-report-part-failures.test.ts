// A worker that fails while it attributes its range of the users for the report (after it
// has read its ranges well): the run is one EventFileError naming the file (the CLI:
// one line, exit 2), settled, not hanging, whatever way the worker fails.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { checkRules } from '../../engine/check/check-rules';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import { parseReportSettings } from '../../engine/report/report-settings';
import { runReport } from '../../engine/report/run-report';
import { runReportThreaded } from '../../engine/report/threaded-report';

const ROOT = path.join(__dirname, '..', '..');
const WORKER = path.join(ROOT, 'dist', 'range-worker.js');
const folder = mkdtempSync(path.join(tmpdir(), 'threaded-part-failures-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const RULES = `channel "Email"
  when utm_medium = "email"
otherwise "Direct"
`;
const T0 = Date.UTC(2024, 0, 1);

function compile(text: string) {
  return compileClassifier(checkRules(parseChannels(text), text));
}

/** dist/range-worker.js, reading as ever, that fails as `how` on its attribution. */
function failingWorker(how: 'error' | 'exit' | 'throw'): string {
  const script = path.join(folder, `worker-${how}.cjs`);
  writeFileSync(
    script,
    `const { parentPort } = require('node:worker_threads');
const on = parentPort.on.bind(parentPort);
parentPort.on = (event, listener) => on(event, event !== 'message' ? listener : (job) => {
  if (job.kind !== 'attribution') return listener(job);
  if (${JSON.stringify(how)} === 'error') parentPort.postMessage({ id: job.id, error: 'counting failed' });
  else if (${JSON.stringify(how)} === 'exit') process.exit(3);
  else setImmediate(() => { throw new Error('counting threw'); });
});
require(${JSON.stringify(WORKER)});
`,
  );
  return script;
}

const records = Array.from({ length: 400 }, (_, i) => JSON.stringify({ user_id: `u${i % 13}`, time: T0 + i * 60_000, event_type: i % 7 === 0 ? 'purchase' : 'view', utm_medium: i % 3 === 0 ? 'email' : undefined }));
const events = path.join(folder, 'events.ndjson');
writeFileSync(events, records.join('\n') + '\n');

describe('a worker that fails during the attribution', () => {
  it('reads as the real worker when nothing fails (the wrapper is sound)', async () => {
    const base = { source: { path: events }, classifier: compile(RULES), settings: parseReportSettings({ conversion: 'purchase' }) };
    const one = await runReport(base);
    const threaded = await runReportThreaded({ ...base, threads: 2, rangeSize: 500, workerScript: WORKER, attributeElsewhereFrom: 0 });
    expect(threaded.report).toEqual(one.report);
  });

  it.each([
    ['error', 2, /events\.ndjson: a reading thread failed: counting failed$/],
    ['exit', 2, /events\.ndjson: a reading thread stopped \(exit code 3\)$/],
    ['throw', 2, /events\.ndjson: a reading thread failed: counting threw$/],
    ['error', 3, /events\.ndjson: a reading thread failed: counting failed$/],
    ['exit', 3, /events\.ndjson: a reading thread stopped \(exit code 3\)$/],
  ] as const)('%s with %i threads: one EventFileError', async (how, threads, message) => {
    const run = runReportThreaded({
      source: { path: events },
      classifier: compile(RULES),
      settings: parseReportSettings({ conversion: 'purchase' }),
      threads,
      rangeSize: 500,
      workerScript: failingWorker(how),
      attributeElsewhereFrom: 0,
    });
    await expect(run).rejects.toMatchObject({ name: 'EventFileError', message: expect.stringMatching(message) });
  }, 20_000);
});
