// The NDJSON and JSON-array splitters fed tiny chunks: records whose strings are full
// of backslash runs and escaped quotes, cut anywhere (inside a run of backslashes too),
// read as JSON.parse reads them; and an NDJSON line too long to hold is skipped, the
// lines around it read.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventBatch } from '../../engine/events/event';
import { JsonArraySplitter } from '../../engine/events/json-array-splitter';
import { NdjsonSplitter } from '../../engine/events/ndjson-splitter';

const tricky = fc.string({ unit: fc.constantFrom('\\', '"', 'a', ',', '{', '}', '[', ']', '\n', 'é') });
const record = fc.dictionary(fc.constantFrom('a', 'b', 'c\\', '"'), fc.oneof(tricky, fc.integer(), fc.array(tricky, { maxLength: 3 })), { maxKeys: 4 });

function feed(splitter: { push(chunk: string, batch: EventBatch): void; end(batch: EventBatch): void }, text: string, sizes: number[]): EventBatch {
  const batch: EventBatch = { events: [], skipped: [] };
  let at = 0;
  let k = 0;
  while (at < text.length) {
    const size = sizes.length === 0 ? text.length : 1 + (sizes[k++ % sizes.length]! % 5);
    splitter.push(text.slice(at, at + size), batch);
    at += size;
  }
  splitter.end(batch);
  return batch;
}

describe('splitters fed tiny chunks', () => {
  it('NDJSON: the records JSON.parse reads, with their line numbers', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 6 }), fc.constantFrom('\n', '\r\n'), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), (records, eol, sizes) => {
        const text = records.map((r) => JSON.stringify(r)).join(eol);
        const batch = feed(new NdjsonSplitter(), text, sizes);
        expect(batch.skipped).toEqual([]);
        expect(batch.events).toEqual(records.map((props, k) => ({ line: k + 1, props })));
      }),
      { numRuns: 300 },
    );
  });

  it('NDJSON: a damaged CRLF line is skipped with the reason of the same line in an LF file', () => {
    const lines = ['{"n":1}', 'not json', '{"n":2', '"text"', '{"n":3} x', '{"n":4}'];
    for (const sizes of [[], [1, 7, 2], [4]]) {
      const lf = feed(new NdjsonSplitter(), lines.join('\n'), sizes);
      const crlf = feed(new NdjsonSplitter(), `${lines.join('\r\n')}\r\n`, sizes);
      expect(crlf).toEqual(lf);
      expect(crlf.skipped.map((s) => s.line)).toEqual([2, 3, 4, 5]);
      for (const { reason } of crlf.skipped) expect(reason).not.toContain('\r');
    }
  });

  it('JSON array: the elements JSON.parse reads', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 6 }), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), (records, sizes) => {
        const text = JSON.stringify(records, null, records.length % 2 === 0 ? undefined : 1);
        const batch = feed(new JsonArraySplitter('events.json'), text, sizes);
        expect(batch.skipped).toEqual([]);
        expect(batch.events).toEqual(records.map((props, k) => ({ line: k + 1, props })));
      }),
      { numRuns: 300 },
    );
  });

  it('NDJSON: a line longer than the longest string is skipped with the reason, its neighbours read', () => {
    const long = JSON.stringify({ a: 'x'.repeat(100) });
    const text = `{"n":1}\n${long}\r\n{"n":3}\n${long}`;
    // Real chunks are ~1 MB, so such a line always spans chunks; a line inside one chunk is held already.
    for (const sizes of [[3], [1, 7, 2], [40]]) {
      const batch = feed(new NdjsonSplitter(50), text, sizes);
      expect(batch.events).toEqual([
        { line: 1, props: { n: 1 } },
        { line: 3, props: { n: 3 } },
      ]);
      expect(batch.skipped.map((s) => s.line)).toEqual([2, 4]);
      expect(batch.skipped[0]!.reason).toBe('line longer than 50 characters, the longest text JavaScript can hold');
    }
  });

  it('JSON array: an element longer than the limit is skipped with the reason as it streams, the elements around it read', () => {
    const long = JSON.stringify({ a: 'x'.repeat(100), b: ['"]', { c: '\\' }] });
    const text = `[{"n":1}, ${long},\n{"n":3}, ${long}]`;
    for (const sizes of [[], [3], [1, 7, 2], [40]]) {
      const splitter = new JsonArraySplitter('events.json', 50);
      const batch = feed(splitter, text, sizes);
      expect(batch.events).toEqual([
        { line: 1, props: { n: 1 } },
        { line: 3, props: { n: 3 } },
      ]);
      expect(batch.skipped).toEqual([
        { line: 2, reason: 'array element longer than 64 MiB, the limit for one event' },
        { line: 4, reason: 'array element longer than 64 MiB, the limit for one event' },
      ]);
    }
  });

  it('JSON array: a file of one endless element holds at most the limit', () => {
    const splitter = new JsonArraySplitter('events.json', 1000);
    const batch: EventBatch = { events: [], skipped: [] };
    splitter.push('[{"a":"', batch);
    for (let k = 0; k < 200; k++) splitter.push('x'.repeat(100), batch);
    // The text of the element is not kept past the limit.
    expect((splitter as unknown as { pieces: string[] }).pieces).toEqual([]);
    splitter.end(batch);
    expect(batch.skipped).toEqual([{ line: 1, reason: 'the JSON array is not closed (missing "]")' }]);
  });
});
