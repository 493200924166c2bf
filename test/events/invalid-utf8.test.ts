// Issue 11 item 9 for events: bytes that are not UTF-8 once became U+FFFD silently. A
// line (NDJSON), element (JSON array) or row (CSV) holding them is now skipped with the
// byte offset of its first invalid sequence, in plain files, `.gz` files and zip
// entries (offsets in the decompressed bytes), however the bytes are cut into chunks;
// a CSV header holding them refuses the file. Valid UTF-8 reads exactly as its text
// did before (the text path is unchanged), and the streaming decoder finds exactly
// the sequences the whole-buffer decoder of the rules files finds.

import { isAscii } from 'node:buffer';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { EventFileError, type EventFormat } from '../../engine/events/event-format';
import { readAllEventText, readEventFile, readEventStream } from '../../engine/events/read-events';
import { decodeUtf8 } from '../../engine/text/utf8';
import { Utf8StreamDecoder, type InvalidUtf8Mark } from '../../engine/text/utf8-stream';
import { gzip, zipBuffer } from '../support/containers';
import { runCli } from '../support/run-cli';
import { collect, pieces, cutAt as cut } from '../support/event-chunks';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cr-utf8-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const b = (text: string): Buffer => Buffer.from(text, 'utf8');
const LATIN1_E = Buffer.from([0xe9]);

/** `{"user_id":"u1","time":1,"x":"Caf<E9>"}` and friends: JSON whose string holds raw bytes. */
function lineWith(bytes: Buffer, user = 'u1'): Buffer {
  return Buffer.concat([b(`{"user_id":"${user}","time":1,"x":"Caf`), bytes, b('"}')]);
}

