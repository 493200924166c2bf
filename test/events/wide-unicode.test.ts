// An NDJSON or JSON events file in UTF-16 or UTF-32 (Windows PowerShell's `>` writes
// UTF-16LE with its byte order mark) was read as UTF-8: every line skipped as invalid
// UTF-8 or invalid JSON, cut at the wrong bytes, and the report held no event, exit 0.
// It is refused in one line naming the encoding (engine/events/wide-unicode), exit 2,
// wherever it is read: a file (on one thread and on two), `.gz`, a zip entry, standard
// input, a stream cut into chunks anywhere. A UTF-8 file with its byte order mark, or
// one too short to hold a mark, reads as before.
//
// A CSV in UTF-16BE or UTF-32 was refused as a header of invalid UTF-8 (FE, or 00 00 FE
// FF) without naming the encoding, and one starting FF FE 00 00 (UTF-32LE) was read as
// UTF-16LE, its header names holding NULs and every row skipped, exit 0; any text file in
// UTF-16 or UTF-32 without a byte order mark was read as UTF-8 holding NULs, the same
// way. Each is refused by name now, in every format and container, by the Node readers
// and the web readers alike. A UTF-16LE CSV with its byte order mark is read
// (test/events/csv-utf16.test.ts).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { EventFileError } from '../../engine/events/event-format';
import { readEventFileBytes } from '../../engine/events/read-event-bytes';
import { readEventFile, readEventInput, readEventStream } from '../../engine/events/read-events';
import { gzip, zipBuffer } from '../support/containers';
import { collect, cutAt, pieces } from '../support/event-chunks';
import { runCli } from '../support/run-cli';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cr-wide-unicode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NDJSON = '{"user_id":"u1","time":1000,"utm_medium":"cpc"}\n{"user_id":"u2","time":2000,"utm_medium":"email"}\n';
const ARRAY = '[{"user_id":"u1","time":1000,"utm_medium":"cpc"}]';

const ENCODINGS: [name: string, encode: (text: string) => Buffer][] = [
  ['UTF-16LE', (text) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
  ['UTF-16BE', (text) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])],
  ['UTF-32LE', (text) => Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from(Uint32Array.from([...text], (c) => c.codePointAt(0)!).buffer)])],
];

const RULES = 'channel "Paid"\n  when utm_medium = "cpc"\n';

describe('an NDJSON or JSON input in UTF-16 or UTF-32', () => {
  it.each(ENCODINGS)('%s: refused by name as a stream, cut into chunks anywhere', async (name, encode) => {
    for (const [format, text] of [['ndjson', NDJSON], ['json', ARRAY]] as const) {
      const bytes = encode(text);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.nat({ max: 8 }), { maxLength: 3 }), async (points) => {
          const read = collect(readEventStream(pieces(cutAt(bytes, points)), format, 'input'));
          await expect(read).rejects.toThrow(new EventFileError(`input: starts with the ${name} byte order mark (${name === 'UTF-32LE' ? 'FF FE 00 00' : name === 'UTF-16LE' ? 'FF FE' : 'FE FF'}, byte offset 0): NDJSON and JSON events are read as UTF-8; convert the file (iconv -f ${name} -t UTF-8)`));
        }),
        { numRuns: 30 },
      );
    }
  });

  it('a UTF-8 file with its byte order mark, cut into chunks anywhere, and inputs shorter than a mark read as before', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(NDJSON)]);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: 8 }), { maxLength: 3 }), async (points) => {
        const read = await collect(readEventStream(pieces(cutAt(bytes, points)), 'ndjson', 'input'));
        expect(read.events.map((event) => event.props.user_id)).toEqual(['u1', 'u2']);
        expect(read.skipped).toEqual([]);
      }),
      { numRuns: 30 },
    );
    expect((await collect(readEventStream(pieces([Buffer.from('{}')]), 'ndjson', 'input'))).events).toHaveLength(1);
    expect(await collect(readEventStream(pieces([Buffer.from([0xff])]), 'ndjson', 'input'))).toMatchObject({ events: [], skipped: [{ line: 1 }] });
    expect(await collect(readEventStream(pieces([]), 'ndjson', 'input'))).toEqual({ events: [], skipped: [] });
  });

  it('the CLI refuses it in one line, exit 2: a file on one thread and two, .gz, a zip entry, standard input', async () => {
    const rules = path.join(dir, 'r.channels');
    writeFileSync(rules, RULES);
    const events = path.join(dir, 'powershell.ndjson');
    const utf16 = ENCODINGS[0]![1](NDJSON);
    writeFileSync(events, utf16);
    writeFileSync(`${events}.gz`, gzip(utf16));
    writeFileSync(path.join(dir, 'export.zip'), await zipBuffer([{ kind: 'file', name: 'day.ndjson', data: utf16 }]));
    writeFileSync(path.join(dir, 'array.json'), ENCODINGS[0]![1](ARRAY));
    const message = (where: string) => `${where}: starts with the UTF-16LE byte order mark (FF FE, byte offset 0): NDJSON and JSON events are read as UTF-8; convert the file (iconv -f UTF-16LE -t UTF-8)`;
    const runs: [string[], string][] = [
      [['classify', rules, '--events', events], message(events)],
      [['report', rules, '--events', events, '--threads', '1'], message(events)],
      [['report', rules, '--events', events, '--threads', '2'], message(events)],
      [['report', rules, '--events', `${events}.gz`], message(`${events}.gz`)],
      [['classify', rules, '--events', path.join(dir, 'export.zip')], message(`${path.join(dir, 'export.zip')}: entry "day.ndjson"`)],
      [['classify', rules, '--events', path.join(dir, 'array.json')], message(path.join(dir, 'array.json'))],
    ];
    for (const [args, expected] of runs) {
      const run = runCli(args);
      expect(run.stderr, args.join(' ')).toBe(`channel-rules ${args[0]}: ${expected}\n`);
      expect(run.code, args.join(' ')).toBe(2);
    }
    const piped = runCli(['classify', rules, '--events', '-'], { input: utf16 });
    expect(piped.stderr).toBe(`channel-rules classify: ${message('standard input')}\n`);
    expect(piped.code).toBe(2);
  });
});

