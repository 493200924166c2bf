// A line longer than the splitter's limit is skipped as it streams, whatever the
// chunking; every other line reads as JSON.parse reads it.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventBatch } from '../../engine/events/event';
import { NdjsonSplitter } from '../../engine/events/ndjson-splitter';

function split(text: string, cuts: number[], maxLine: number): EventBatch {
  const splitter = new NdjsonSplitter(maxLine);
  const batch: EventBatch = { events: [], skipped: [] };
  let start = 0;
  for (const cut of [...cuts.map((c) => c % (text.length + 1))].sort((a, b) => a - b)) {
    splitter.push(text.slice(start, Math.max(start, cut)), batch);
    start = Math.max(start, cut);
  }
  splitter.push(text.slice(start), batch);
  splitter.end(batch);
  return batch;
}

describe('NDJSON line limit', () => {
  it('skips exactly the lines longer than the limit, however the text is cut', () => {
    const lineArb = fc.oneof(
      fc.record({ user_id: fc.string({ maxLength: 30 }) }).map((o) => JSON.stringify(o)),
      fc.constant(''),
      fc.string({ maxLength: 40 }).filter((s) => !s.includes('\n')),
    );
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 6 }), fc.integer({ min: 1, max: 40 }), (lines, cuts, maxLine) => {
        const text = lines.join('\n');
        const got = split(text, cuts, maxLine);
        const events: EventBatch['events'] = [];
        const skipped: EventBatch['skipped'] = [];
        lines.forEach((line, index) => {
          const number = index + 1;
          // A last line without newline is kept whole until the end: only the limit decides.
          if (line.length > maxLine) skipped.push({ line: number, reason: `line longer than ${maxLine} characters` });
          else if (line.trim() === '') return;
          else {
            try {
              const value: unknown = JSON.parse(line);
              if (value !== null && typeof value === 'object' && !Array.isArray(value)) events.push({ line: number, props: value as Record<string, unknown> });
              else skipped.push({ line: number, reason: expect.stringMatching(/^not a JSON object/) as unknown as string });
            } catch {
              skipped.push({ line: number, reason: expect.stringMatching(/^invalid JSON/) as unknown as string });
            }
          }
        });
        expect(got.events).toEqual(events);
        expect(got.skipped).toEqual(skipped);
      }),
      { numRuns: 300 },
    );
  });
});
