import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventBatch } from '../../engine/events/event';
import { EventFileError, eventFileKindOf, eventFormatOf, type EventFormat } from '../../engine/events/event-format';
import { readAllEventText, readEventFile, readEventStream } from '../../engine/events/read-events';
import { collect, cutAt as cut, pieces } from '../support/event-chunks';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'events');

async function readInPieces(text: string, format: EventFormat, cuts: number[]): Promise<EventBatch> {
  return collect(readEventStream(pieces(cut(Buffer.from(text, 'utf8'), cuts)), format, 'test'));
}

describe('format by extension', () => {
  it.each([
    ['events.ndjson', 'ndjson'],
    ['events.jsonl', 'ndjson'],
    ['dir.v2/events.json', 'json'],
    ['EVENTS.CSV', 'csv'],
    ['C:\\data\\events.Jsonl', 'ndjson'],
    ['events.parquet', 'parquet'],
  ])('%s is %s', (file, format) => {
    expect(eventFormatOf(file)).toBe(format);
  });

  it.each([['events.txt'], ['events'], ['events.gz'], ['events.txt.gz'], ['dir.json/events']])('%s is a usage error', (file) => {
    expect(() => eventFormatOf(file)).toThrow(EventFileError);
    expect(() => eventFormatOf(file)).toThrow(/expected \.ndjson, \.jsonl, \.json, \.csv or \.parquet, optionally \.gz, or a \.zip of them/);
  });

  it.each([
    ['events.ndjson.gz', { kind: 'records', format: 'ndjson', gzip: true }],
    ['x.JSON.GZ', { kind: 'records', format: 'json', gzip: true }],
    ['x.csv.gz', { kind: 'records', format: 'csv', gzip: true }],
    ['export.zip', { kind: 'zip' }],
    ['a/b.parquet', { kind: 'records', format: 'parquet', gzip: false }],
    ['notes.txt.gz', undefined],
    ['x.gz', undefined],
  ])('%s is read as %j', (file, kind) => {
    expect(eventFileKindOf(file)).toEqual(kind);
  });

  it('a compressed name is not text', () => {
    expect(() => eventFormatOf('events.ndjson.gz')).toThrow(/a compressed file cannot be read as text/);
  });
});

describe('NDJSON', () => {
  it('reads objects, ignores blank lines, reports bad lines with their line numbers', async () => {
    const result = await collect(readEventFile(path.join(FIXTURES, 'malformed.ndjson')));
    expect(result.events.map((event) => event.line)).toEqual([1, 6, 7, 8, 10, 12]);
    expect(result.events[5]!.props).toEqual({ user_id: 12345, time: '1704103260000', utm_source: 'google' });
    expect(result.skipped).toEqual([
      { line: 3, reason: expect.stringMatching(/^invalid JSON: /) },
      { line: 4, reason: 'not a JSON object: an array' },
      { line: 5, reason: 'not a JSON object: a string' },
      { line: 11, reason: 'not a JSON object: null' },
    ]);
  });

  it('handles CRLF, a byte order mark and multi-byte characters', async () => {
    const result = await collect(readEventFile(path.join(FIXTURES, 'crlf-bom.jsonl')));
    expect(result.skipped).toEqual([]);
    expect(result.events).toEqual([
      { line: 1, props: { user_id: 'u1', time: '2024-01-01T10:00:00Z', city: 'Zürich' } },
      { line: 3, props: { user_id: 'u2', time: '2024-01-01T10:00:00Z', emoji: '😀' } },
    ]);
  });

  it('gives the same result however the bytes are split into chunks', async () => {
    const lines = fc.oneof(
      fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.constant(null))).map((o) => JSON.stringify(o)),
      fc.constantFrom('', '  ', '{bad', '[1]', '"é😀"', '{"a":"\\n"}'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(lines, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), fc.array(fc.nat(), { maxLength: 8 }), async (rows, eol, cuts) => {
        const text = rows.join(eol);
        const whole = await readAllEventText(text, 'ndjson');
        expect(await readInPieces(text, 'ndjson', cuts)).toEqual(whole);
        expect(whole.events.length + whole.skipped.length).toBe(rows.filter((row) => row.trim() !== '').length);
      }),
      { numRuns: 200 },
    );
  });
});

