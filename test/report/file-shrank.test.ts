// An events file that shrinks while it is read (engine/events/file-shrank): the run
// stops with one line saying so, on one thread and on several. The threaded reader knew
// the size it expected and took a short read for the file's end: a 563 MB file
// truncated mid-run gave a report of 44,633 events, exit 0, and no word. The file is
// truncated here at a point of the reading, not at a time: between two ranges, and when
// the first events are classified.
import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { checkRules } from '../../engine/check/check-rules';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import { EventFileError } from '../../engine/events/event-format';
import { nominalRanges, openForRanges, readLinesStartingIn } from '../../engine/events/file-line-ranges';
import { parseReportSettings } from '../../engine/report/report-settings';
import { runReportThreaded } from '../../engine/report/threaded-report';

const WORKER = path.join(__dirname, '..', '..', 'dist', 'range-worker.js');
const folder = mkdtempSync(path.join(tmpdir(), 'file-shrank-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const RULES = 'channel "A"\n  when event_type = "view"\n';
const T0 = Date.UTC(2024, 0, 1);

/** An NDJSON file of `count` events, about 100 bytes each; its path and size. */
function eventsFile(name: string, count: number): { file: string; size: number } {
  const file = path.join(folder, name);
  const line = (i: number) => JSON.stringify({ user_id: `u${i % 50}`, time: T0 + i * 1000, event_type: 'view', padding: 'x'.repeat(40) });
  writeFileSync(file, Array.from({ length: count }, (_, i) => line(i)).join('\n') + '\n');
  return { file, size: statSync(file).size };
}

const shrank = (file: string, size: number, end: number) => `${file}: the events file changed while it was read: it shrank from ${size} bytes to ${end}`;

describe('an events file that shrinks while it is read', () => {
  it('a range read after the file was cut short throws, its own bytes or its last line', () => {
    const { file, size } = eventsFile('ranges.ndjson', 100);
    const ranges = nominalRanges(size, 1000);
    const opened = openForRanges(file, size);
    try {
      expect(readLinesStartingIn(opened.readAt, size, ranges[0]!.start, ranges[0]!.end, 1 << 20).bytes.length).toBeGreaterThan(0);
      // Cut inside the second range's own bytes.
      truncateSync(file, ranges[1]!.start + 500);
      expect(() => readLinesStartingIn(opened.readAt, size, ranges[1]!.start, ranges[1]!.end, 1 << 20)).toThrow(new EventFileError(shrank(file, size, ranges[1]!.start + 500)));
      // Written again whole, then cut at the third range's end, inside its last line, which is read on past it.
      const third = ranges[2]!;
      eventsFile('ranges.ndjson', 100);
      expect(readFileSync(file).subarray(0, third.end).at(-1)).not.toBe(0x0a);
      truncateSync(file, third.end);
      expect(() => readLinesStartingIn(opened.readAt, size, third.start, third.end, 1 << 20)).toThrow(new EventFileError(shrank(file, size, third.end)));
    } finally {
      opened.close();
    }
  });

  for (const threads of [1, 2]) {
    it(`the report stops with one line when the file is cut short as its first events are classified: ${threads === 1 ? 'the streaming reader (runReport)' : 'ranges on two threads'}`, async () => {
      const { file, size } = eventsFile(`cut-${threads}.ndjson`, 100_000);
      let cut = false;
      const onFirst = (): undefined => {
        if (!cut) truncateSync(file, 0);
        cut = true;
        return undefined;
      };
      const run = runReportThreaded({
        source: { path: file },
        classifier: compileClassifier(checkRules(parseChannels(RULES), RULES)),
        settings: parseReportSettings({}),
        threads,
        rangeSize: 64 * 1024,
        workerScript: WORKER,
        // One thread: runReport, with the report's events; two: the threaded reader, with classify's rows.
        ...(threads === 1 ? { onClassified: onFirst } : { onClassifiedRows: onFirst }),
      });
      await expect(run).rejects.toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the events file changed while it was read: it shrank from ${size} bytes to \\d+$`));
      expect(cut).toBe(true);
    });
  }
});