describe('the streaming decoder', () => {
  // Bytes biased towards the interesting cases: multi-byte sequences, their pieces,
  // real U+FFFD (EF BF BD), surrogate encodings (ED A0 80), overlongs, and the BOM.
  const byteArb = fc.oneof(
    fc.integer({ min: 0, max: 255 }).map((x) => [x]),
    fc.constantFrom([0xef, 0xbf, 0xbd], [0xed, 0xa0, 0x80], [0xe0, 0x80], [0xf0, 0x9f, 0x98], [0xf0, 0x9f, 0x98, 0x80], [0xc3, 0xa9], [0xef, 0xbb, 0xbf], [0xf4, 0x90], [0xc0, 0xaf]),
    fc.constantFrom([0x61], [0x0a], [0x22]),
  );

  // The Node reader's fast path for ASCII chunks (engine/events/read-events.ts).
  const asciiText = (chunk: Uint8Array): string | undefined => (isAscii(chunk) ? Buffer.from(chunk).toString('latin1') : undefined);

  it('finds exactly the invalid sequences of the whole buffer, with their offsets, however it is cut (with and without the ASCII fast path)', () => {
    fc.assert(
      fc.property(fc.array(byteArb, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 8 }), fc.nat({ max: 1000 }), fc.boolean(), (groups, cuts, start, fast) => {
        const bytes = Uint8Array.from(groups.flat());
        const whole = decodeUtf8(bytes);
        const decoder = new Utf8StreamDecoder(start, true, fast ? asciiText : undefined);
        let text = '';
        const marks: InvalidUtf8Mark[] = [];
        const take = ({ text: part, invalid }: { text: string; invalid: InvalidUtf8Mark[] }): void => {
          for (const mark of invalid) {
            expect(part[mark.offset]).toBe('\uFFFD');
            marks.push({ ...mark, offset: text.length + mark.offset });
          }
          text += part;
        };
        for (const part of cut(bytes, cuts)) take(decoder.decode(part));
        take(decoder.end());
        expect(text).toBe(whole.text);
        expect(marks).toEqual(whole.invalid.map((mark) => ({ ...mark, byteOffset: start + mark.byteOffset })));
      }),
      { numRuns: 2000 },
    );
  });

  it('drops a leading byte order mark as TextDecoder does, with the ASCII fast path too', () => {
    fc.assert(
      fc.property(fc.array(byteArb, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 8 }), (groups, cuts) => {
        const bytes = Uint8Array.from(groups.flat());
        const decoder = new Utf8StreamDecoder(0, false, asciiText);
        let text = '';
        for (const part of cut(bytes, cuts)) text += decoder.decode(part).text;
        text += decoder.end().text;
        expect(text).toBe(new TextDecoder().decode(bytes));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('a record holding invalid UTF-8 is skipped, naming the byte offset', () => {
  const good = b('{"user_id":"u0","time":1}');

  it('NDJSON: the line, whatever the chunks, and the lines around it read', async () => {
    const bytes = Buffer.concat([good, b('\n'), lineWith(LATIN1_E), b('\r\n'), good, b('\n'), lineWith(Buffer.from([0xf0, 0x9f, 0x98])), b('\n'), lineWith(b('é\uFFFD'))]);
    const offset1 = good.length + 1 + lineWith(Buffer.alloc(0)).length - 2;
    const offset2 = good.length * 2 + 4 + lineWith(LATIN1_E).length + lineWith(Buffer.alloc(0)).length - 2;
    for (const cuts of [[], [offset1], [offset1 + 1], [offset2 + 1, offset2 + 2], [3, 50, 51, 52, 90, 100, 101]]) {
      const read = await collect(readEventStream(pieces(cut(bytes, cuts)), 'ndjson', 'x'));
      expect(read.skipped).toEqual([
        { line: 2, reason: `invalid UTF-8 at byte offset ${offset1} (0xE9)` },
        { line: 4, reason: `invalid UTF-8 at byte offset ${offset2} (0xF0 0x9F 0x98)` },
      ]);
      // A real U+FFFD (EF BF BD) is a character like any other.
      expect(read.events.map((event) => event.line)).toEqual([1, 3, 5]);
      expect(read.events[2]!.props.x).toBe('Caf\u00e9\uFFFD');
    }
  });

  it('NDJSON: an unfinished sequence at the very end of the input', async () => {
    const bytes = Buffer.concat([good, b('\n'), b('{"a":1} '), Buffer.from([0xe2, 0x82])]);
    const read = await collect(readEventStream(pieces([bytes]), 'ndjson', 'x'));
    expect(read.skipped).toEqual([{ line: 2, reason: `invalid UTF-8 at byte offset ${good.length + 9} (0xE2 0x82)` }]);
  });

  it('NDJSON: offsets count from the start offset given (a reader starting mid-file) and a byte order mark', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), lineWith(LATIN1_E)]);
    const at = 3 + lineWith(Buffer.alloc(0)).length - 2;
    expect((await collect(readEventStream(pieces([bytes]), 'ndjson', 'x'))).skipped[0]!.reason).toBe(`invalid UTF-8 at byte offset ${at} (0xE9)`);
    const late = await collect(readEventStream(pieces([bytes]), 'ndjson', 'x', { startOffset: 1_000_000 }));
    expect(late.skipped[0]!.reason).toBe(`invalid UTF-8 at byte offset ${1_000_000 + at} (0xE9)`);
  });

  it('NDJSON: a long line spanning chunks, its invalid byte in an earlier chunk', async () => {
    const line = Buffer.concat([b('{"a":"'), LATIN1_E, b('x'.repeat(40)), b('"}')]);
    const bytes = Buffer.concat([line, b('\n'), good]);
    for (const cuts of [[7], [7, 20], [8, 30, 45], [6, 7]]) {
      const read = await collect(readEventStream(pieces(cut(bytes, cuts)), 'ndjson', 'x'));
      expect(read.skipped).toEqual([{ line: 1, reason: 'invalid UTF-8 at byte offset 6 (0xE9)' }]);
      expect(read.events).toEqual([{ line: 2, props: { user_id: 'u0', time: 1 } }]);
    }
  });

  it('JSON array: the element, and the ones around it read', async () => {
    const prefix = b('[\n  {"n":1},\n  ');
    const bytes = Buffer.concat([prefix, lineWith(LATIN1_E), b(',\n  {"n":3}\n]\n')]);
    const at = prefix.length + lineWith(Buffer.alloc(0)).length - 2;
    for (const cuts of [[], [at], [at + 1], [5, at - 3, at + 2]]) {
      for (const format of ['json'] as EventFormat[]) {
        const read = await collect(readEventStream(pieces(cut(bytes, cuts)), format, 'x.json'));
        expect(read.skipped).toEqual([{ line: 2, reason: `invalid UTF-8 at byte offset ${at} (0xE9)` }]);
        expect(read.events).toEqual([
          { line: 1, props: { n: 1 } },
          { line: 3, props: { n: 3 } },
        ]);
      }
    }
  });

  it('`.json` holding NDJSON after blank lines', async () => {
    const bytes = Buffer.concat([b('\n\n'), lineWith(LATIN1_E)]);
    const read = await collect(readEventStream(pieces(cut(bytes, [1, 3])), 'json', 'x.json'));
    expect(read.skipped).toEqual([{ line: 3, reason: `invalid UTF-8 at byte offset ${2 + lineWith(Buffer.alloc(0)).length - 2} (0xE9)` }]);
  });

  it('CSV: the row (a quoted cell across lines too), the rows around it read', async () => {
    const header = b('user_id,time,x\n');
    const row2 = Buffer.concat([b('u2,2,"Caf'), LATIN1_E, b('\nmore"\n')]);
    const bytes = Buffer.concat([header, b('u1,1,a\n'), row2, b('u3,3,b\n')]);
    const at = header.length + 7 + 9;
    for (const cuts of [[], [at], [at + 1], [2, 20, 30]]) {
      const read = await collect(readEventStream(pieces(cut(bytes, cuts)), 'csv', 'x.csv'));
      expect(read.skipped).toEqual([{ line: 3, reason: `invalid UTF-8 at byte offset ${at} (0xE9)` }]);
      expect(read.events.map((event) => [event.line, event.props.user_id])).toEqual([
        [2, 'u1'],
        [5, 'u3'],
      ]);
    }
  });

  it('CSV: invalid UTF-8 in the header refuses the file in one line', async () => {
    const bytes = Buffer.concat([b('user_id,time,caf'), LATIN1_E, b('\nu1,1,a\n')]);
    await expect(collect(readEventStream(pieces([bytes]), 'csv', 'x.csv'))).rejects.toThrow(
      new EventFileError('x.csv: the CSV header row holds invalid UTF-8 at byte offset 16 (0xE9)'),
    );
  });

  it('CSV in UTF-16LE (with its byte order mark) is read as csv-parse reads it, not checked as UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('user_id,time,x\nu1,1,café\n', 'utf16le')]);
    const read = await collect(readEventStream(pieces([bytes]), 'csv', 'x.csv'));
    expect(read).toEqual({ events: [{ line: 2, props: { user_id: 'u1', time: '1', x: 'café' } }], skipped: [] });
  });

  it('.gz and zip entries: the offset in the decompressed bytes', async () => {
    const bytes = Buffer.concat([good, b('\n'), lineWith(LATIN1_E), b('\n')]);
    const at = good.length + 1 + lineWith(Buffer.alloc(0)).length - 2;
    const gz = path.join(dir, 'events.ndjson.gz');
    writeFileSync(gz, gzip(bytes));
    expect((await collect(readEventFile(gz))).skipped).toEqual([{ line: 2, reason: `invalid UTF-8 at byte offset ${at} (0xE9)` }]);
    const zip = path.join(dir, 'export.zip');
    writeFileSync(zip, await zipBuffer([
      { kind: 'file', name: 'a.csv', data: b('user_id,time\nu1,1\n') },
      { kind: 'file', name: 'b.json.gz', data: gzip(bytes) },
    ]));
    expect((await collect(readEventFile(zip))).skipped).toEqual([{ line: 2, entry: 'b.json.gz', reason: `invalid UTF-8 at byte offset ${at} (0xE9)` }]);
  });
});

