// A CSV row longer than the limit (64 MiB; small ones here, through readCsvBatches'
// maxRowBytes) is skipped with its line and the rows after it are read with theirs
// (engine/events/csv-row-limit). csv-parse's own limit once stopped it reading: every
// later chunk failed at its first byte, so a 70 MB row lost the rows after it and was
// reported once per chunk (test/cli/rules-file-limits.test.ts runs the real limit). The
// limit finds rows as csv-parse does: on random text cut anywhere, a limit of 0 (every
// row skipped) ends each row where csv-parse ends it, with its line breaks.

import { parse, type Info, type InfoRecord } from 'csv-parse';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsvBatches } from '../../engine/events/csv-reader';
import { CsvRowLimit } from '../../engine/events/csv-row-limit';
import { RECORD_TOO_LONG } from '../../engine/events/record-limit';
import { collect, pieces, cutAt } from '../support/event-chunks';

const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);
const TOO_LONG = `CSV: a row ${RECORD_TOO_LONG}`;

/** Where csv-parse ends each row of `text` (after its line break), with the line breaks inside its cells; an unclosed quote's row ends at the end. */
function csvParseRows(text: Uint8Array): Array<{ end: number; breaks: number }> {
  const rows: Array<{ end: number; breaks: number }> = [];
  const parser = parse({
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    on_record: (record: string[], info: InfoRecord) => {
      rows.push({ end: info.bytes, breaks: record.join('').match(/\r\n|\r|\n/g)?.length ?? 0 });
      return undefined;
    },
    on_skip: (error: (Error & Partial<Info>) | undefined) => {
      if (error !== undefined) rows.push({ end: text.length, breaks: 0 });
      return undefined;
    },
  });
  parser.write(Buffer.from(text));
  parser.end();
  return rows;
}

/** Where the limit ends each row when every row is too long (a limit of 0), reading `text` in the given pieces. */
function limitRows(parts: readonly Uint8Array[], total: number): Array<{ end: number; breaks: number }> {
  const limit = new CsvRowLimit(0);
  const rows: Array<{ end: number; breaks: number }> = [];
  let offset = 0;
  for (const part of parts) {
    let at = 0;
    while (at < part.length) {
      const wasSkipping = limit.skipping;
      at = limit.read(part, at);
      if (wasSkipping && !limit.skipping) rows.push({ end: offset + at, breaks: limit.skippedRowBreaks });
    }
    offset += part.length;
  }
  if (limit.skipping) rows.push({ end: total, breaks: 0 });
  return rows;
}

describe('the CSV row limit finds rows as csv-parse does', () => {
  it('on random text cut anywhere: each row ends where csv-parse ends it, with as many line breaks', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'é', ',', '"', '""', '\r', '\n', '\r\n', ' '), maxLength: 40 });
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 6 }), (source, cuts) => {
        const bytes = bytesOf(source);
        const expected = csvParseRows(bytes);
        const found = limitRows(cutAt(bytes, cuts), bytes.length);
        // A row running to the end (no line break, or a quote never closed) is still skipped
        // when the text ends: its line breaks are not compared.
        for (const row of [...expected, ...found]) if (row.end === bytes.length) row.breaks = -1;
        expect(found).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('a CR ending a chunk and a row, then LF: one line break', () => {
    const bytes = bytesOf('aa\r\nbb\r\n');
    for (let at = 0; at <= bytes.length; at++) expect(limitRows(cutAt(bytes, [at]), bytes.length)).toEqual(csvParseRows(bytes));
  });
});