const CSV = 'user_id,time,utm_medium\r\nu1,1000,cpc\r\nu2,2000,email\r\n';
const TEXTS = { ndjson: NDJSON, json: ARRAY, csv: CSV } as const;
type TextFormat = keyof typeof TEXTS;

const utf32le = (text: string): Buffer => Buffer.from(Uint32Array.from([...text], (c) => c.codePointAt(0)!).buffer);
/** Each encoding without a byte order mark; with one, it encodes U+FEFF first. */
const WIDE: Record<string, (text: string) => Buffer> = {
  'UTF-16LE': (text) => Buffer.from(text, 'utf16le'),
  'UTF-16BE': (text) => Buffer.from(text, 'utf16le').swap16(),
  'UTF-32LE': utf32le,
  'UTF-32BE': (text) => utf32le(text).swap32(),
};
const MARKS: Record<string, string> = { 'UTF-16LE': 'FF FE', 'UTF-16BE': 'FE FF', 'UTF-32LE': 'FF FE 00 00', 'UTF-32BE': '00 00 FE FF' };

/** Every encoding, with and without its mark, but the one a CSV is read in (UTF-16LE with its mark). */
function refusedCases(format: TextFormat): Array<{ name: string; marked: boolean; bytes: Buffer }> {
  return Object.entries(WIDE).flatMap(([name, encode]) =>
    [true, false]
      .filter((marked) => !(format === 'csv' && name === 'UTF-16LE' && marked))
      .map((marked) => ({ name, marked, bytes: encode((marked ? '\ufeff' : '') + TEXTS[format]) })),
  );
}

function refusal(where: string, format: TextFormat, { name, marked, bytes }: { name: string; marked: boolean; bytes: Buffer }): string {
  const start = marked
    ? `starts with the ${name} byte order mark (${MARKS[name]}, byte offset 0)`
    : `starts with the bytes ${[...bytes.subarray(0, 4)].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ')} (byte offset 0), ${name} without a byte order mark`;
  const readAs = format === 'csv' ? 'CSV events are read as UTF-8, or as UTF-16LE with its byte order mark' : 'NDJSON and JSON events are read as UTF-8';
  return `${where}: ${start}: ${readAs}; convert the file (iconv -f ${name} -t UTF-8)`;
}

/** Whatever `read` gave: its events' user ids, or its error's message. */
async function outcome(read: AsyncIterable<{ events: Array<{ props: Record<string, unknown> }> }>): Promise<string> {
  const users: unknown[] = [];
  try {
    for await (const batch of read) users.push(...batch.events.map((event) => event.props.user_id));
  } catch (error) {
    return (error as Error).message;
  }
  return `read ${JSON.stringify(users)}`;
}