describe('valid UTF-8 reads as its text did before', () => {
  const value = fc.string({ unit: fc.constantFrom('a', 'é', '\uFFFD', '😀', '"', '\\', ',', '\n', '\u2028', ' ', '\uFEFF') });
  const records = fc.array(fc.dictionary(fc.constantFrom('user_id', 'time', 'x', 'ü'), value, { maxKeys: 3 }), { maxLength: 8 });

  it('NDJSON, JSON arrays and CSV, bytes cut anywhere: the same events and skipped lines as the decoded text', async () => {
    await fc.assert(
      fc.asyncProperty(records, fc.constantFrom<EventFormat>('ndjson', 'json', 'csv'), fc.boolean(), fc.array(fc.nat(), { maxLength: 6 }), async (rows, format, bom, cuts) => {
        const columns = ['user_id', 'time', 'x', 'ü'];
        const csvCell = (text: unknown): string => (text === undefined ? '' : `"${String(text).replace(/"/g, '""')}"`);
        const body =
          format === 'ndjson'
            ? rows.map((row) => JSON.stringify(row)).join('\n')
            : format === 'json'
              ? JSON.stringify(rows)
              : [columns.join(','), ...rows.map((row) => columns.map((column) => csvCell(row[column])).join(','))].join('\r\n');
        const text = (bom ? '\uFEFF' : '') + body;
        const fromBytes = await collect(readEventStream(pieces(cut(b(text), cuts)), format, 'x'));
        expect(fromBytes).toEqual(await readAllEventText(text, format));
        expect(fromBytes.skipped.filter((line) => line.reason.startsWith('invalid UTF-8'))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the CLI', () => {
  it('report lists the line with its byte offset on stderr and reports the other events', () => {
    const file = path.join(dir, 'latin1.ndjson');
    const rules = path.join(dir, 'rules.channels');
    writeFileSync(rules, 'channel "Email" when utm_medium = "email"\n');
    writeFileSync(file, Buffer.concat([b('{"user_id":"u1","time":1,"utm_medium":"email"}\n'), b('{"user_id":"u2","time":2,"utm_medium":"e'), LATIN1_E, b('mail"}\n')]));
    const result = runCli(['report', rules, '--events', file, '--format', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ events: 1, skipped: 1 });
    expect(result.stderr).toContain(`channel-rules: skipped 1 unreadable line of ${file}\n  ${file}:2: invalid UTF-8 at byte offset 87 (0xE9)\n`);
  });

  it('a CSV whose header is not UTF-8: exit 2, one line', () => {
    const file = path.join(dir, 'latin1.csv');
    const rules = path.join(dir, 'rules.channels');
    writeFileSync(rules, 'channel "Email" when utm_medium = "email"\n');
    writeFileSync(file, Buffer.concat([b('user_id,time,m'), LATIN1_E, b('dium\nu1,1,email\n')]));
    const result = runCli(['classify', rules, '--events', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`channel-rules classify: ${file}: the CSV header row holds invalid UTF-8 at byte offset 14 (0xE9)\n`);
  });
});