describe('a row longer than the limit', () => {
  const limit = 24;
  const long = 'x'.repeat(limit + 1);
  const cases: Array<[string, string, number[], number[]]> = [
    // [name, text, lines of the events, lines skipped as too long]
    ['in the middle', `a,b\n1,2\n3,${long}\n4,5\n6,7\n`, [2, 4, 5], [3]],
    ['quoted, with line breaks of every kind', `a,b\n1,2\n3,"${long}\nx\r\ny\rz"\n4,5\n6,7\n`, [2, 7, 8], [3]],
    ['line breaks inside before the limit is reached', `a,b\r\n1,"p\r\nq"\r\n3,"\r\n\r\n${long}"\r\n4,5\r\n`, [2, 7], [4]],
    ['ended by a CR alone', `a,b\r1,2\r3,${long}\r4,5\r`, [2, 4], [3]],
    ['ended by CRLF', `a,b\r\n1,2\r\n3,${long}\r\n4,5\r\n`, [2, 4], [3]],
    ['after blank lines, and blank lines after it', `a,b\n1,2\n\n\r\n3,${long}\n\n4,5\n`, [2, 7], [5]],
    ['two in a row', `a,b\n${long}\n${long},"\n"\n4,5\n`, [5], [2, 3]],
    ['a stray quote and a relaxed one', `a,b\n1,x"y\n"3"z,${long}\n4,5\n`, [2, 4], [3]],
    ['at the end, without a line break', `a,b\n1,2\n3,${long}`, [2], [3]],
    ['a quote never closed', `a,b\n1,2\n3,"${long}\n4,5\n`, [2], [3]],
  ];

  it.each(cases)('%s: skipped with its line, the rows after it read with theirs, however the bytes are cut', async (_, text, lines, skippedLines) => {
    const bytes = bytesOf(text);
    const whole = await collect(readCsvBatches(pieces([bytes]), 'x.csv', 0, limit));
    expect(whole.events.map((event) => event.line)).toEqual(lines);
    expect(whole.skipped).toEqual(skippedLines.map((line) => ({ line, reason: TOO_LONG })));
    // The events are those a reader with no limit reads.
    const unlimited = await collect(readCsvBatches(pieces([bytes]), 'x.csv'));
    expect(whole.events).toEqual(unlimited.events.filter((event) => lines.includes(event.line)));
    for (let at = 0; at <= bytes.length; at++) {
      expect(await collect(readCsvBatches(pieces(cutAt(bytes, [at])), 'x.csv', 0, limit))).toEqual(whole);
    }
    const oneByteChunks = Array.from(bytes, (byte) => Uint8Array.of(byte));
    expect(await collect(readCsvBatches(pieces(oneByteChunks), 'x.csv', 0, limit))).toEqual(whole);
    expect(await collect(readCsvBatches(pieces([text]), 'x.csv', 0, limit))).toEqual(whole);
  });

  it('the header: the file is refused (a row after it read as the header would name every column wrongly)', async () => {
    for (const text of [`${long}\na,b\n1,2\n`, `\n\r\n${long}\na,b\n`]) {
      const bytes = bytesOf(text);
      const line = text.startsWith('\n') ? 3 : 1;
      for (const parts of [[bytes], Array.from(bytes, (byte) => Uint8Array.of(byte)), [text]]) {
        await expect(collect(readCsvBatches(pieces(parts as Array<Uint8Array | string>), 'x.csv', 0, limit))).rejects.toThrow(
          `x.csv: the CSV header row (line ${line}) is ${RECORD_TOO_LONG}`,
        );
      }
    }
  });

  it('a row of exactly the limit is read', async () => {
    const row = `3,${'x'.repeat(limit - 2)}`;
    const read = await collect(readCsvBatches(pieces([bytesOf(`a,b\n${row}\n4,5\n`)]), 'x.csv', 0, limit));
    expect(read.events.map((event) => event.line)).toEqual([2, 3]);
    expect(read.skipped).toEqual([]);
  });

  it('invalid UTF-8 inside the long row is not the next row\'s; after it, offsets are the file\'s', async () => {
    const bytes = Buffer.concat([Buffer.from(`a,b\n3,${long}`), Buffer.from([0xe9]), Buffer.from('\n4,5\n6,'), Buffer.from([0xe9]), Buffer.from('\n')]);
    const read = await collect(readCsvBatches(pieces([bytes]), 'x.csv', 0, limit));
    expect(read.events.map((event) => event.line)).toEqual([3]);
    expect(read.skipped).toEqual([
      { line: 2, reason: TOO_LONG },
      { line: 4, reason: `invalid UTF-8 at byte offset ${bytes.length - 2} (0xE9)` },
    ]);
  });

  it('a row 200 times the limit, cut in chunks of the limit', async () => {
    const limitSize = 1 << 16;
    const chunk = bytesOf('x'.repeat(limitSize));
    async function* source(): AsyncGenerator<Uint8Array> {
      yield bytesOf('a,b\n1,');
      for (let i = 0; i < 200; i++) yield chunk;
      yield bytesOf('\n2,3\n');
    }
    const read = await collect(readCsvBatches(source(), 'x.csv', 0, limitSize));
    expect(read.events.map((event) => [event.line, event.props.a])).toEqual([[3, '2']]);
    expect(read.skipped).toEqual([{ line: 2, reason: TOO_LONG }]);
  });
});
