// The columns of a threaded report grow to the event count estimated from the bytes
// read so far (engine/report/threaded-report's expectEvents) rather than by doubling.
// When the last range holds more events than estimated (its lines are shorter than
// those before), the count is then known: the columns grow to it, not to twice their room.
// Until an eighth of the file is read they grow by doubling, never to more than twice
// what they hold (the start of a file may be denser than the rest: an estimate far too
// high); from an eighth on, to the estimate at once, which is then at most 8.4 times
// the events read.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { checkRules } from '../../engine/check/check-rules';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import { EventColumns } from '../../engine/report/event-columns';
import { parseReportSettings } from '../../engine/report/report-settings';
import { runReportThreaded } from '../../engine/report/threaded-report';

const WORKER = path.join(__dirname, '..', '..', 'dist', 'range-worker.js');
const folder = mkdtempSync(path.join(tmpdir(), 'threaded-growth-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const RULES = 'channel "A"\n  when event_type = "view"\n';
const T0 = Date.UTC(2024, 0, 1);

const line = (i: number, padding: number) => JSON.stringify({ user_id: `u${i % 50}`, time: T0 + i * 1000, event_type: 'view', padding: 'x'.repeat(padding) });

/** The threaded report of `lines`, and every capacity its columns reserved. */
async function reservations(name: string, lines: string[]): Promise<{ events: number; reserved: number[] }> {
  const events = path.join(folder, name);
  writeFileSync(events, lines.join('\n') + '\n');
  const reserved: number[] = [];
  const prototype = EventColumns.prototype as unknown as { reserve(capacity: number): void };
  const reserve = prototype.reserve;
  vi.spyOn(prototype, 'reserve').mockImplementation(function (this: unknown, capacity: number) {
    reserved.push(capacity);
    reserve.call(this, capacity);
  });
  const result = await runReportThreaded({
    source: { path: events },
    classifier: compileClassifier(checkRules(parseChannels(RULES), RULES)),
    settings: parseReportSettings({}),
    threads: 2,
    rangeSize: 64 * 1024,
    workerScript: WORKER,
  });
  return { events: result.events, reserved };
}

describe('threaded report columns', () => {
  it('grow to the final count when the last range holds more events than estimated', async () => {
    const lines = [...Array.from({ length: 3000 }, (_, i) => line(i, 440)), ...Array.from({ length: 900 }, (_, i) => line(3000 + i, 0))];
    const { events, reserved } = await reservations('short-lines-last.ndjson', lines);
    expect(events).toBe(3900);
    expect(Math.max(...reserved)).toBeLessThanOrEqual(Math.ceil(3900 * 1.05));
  });

  it('grow to the estimate at once from an eighth of the file, not by doublings', async () => {
    const lines = Array.from({ length: 40_000 }, (_, i) => line(i, 20));
    const { events, reserved } = await reservations('uniform.ndjson', lines);
    expect(events).toBe(40_000);
    // Doublings from the first range's room until an eighth is read, then the estimate.
    expect(reserved.filter((capacity) => capacity > events / 4 && capacity < events)).toEqual([]);
    expect(Math.max(...reserved)).toBeLessThanOrEqual(events * 1.06);
  });

  it('grow to at most 8.4 times the events when a dense first eighth makes the estimate far too high', async () => {
    const lines = [...Array.from({ length: 20_000 }, (_, i) => line(i, 0)), ...Array.from({ length: 2000 }, (_, i) => line(20_000 + i, 2000))];
    const { events, reserved } = await reservations('dense-eighth.ndjson', lines);
    expect(events).toBe(22_000);
    expect(Math.max(...reserved)).toBeGreaterThan(2 * events);
    expect(Math.max(...reserved)).toBeLessThanOrEqual(8.4 * events);
  });

  it('never grow past twice what they hold when less than an eighth of the file is denser than the rest', async () => {
    const lines = [...Array.from({ length: 6000 }, (_, i) => line(i, 0)), ...Array.from({ length: 2000 }, (_, i) => line(6000 + i, 2000))];
    const { events, reserved } = await reservations('short-lines-first.ndjson', lines);
    expect(events).toBe(8000);
    expect(Math.max(...reserved)).toBeLessThanOrEqual(2 * 8000);
  });
});