describe('a CSV in UTF-16BE or UTF-32, and any text input in UTF-16 or UTF-32 without a byte order mark', () => {
  it.each(['ndjson', 'json', 'csv'] as const)('%s: refused by name as a stream, cut into chunks anywhere', async (format) => {
    for (const refused of refusedCases(format)) {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.nat({ max: 8 }), { maxLength: 3 }), async (points) => {
          const read = collect(readEventStream(pieces(cutAt(refused.bytes, points)), format, 'input'));
          await expect(read, `${refused.name} ${refused.marked}`).rejects.toThrow(new EventFileError(refusal('input', format, refused)));
        }),
        { numRuns: 20 },
      );
    }
  });

  it.each(['ndjson', 'json', 'csv'] as const)('%s: the Node and web readers refuse it alike in a file, .gz, a zip entry and standard input', async (format) => {
    for (const refused of refusedCases(format)) {
      const file = path.join(dir, `wide.${format}`);
      const zip = path.join(dir, 'wide.zip');
      const containers: Array<[name: string, bytes: Buffer, where: string]> = [
        [file, refused.bytes, file],
        [`${file}.gz`, gzip(refused.bytes), `${file}.gz`],
        [zip, await zipBuffer([{ kind: 'file', name: `day.${format}`, data: refused.bytes }]), `${zip}: entry "day.${format}"`],
      ];
      for (const [name, bytes, where] of containers) {
        writeFileSync(name, bytes);
        const expected = refusal(where, format, refused);
        expect(await outcome(readEventFile(name)), `${refused.name} ${refused.marked} ${name}`).toBe(expected);
        expect(await outcome(readEventFileBytes(bytes, name)), `web ${refused.name} ${refused.marked} ${name}`).toBe(expected);
      }
      expect(await outcome(readEventInput(pieces(cutAt(refused.bytes, [1, 3])), format, 'standard input'))).toBe(refusal('standard input', format, refused));
      expect(await outcome(readEventInput(pieces([gzip(refused.bytes)]), format, 'standard input'))).toBe(refusal('standard input', format, refused));
    }
  });

  it('a UTF-16LE CSV with its byte order mark, and UTF-8 text with or without one, are read', async () => {
    for (const format of ['ndjson', 'json', 'csv'] as const) {
      const texts: Buffer[] = [Buffer.from(TEXTS[format]), Buffer.from(`\ufeff${TEXTS[format]}`)];
      if (format === 'csv') texts.push(WIDE['UTF-16LE']!(`\ufeff${CSV}`));
      const users = format === 'json' ? 'read ["u1"]' : 'read ["u1","u2"]';
      for (const bytes of texts) {
        expect(await outcome(readEventFileBytes(bytes, `e.${format}`))).toBe(users);
        expect(await outcome(readEventFileBytes(await zipBuffer([{ kind: 'file', name: `e.${format}`, data: bytes }]), 'e.zip'))).toBe(users);
      }
    }
  });

  it('the CLI refuses it in one line, exit 2: a CSV on one thread and two, .gz, a zip entry, standard input; NDJSON read by byte offset', async () => {
    const rules = path.join(dir, 'r.channels');
    writeFileSync(rules, RULES);
    const utf16be = refusedCases('csv').find((c) => c.name === 'UTF-16BE' && c.marked)!;
    const events = path.join(dir, 'excel.csv');
    writeFileSync(events, utf16be.bytes);
    writeFileSync(`${events}.gz`, gzip(utf16be.bytes));
    writeFileSync(path.join(dir, 'sheets.zip'), await zipBuffer([{ kind: 'file', name: 'day.csv', data: utf16be.bytes }]));
    const bare = refusedCases('ndjson').find((c) => c.name === 'UTF-16LE' && !c.marked)!;
    const ndjson = path.join(dir, 'bare.ndjson');
    writeFileSync(ndjson, bare.bytes);
    const runs: [string[], string][] = [
      [['classify', rules, '--events', events], `${events}: starts with the UTF-16BE byte order mark (FE FF, byte offset 0): CSV events are read as UTF-8, or as UTF-16LE with its byte order mark; convert the file (iconv -f UTF-16BE -t UTF-8)`],
      [['report', rules, '--events', events, '--threads', '1'], refusal(events, 'csv', utf16be)],
      [['report', rules, '--events', events, '--threads', '2'], refusal(events, 'csv', utf16be)],
      [['report', rules, '--events', `${events}.gz`], refusal(`${events}.gz`, 'csv', utf16be)],
      [['classify', rules, '--events', path.join(dir, 'sheets.zip')], refusal(`${path.join(dir, 'sheets.zip')}: entry "day.csv"`, 'csv', utf16be)],
      [['report', rules, '--events', ndjson, '--threads', '2'], refusal(ndjson, 'ndjson', bare)],
      [['classify', rules, '--events', ndjson], `${ndjson}: starts with the bytes 7B 00 22 00 (byte offset 0), UTF-16LE without a byte order mark: NDJSON and JSON events are read as UTF-8; convert the file (iconv -f UTF-16LE -t UTF-8)`],
    ];
    for (const [args, expected] of runs) {
      const run = runCli(args);
      expect(run.stderr, args.join(' ')).toBe(`channel-rules ${args[0]}: ${expected}\n`);
      expect(run.code, args.join(' ')).toBe(2);
    }
    const piped = runCli(['classify', rules, '--events', '-', '--events-format', 'csv'], { input: utf16be.bytes });
    expect(piped.stderr).toBe(`channel-rules classify: ${refusal('standard input', 'csv', utf16be)}\n`);
    expect(piped.code).toBe(2);
  });
});