describe('JSON array', () => {
  it('reads each element; the line is the element number', async () => {
    const result = await collect(readEventFile(path.join(FIXTURES, 'events.json')));
    expect(result.events.map((event) => event.line)).toEqual([1, 2, 4, 5]);
    expect(result.events[0]!.props.note).toBe('a ] and a } and a \\" quote');
    expect(result.events[1]!.props.nested).toEqual({ list: [1, { deep: ']' }] });
    expect(result.skipped).toEqual([{ line: 3, reason: 'not a JSON object: a number' }]);
  });

  it.each<[string, string, Array<{ line: number; reason: string | RegExp }>, number[]]>([
    ['empty array', '[]', [], []],
    ['empty file', '', [], []],
    ['whitespace', ' \n [ \n ] \n', [], []],
    ['empty elements', '[{"a":1},,{"b":2},]', [{ line: 2, reason: 'empty array element' }, { line: 4, reason: 'empty array element' }], [1, 3]],
    ['leading comma', '[,{"a":1}]', [{ line: 1, reason: 'empty array element' }], [2]],
    ['bad element', '[{"a":1},{"b":},{"c":3}]', [{ line: 2, reason: /^invalid JSON/ }], [1, 3]],
    ['missing comma joins two elements', '[{"a":1} {"b":2},{"c":3}]', [{ line: 1, reason: /^invalid JSON/ }], [2]],
    ['unclosed array', '[{"a":1},{"b":2}', [{ line: 2, reason: 'the JSON array is not closed (missing "]")' }], [1]],
    // Cut short after a comma or the `[`: the array is not closed (it read as an empty element, or as nothing).
    ['unclosed after a comma', '[{"a":1},', [{ line: 2, reason: 'the JSON array is not closed (missing "]")' }], [1]],
    ['unclosed after a comma and blanks', '[{"a":1},\n ', [{ line: 2, reason: 'the JSON array is not closed (missing "]")' }], [1]],
    ['unclosed after an empty element', '[,', [{ line: 1, reason: 'empty array element' }, { line: 2, reason: 'the JSON array is not closed (missing "]")' }], []],
    ['unclosed right after [', '[\n', [{ line: 1, reason: 'the JSON array is not closed (missing "]")' }], []],
    ['text after the array', '[{"a":1}] {"b":2}', [{ line: 2, reason: 'text after the end of the JSON array' }], [1]],
    ['primitives and arrays', '[null, true, "x", [1], {"a":[{}]}]', [
      { line: 1, reason: 'not a JSON object: null' },
      { line: 2, reason: 'not a JSON object: a boolean' },
      { line: 3, reason: 'not a JSON object: a string' },
      { line: 4, reason: 'not a JSON object: an array' },
    ], [5]],
    ['escaped backslash before a quote', '[{"a":"x\\\\"},{"b":"\\\\\\"]"}]', [], [1, 2]],
  ])('%s', async (_, text, skipped, lines) => {
    const result = await readAllEventText(text, 'json');
    expect(result.skipped).toEqual(skipped.map((s) => ({ line: s.line, reason: typeof s.reason === 'string' ? s.reason : expect.stringMatching(s.reason) })));
    expect(result.events.map((event) => event.line)).toEqual(lines);
  });

  it('a .json file whose first non-blank character is { is NDJSON (SPEC §3.1)', async () => {
    const result = await readAllEventText('\n  {"user_id":"u1"}\n\n{"user_id":"u2"}\nnot json\n', 'json');
    expect(result.events).toEqual([
      { line: 2, props: { user_id: 'u1' } },
      { line: 4, props: { user_id: 'u2' } },
    ]);
    expect(result.skipped).toEqual([{ line: 5, reason: expect.stringMatching(/^invalid JSON/) }]);
  });

  it('rejects a file that is neither an array nor objects', async () => {
    await expect(readAllEventText('"just a string"', 'json')).rejects.toThrow(
      /must hold a JSON array of events, or one JSON object per line/,
    );
  });

  it('reads what JSON.parse reads, however the bytes are split into chunks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof({ weight: 4, arbitrary: fc.object() }, { weight: 1, arbitrary: fc.jsonValue() }), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.boolean(),
        async (values, cuts, pretty) => {
          const text = JSON.stringify(JSON.parse(JSON.stringify(values)), null, pretty ? 2 : undefined);
          const parsed = JSON.parse(text) as unknown[];
          const result = await readInPieces(text, 'json', cuts);
          const objects = parsed.flatMap((value, index) =>
            value !== null && typeof value === 'object' && !Array.isArray(value) ? [{ line: index + 1, props: value }] : [],
          );
          expect(result.events).toEqual(objects);
          expect(result.events.length + result.skipped.length).toBe(parsed.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('CSV', () => {
  it('numbers rows by their first physical line; empty and absent cells are missing', async () => {
    const result = await collect(readEventFile(path.join(FIXTURES, 'quoted-newlines.csv')));
    expect(result.skipped).toEqual([]);
    expect(result.events).toEqual([
      { line: 2, props: { user_id: 'u1', time: '2024-01-01T10:00:00Z', event_type: 'Page View', utm_source: 'google', note: 'plain' } },
      { line: 3, props: { user_id: 'u1', time: '2024-01-01T10:01:00Z', event_type: 'Page View', note: 'two\r\nlines' } },
      { line: 6, props: { user_id: 'u2', time: '2024-01-01T10:02:00Z', event_type: 'Page View' } },
      { line: 7, props: { user_id: 'u2', time: '2024-01-01T10:03:00Z' } },
      { line: 8, props: { user_id: 'u3', time: '2024-01-01T10:04:00Z', event_type: 'Purchase', utm_source: 'bing', note: 'a "quoted" word' } },
      { line: 9, props: { time: '2024-01-01T10:05:00Z', event_type: 'Page View' } },
      { line: 10, props: { user_id: 'u4', time: '2024-01-01T10:06:00Z', event_type: 'Page View', utm_source: 'x', note: 'three\nlines\nhere' } },
      { line: 13, props: { user_id: 'u4', time: '2024-13-01T10:07:00Z', event_type: 'Page View' } },
      { line: 14, props: { user_id: 'u5', time: '1704103200000', event_type: 'Page View' } },
    ]);
  });

  it.each<[string, string, number[], Array<{ line: number; reason: string }>]>([
    ['header only', 'a,b\n', [], []],
    ['empty file', '', [], []],
    ['blank lines before the header', '\n\r\na,b\n1,2\n', [4], []],
    ['whitespace-only and all-empty rows are blank', 'a,b\n1,2\n  \n,\n3,4', [2, 5], []],
    ['no newline at the end', 'a,b\n1,2', [2], []],
    ['byte order mark', '\ufeffa,b\n1,2\n', [2], []],
    [
      'a quote never closed runs to the end',
      'a,b\n1,2\n3,"open\n4,5\n6,7\n',
      [2],
      [{ line: 3, reason: 'CSV: a quoted cell is never closed, so the row runs to the end of the file' }],
    ],
    ['stray quotes are kept as text', 'a,b\n1,x"y\n"2"z,3\n4,5\n', [2, 3, 4], []],
    ['rows ended by a CR alone (CSV for Macintosh)', 'a,b\r1,2\r3,4\r', [2, 3], []],
    ['line breaks of every kind in one file', 'a,b\r1,2\r\n3,"x\ry"\n5,6', [2, 3, 5], []],
  ])('%s', async (_, text, lines, skipped) => {
    const result = await readAllEventText(text, 'csv');
    expect(result.events.map((event) => event.line)).toEqual(lines);
    expect(result.skipped).toEqual(skipped);
  });

  it('keeps stray quotes as they are written', async () => {
    const result = await readAllEventText('a,b\n1,x"y\n', 'csv');
    expect(result.events[0]!.props).toEqual({ a: '1', b: 'x"y' });
  });

  it('a repeated column takes the rightmost non-empty cell; __proto__ is an ordinary column', async () => {
    const result = await readAllEventText('a,a,__proto__\n1,2,p\n3,,q\n', 'csv');
    expect(result.events[0]!.props).toEqual({ a: '2', ['__proto__']: 'p' });
    expect(Object.getPrototypeOf(result.events[0]!.props)).toBe(Object.prototype);
    expect(result.events[1]!.props.a).toBe('3');
  });

  it('gives the same rows and lines however the bytes are split into chunks', async () => {
    const cell = fc.oneof(
      fc.constantFrom('', 'x', 'é😀', '1704103200000'),
      fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r\n', '\r', ' ', 'ü') }).map((s) => `"${s.replace(/"/g, '""')}"`),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (rows, eol, cuts) => {
          const text = ['a,b,c', ...rows.map((row) => row.join(','))].join(eol) + eol;
          const whole = await readAllEventText(text, 'csv');
          expect(await readInPieces(text, 'csv', cuts)).toEqual(whole);
          // Lines: each row starts one line after the previous row's last line.
          let line = 2;
          const expected: number[] = [];
          for (const row of rows) {
            const blank = row.every((c) => c === '' || c.replace(/^"|"$/g, '').replace(/""/g, '"').trim() === '');
            if (!blank) expected.push(line);
            line += 1 + (row.join(',').match(/\r\n|\r|\n/g)?.length ?? 0);
          }
          expect(whole.events.map((event) => event.line)).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('files', () => {
  it('a missing file is an EventFileError naming it', async () => {
    const missing = path.join(FIXTURES, 'no-such-file.ndjson');
    await expect(collect(readEventFile(missing))).rejects.toThrow(`${missing}: cannot read the events file (no such file)`);
  });

  it('a directory is an EventFileError', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'events-'));
    const directory = path.join(parent, 'dir.ndjson');
    mkdirSync(directory);
    try {
      await expect(collect(readEventFile(directory))).rejects.toThrow(`${directory}: not a file`);
    } finally {
      rmSync(parent, { recursive: true });
    }
  });

  it('an unknown extension is refused before the file is opened', async () => {
    await expect(collect(readEventFile(path.join(FIXTURES, 'events.txt')))).rejects.toThrow(/unknown events file type "\.txt"/);
  });

  it('reports progress up to the file size', async () => {
    const seen: number[] = [];
    await collect(readEventFile(path.join(FIXTURES, 'malformed.ndjson'), { onProgress: (p) => seen.push(p.read / p.total) }));
    expect(seen.at(-1)).toBe(1);
  });
});
