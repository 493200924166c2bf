// A CSV file starting with the UTF-16LE byte order mark is UTF-16 text, decoded by the
// reader (engine/events/csv-input, engine/text/utf16le-stream) and given to csv-parse as
// UTF-8. From standard input it was refused when the first chunk was the byte FF alone
// (taken for UTF-8), its line numbers drifted when a chunk cut a code unit or a CRLF
// (csv-parse looked ahead two bytes for a line break of four), and csv-parse took a
// comma from the bytes of two code units ("Ⱡ一": 60 2C 00 4E). Now the rows, values and
// lines are the same however the bytes are cut, and a lone surrogate is kept as
// Buffer#toString('utf16le') keeps it.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventBatch } from '../../engine/events/event';
import { readEventStream } from '../../engine/events/read-events';
import { collect, pieces, cutAt } from '../support/event-chunks';

const utf16 = (text: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const read = (parts: Buffer[]): Promise<EventBatch> => collect(readEventStream(pieces(parts), 'csv', 'standard input'));

describe('CSV in UTF-16LE', () => {
  const texts: Array<[string, string]> = [
    ['CRLF', 'user_id,time,utm_medium\r\nu1,2024-01-01T10:00:00Z,email\r\nu2,2024-01-01T10:01:00Z,"two\r\nlines"\r\nu3,3,café\r\n'],
    ['LF', 'user_id,time,utm_medium\nu1,2024-01-01T10:00:00Z,email\n\nu2,2024-01-01T10:01:00Z,"two\nlines"\nu3,3,😀\n'],
    ['CR', 'user_id,time,utm_medium\ru1,1,email\ru2,2,"a\rb"\ru3,3,x\r'],
  ];

  it.each(texts)('%s: the same rows, values and lines at a cut at every offset, and in 1-byte chunks', async (_, text) => {
    const bytes = utf16(text);
    const whole = await read([bytes]);
    expect(whole.skipped).toEqual([]);
    // What the text itself reads as (UTF-8 text, no cut): the lines too.
    expect(whole).toEqual(await collect(readEventStream(pieces([text]), 'csv', 'standard input')));
    // From offset 2 (the byte order mark whole): a cut inside a code unit or a CRLF once moved the lines.
    for (let at = 2; at <= bytes.length; at++) expect(await read(cutAt(bytes, [at]))).toEqual(whole);
    const oneByte = Array.from(bytes, (byte) => Buffer.of(byte));
    expect(await read([Buffer.concat(oneByte.slice(0, 2)), ...oneByte.slice(2)])).toEqual(whole);
    expect(await read(cutAt(bytes, [1]))).toEqual(whole);
    expect(await read(oneByte)).toEqual(whole);
  });

  it('the first chunk the byte FF alone is not taken for UTF-8', async () => {
    const bytes = utf16('user_id,time,x\nu1,1,a\n');
    expect(await read([bytes.subarray(0, 1), bytes.subarray(1)])).toEqual({ events: [{ line: 2, props: { user_id: 'u1', time: '1', x: 'a' } }], skipped: [] });
  });

  it('a comma is never found across two code units', async () => {
    const read1 = await read([utf16('user_id,time,x\nu1,1,\u2c60\u4e00y\n')]);
    expect(read1.events).toEqual([{ line: 2, props: { user_id: 'u1', time: '1', x: '\u2c60\u4e00y' } }]);
  });

  it('random rows cut anywhere: what the text reads as', async () => {
    const cell = fc.oneof(
      fc.constantFrom('', 'x', 'é😀', '\u2c60\u4e00', '\u0a15\u4e00', '1704103200000'),
      fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r\n', '\r', ' ', 'ü', '😀', '\u2200') }).map((s) => `"${s.replace(/"/g, '""')}"`),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (rows, eol, cuts) => {
          const text = ['a,b,c', ...rows.map((row) => row.join(','))].join(eol) + eol;
          const expected = await collect(readEventStream(pieces([text]), 'csv', 'x'));
          expect(await read(cutAt(utf16(text), cuts))).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a lone surrogate is kept, as Buffer#toString("utf16le") keeps it; an odd last byte is dropped', async () => {
    const bytes = Buffer.concat([utf16('user_id,time,x,y\nu1,1,a\ud800b,\udc00\nu2,2,\ud83d\n'), Buffer.of(0x41)]);
    const expected = {
      events: [
        { line: 2, props: { user_id: 'u1', time: '1', x: 'a\ud800b', y: '\udc00' } },
        { line: 3, props: { user_id: 'u2', time: '2', x: '\ud83d' } },
      ],
      skipped: [],
    };
    expect(await read([bytes])).toEqual(expected);
    expect(await read(Array.from(bytes, (byte) => Buffer.of(byte)))).toEqual(expected);
  });
});
