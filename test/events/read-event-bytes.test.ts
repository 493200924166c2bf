// The web build's readers (engine/events/read-event-bytes: the file's bytes held in
// memory, fflate and a zip reader of our own) against the Node readers
// (engine/events/read-events: files, zlib and yauzl) on the same random files:
// exactly the same records, lines, entries, skipped lines and skipped entries, and
// for damaged or oversized containers an error naming the same file and entry.
// Node 20 runs the web readers as they are (fflate is plain JavaScript; no Node module
// is imported by them: test/web/no-node-builtins.test.ts).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { crc32 } from 'node:zlib';
import type { EventBatch } from '../../engine/events/event';
import { readEventFileBytes } from '../../engine/events/read-event-bytes';
import { readEventFile, readEventInput, type ReadEventsOptions } from '../../engine/events/read-events';
import type { SkippedEntry } from '../../engine/events/zip-reader';
import { csvText, gzip, ndjsonText, renameEntries, zipBuffer, type ZipItem } from '../support/containers';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cr-event-bytes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

function file(name: string, data: Uint8Array | string): string {
  const full = path.join(dir, `${files++}-${name}`);
  writeFileSync(full, data);
  return full;
}

interface Outcome {
  batches: Array<Pick<EventBatch, 'events' | 'skipped' | 'entry'>>;
  skippedEntries: SkippedEntry[];
  error?: string;
}

async function collect(batches: (options: ReadEventsOptions) => AsyncGenerator<EventBatch>, maxEntrySize?: number): Promise<Outcome> {
  const outcome: Outcome = { batches: [], skippedEntries: [] };
  try {
    for await (const batch of batches({ maxEntrySize, onSkippedEntry: (entry) => outcome.skippedEntries.push(entry) })) {
      outcome.batches.push(batch.entry === undefined ? { events: batch.events, skipped: batch.skipped } : { events: batch.events, skipped: batch.skipped, entry: batch.entry });
    }
  } catch (error) {
    outcome.error = (error as Error).message;
  }
  return outcome;
}

/** The Node reader and the web reader on the file at `full`. */
async function both(full: string, maxEntrySize?: number): Promise<{ node: Outcome; web: Outcome }> {
  const bytes = new Uint8Array(readFileSync(full));
  return {
    node: await collect((options) => readEventFile(full, options), maxEntrySize),
    web: await collect((options) => readEventFileBytes(bytes, full, options), maxEntrySize),
  };
}

/** Records and events flattened (batch boundaries are where each reader's chunks end). */
function records(outcome: Outcome) {
  return {
    events: outcome.batches.flatMap((batch) => batch.events.map((event) => ({ entry: batch.entry, ...event }))),
    skipped: outcome.batches.flatMap((batch) => batch.skipped),
    skippedEntries: outcome.skippedEntries,
    error: outcome.error,
  };
}

const valueArb = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null), fc.boolean(), fc.constantFrom('é', '😀', 'a\u00a0b'));
const recordArb = fc.dictionary(fc.constantFrom('user_id', 'time', 'event_type', 'utm_source', 'nested'), valueArb, { maxKeys: 5 });
/** Lines: records, and now and then a line that is not an object or not JSON. */
const linesArb = fc.array(fc.oneof({ weight: 8, arbitrary: recordArb }, { weight: 1, arbitrary: fc.constantFrom('{not json', '[1]', '') }), { maxLength: 40 });
const COLUMNS = ['user_id', 'time', 'event_type', 'utm_source'];

type TextFormat = 'ndjson' | 'json' | 'csv';
function text(lines: ReadonlyArray<Record<string, unknown> | string>, format: TextFormat): string {
  if (format === 'csv') return csvText(lines.filter((line): line is Record<string, unknown> => typeof line !== 'string'), COLUMNS);
  if (format === 'json') return JSON.stringify(lines.filter((line) => typeof line !== 'string'));
  return ndjsonText(lines);
}
const EXTENSION: Record<TextFormat, string> = { ndjson: 'ndjson', json: 'json', csv: 'csv' };

function parquet(lines: ReadonlyArray<Record<string, unknown> | string>): Uint8Array {
  const rows = lines.filter((line): line is Record<string, unknown> => typeof line !== 'string');
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: 'user_id', data: rows.map((row) => (row.user_id == null ? null : String(row.user_id))), type: 'STRING' },
        { name: 'time', data: rows.map((row) => (typeof row.time === 'number' ? row.time : null)), type: 'DOUBLE' },
      ],
      rowGroupSize: 7,
    }),
  );
}

describe('web readers (bytes in memory) and Node readers (files) give the same records', () => {
  it('plain files and .gz files, one or several gzip members', async () => {
    await fc.assert(
      fc.asyncProperty(linesArb, fc.constantFrom<TextFormat>('ndjson', 'json', 'csv'), fc.integer({ min: 0, max: 3 }), fc.option(fc.double({ min: 0, max: 1, noNaN: true })), async (lines, format, members, invalidAt) => {
        let body: Uint8Array | string = text(lines, format);
        if (invalidAt !== null) {
          // Bytes that are not UTF-8 somewhere: the line holding them is skipped, naming the offset.
          const bytes = Buffer.from(body);
          const at = Math.floor(invalidAt * bytes.length);
          body = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xc3, 0x28, 0xff]), bytes.subarray(at)]);
        }
        let data: Uint8Array | string = body;
        let name = `events.${EXTENSION[format]}`;
        if (members > 0) {
          // Split the text into `members` gzip members, as `cat a.gz b.gz` makes.
          const bytes = Buffer.from(body);
          const cuts = Array.from({ length: members - 1 }, (_, i) => Math.floor(((i + 1) * bytes.length) / members));
          const parts = [0, ...cuts, bytes.length].slice(1).map((end, i, ends) => gzip(bytes.subarray(i === 0 ? 0 : ends[i - 1], end)));
          data = Buffer.concat(parts);
          name += '.gz';
        }
        const { node, web } = await both(file(name, data));
        expect(records(web)).toEqual(records(node));
        // Bytes that are not UTF-8 may refuse a whole file (a CSV header, a .json's first character): both then say so alike.
        if (invalidAt === null) expect(node.error).toBeUndefined();
      }),
      { numRuns: 40 },
    );
  });

  it('Parquet, plain and gzipped', async () => {
    await fc.assert(
      fc.asyncProperty(linesArb, fc.boolean(), async (lines, gzipped) => {
        const bytes = parquet(lines);
        const { node, web } = await both(gzipped ? file('events.parquet.gz', gzip(Buffer.from(bytes))) : file('events.parquet', bytes));
        expect(records(web)).toEqual(records(node));
        expect(node.error).toBeUndefined();
      }),
      { numRuns: 15 },
    );
  });

  it('zip: entries in archive order (stored, deflated, .gz and Parquet inside), folders and other files skipped', async () => {
    const entryArb = fc.record({
      lines: linesArb,
      format: fc.constantFrom<TextFormat | 'parquet'>('ndjson', 'json', 'csv', 'parquet'),
      gzipped: fc.boolean(),
      stored: fc.boolean(),
      folder: fc.constantFrom('', 'day-1/', 'résumé/'),
    });
    const extraArb = fc.constantFrom<ZipItem>(
      { kind: 'file', name: 'README.txt', data: 'Amplitude export\n' },
      { kind: 'folder', name: 'folder/' },
      { kind: 'file', name: '__MACOSX/._a.ndjson', data: 'binary' },
      { kind: 'file', name: 'inner.zip', data: 'PK' },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof({ weight: 3, arbitrary: entryArb.map((entry) => ({ kind: 'entry' as const, ...entry })) }, { weight: 1, arbitrary: extraArb }), { maxLength: 6 }),
        async (items) => {
          const zipItems = items.map((item, index): ZipItem => {
            if (item.kind !== 'entry') return item;
            const raw = item.format === 'parquet' ? parquet(item.lines) : text(item.lines, item.format);
            const name = `${item.folder}${index}.${item.format === 'parquet' ? 'parquet' : EXTENSION[item.format]}${item.gzipped ? '.gz' : ''}`;
            return { kind: 'file', name, data: item.gzipped ? gzip(Buffer.from(raw)) : Buffer.from(raw), compress: !item.stored };
          });
          const { node, web } = await both(file('export.zip', await zipBuffer(zipItems)));
          expect(records(web)).toEqual(records(node));
          expect(node.error).toBeUndefined();
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('web readers: damaged and oversized containers', () => {
  /** `where` and the byte range of an error: `x.gz: damaged gzip data in compressed bytes 0–94`. */
  function placed(message: string | undefined): { where: string; range: [number, number] | undefined } {
    expect(message).toBeDefined();
    const where = message!.slice(0, message!.search(/: (damaged|expands|not a readable)|\(at byte/));
    const range = /bytes? (\d+)(?:–(\d+))?/.exec(message!);
    return { where, range: range === null ? undefined : [Number(range[1]), Number(range[2] ?? range[1])] };
  }

  it('a flipped or cut byte in a .gz or a zip entry: an error naming the same file and entry, placed over the damage', async () => {
    const body = ndjsonText(Array.from({ length: 400 }, (_, i) => ({ user_id: `u${i % 7}`, time: 1_700_000_000_000 + i, event_type: 'Page View', utm_source: `s${i}` })));
    const plainZip = await zipBuffer([{ kind: 'file', name: 'a/events.ndjson', data: body }, { kind: 'file', name: 'b.json.gz', data: gzip(body), compress: false }]);
    const gz = gzip(body);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('gz', 'zip'), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 255 }), fc.boolean(), async (kind, where, flip, cut) => {
        const source = kind === 'gz' ? gz : plainZip;
        const at = Math.floor(where * (source.length - 1));
        const damaged = Buffer.from(source);
        const data = cut ? damaged.subarray(0, at) : (damaged[at] = damaged[at]! ^ flip, damaged);
        const { node, web } = await both(file(kind === 'gz' ? 'events.ndjson.gz' : 'export.zip', data));
        // Both read the same events before the damage, or both fail (or both read it all:
        // a flipped byte in a zip's unused field).
        expect(web.error === undefined).toBe(node.error === undefined);
        if (node.error === undefined) {
          expect(records(web)).toEqual(records(node));
          return;
        }
        const [n, w] = [placed(node.error), placed(web.error)];
        expect(w.where).toBe(n.where);
        expect(web.error).toMatch(/damaged|not a readable|truncated|expands/);
        if (w.range !== undefined && !cut && /damaged (gzip|deflate) data/.test(web.error!)) {
          expect(w.range[0]).toBeLessThanOrEqual(at + 8 + (kind === 'zip' ? 0 : 0) + 65536);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('a changed CRC-32 or length in a gzip trailer, or a changed byte of a stored zip entry: both refuse it', async () => {
    const body = ndjsonText([{ user_id: 'u', time: 1 }, { user_id: 'v', time: 2 }]);
    const first = gzip(body);
    for (const at of [first.length - 8, first.length - 5, first.length - 4, first.length - 1]) {
      // In the first of two members, and in the last.
      for (const members of [[first, gzip(body)], [gzip(body), first]]) {
        const data = Buffer.concat(members.map((member) => Buffer.from(member)));
        const target = members[0] === first ? at : members[0]!.length + at;
        data[target] = data[target]! ^ 0x10;
        const { node, web } = await both(file('events.ndjson.gz', data));
        expect(node.error).toMatch(/damaged gzip data/);
        expect(web.error).toMatch(/^.*events\.ndjson\.gz: damaged gzip data (in|at) compressed bytes? \d+/);
      }
    }
    const zip = await zipBuffer([{ kind: 'file', name: 'a.ndjson', data: body, compress: false }]);
    const data = Buffer.from(zip);
    const at = data.indexOf('"user_id"');
    data[at + 3] = 'X'.charCodeAt(0);
    const { node, web } = await both(file('export.zip', data));
    expect(node.error).toMatch(/entry "a\.ndjson".*CRC-32 does not match/);
    expect(web.error).toBe(node.error);
  });

  it('--max-entry-size: a .gz or a zip entry expanding past it is refused, naming it', async () => {
    const body = 'x'.repeat(200_000);
    for (const [name, data] of [
      ['bomb.ndjson.gz', gzip(body)],
      ['bomb.zip', await zipBuffer([{ kind: 'file', name: 'inner/bomb.ndjson', data: body }])],
      ['gz-in-zip.zip', await zipBuffer([{ kind: 'file', name: 'bomb.ndjson.gz', data: gzip(body), compress: false }])],
    ] as const) {
      const { node, web } = await both(file(name, data), 100_000);
      expect(web.error).toBe(node.error);
      expect(web.error).toMatch(/expands to more than 97\.7 KiB, the limit for one entry/);
    }
  });

  it('entries named with `..`, an absolute path or a drive letter are read by their own names, not refused as damaged', async () => {
    // Both refused the archive ("damaged zip central directory: invalid relative path"), yauzl's check before extracting it.
    const names = [
      ['events.ndjson', 'events.ndjson'],
      ['exports/~~/more.ndjson', 'exports/../more.ndjson'],
      ['~~/up.ndjson', '../up.ndjson'],
      ['~abs.ndjson', '/abs.ndjson'],
      ['C~~x.ndjson', 'C:\\x.ndjson'],
      ['D~~y.ndjson', 'D:/y.ndjson'],
    ] as const;
    const items = names.map(([written], index): ZipItem => ({ kind: 'file', name: written, data: `{"user_id":"u${index}","time":${1700000000000 + index}}\n` }));
    const { node, web } = await both(file('names.zip', renameEntries(await zipBuffer(items), names)));
    expect(node.error).toBeUndefined();
    expect(records(web)).toEqual(records(node));
    // A backslash is read as a slash, as yauzl reads it (zips written by .NET 4.5 use it).
    expect(node.batches.map((batch) => batch.entry)).toEqual(['events.ndjson', 'exports/../more.ndjson', '../up.ndjson', '/abs.ndjson', 'C:/x.ndjson', 'D:/y.ndjson']);
    expect(node.batches.flatMap((batch) => batch.events.map((event) => event.props.user_id))).toEqual(['u0', 'u1', 'u2', 'u3', 'u4', 'u5']);
  });

  it('not a zip at all, and a zip cut in its central directory', async () => {
    const zip = await zipBuffer([{ kind: 'file', name: 'a.ndjson', data: '{"user_id":"u"}\n' }]);
    for (const data of [Buffer.from('hello, not a zip'), zip.subarray(0, zip.length - 10)]) {
      const { node, web } = await both(file('export.zip', data));
      expect(web.error).toBe(node.error);
    }
  });
});

describe('web readers: gzip framing and damage the same as the Node readers, reason and byte offset', () => {
  const body = ndjsonText(Array.from({ length: 20 }, (_, i) => ({ user_id: `u${i}`, time: 1_700_000_000_000 + i, utm_medium: 'cpc' })));
  const member = gzip(body);
  const [first, second] = [gzip(body.slice(0, 300)), gzip(body.slice(300))];
  const zeros = (count: number) => Buffer.alloc(count);
  /** A gzip header with `flags` and the fields they call for, then the member's deflate data and trailer. */
  function withHeader(flags: number, fields: Buffer, headerCrc?: number): Buffer {
    const header = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, 0xff]), fields]);
    const crc = headerCrc ?? (crc32(header) & 0xffff);
    const hcrc = flags & 2 ? Buffer.from([crc & 0xff, crc >> 8]) : Buffer.alloc(0);
    return Buffer.concat([header, hcrc, member.subarray(10)]);
  }
  const fields = Buffer.concat([Buffer.from([3, 0, 1, 2, 3]), Buffer.from('name.ndjson\0comment\0')]);

  it.each<[string, Buffer, RegExp | undefined]>([
    // Zero padding to the end (as tape and block writers leave) is read; anything after it is damage.
    ['one zero byte after the member', Buffer.concat([member, zeros(1)]), undefined],
    ['512 zero bytes after two members', Buffer.concat([first, second, zeros(512)]), undefined],
    ['a member, four zero bytes, the member again', Buffer.concat([member, zeros(4), member]), new RegExp(`at compressed byte ${member.length + 4}: not zero padding: zero bytes after a gzip member \\(from byte ${member.length}\\)`)],
    ['a member, then a zero byte in place of the next header', Buffer.concat([first, zeros(1), second.subarray(1)]), new RegExp(`at compressed byte ${first.length + 1}: not zero padding`)],
    ['a byte after the member that is not a header', Buffer.concat([member, Buffer.from('x')]), /at compressed byte \d+: the data ends early \(truncated\)$/],
    ['garbage after the member', Buffer.concat([member, Buffer.from('garbage!')]), /in compressed bytes 0–\d+: incorrect header check$/],
    // Cut short anywhere: the same reason at the end of the file.
    ['a header only', member.subarray(0, 10), /at compressed byte 10: the data ends early \(truncated\)$/],
    ['a file name never ended', Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 8, 0, 0, 0, 0, 0, 0xff]), Buffer.from('name')]), /at compressed byte 14: the data ends early/],
    ['an extra field longer than the file', Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 0xff, 100, 0]), zeros(8)]), /at compressed byte 20: the data ends early/],
    ['a trailer cut short', member.subarray(0, member.length - 3), new RegExp(`at compressed byte ${member.length - 3}: the data ends early`)],
    ['no bytes at all', Buffer.alloc(0), /at compressed byte 0: the data ends early/],
    // Header fields: read when right, refused as zlib refuses them when wrong.
    ['an extra field, a name, a comment and a header CRC', withHeader(0x1e, fields), undefined],
    ['a header CRC that does not match', withHeader(0x1e, fields, 0x1234), /in compressed bytes 0–\d+: header crc mismatch$/],
    ['a reserved flag bit set', withHeader(0x20, Buffer.alloc(0)), /in compressed bytes 0–\d+: unknown header flags set$/],
    ['another compression method', Buffer.concat([member.subarray(0, 2), Buffer.from([7]), member.subarray(3)]), /unknown compression method$/],
  ])('%s', async (_, data, error) => {
    const { node, web } = await both(file('events.ndjson.gz', data));
    expect(records(web)).toEqual(records(node));
    if (error === undefined) {
      expect(node.error).toBeUndefined();
      expect(records(node).events).toHaveLength(20);
    } else {
      expect(node.error).toMatch(/damaged gzip data/);
      expect(node.error).toMatch(error);
    }
  });

  describe('damage partway through data of several 64 KiB slices: the events before it and the line the same', () => {
    // About 28 times smaller compressed: a slice expands past zlib's 1 MiB output
    // buffer, and Node hands on each buffer zlib filled before the damage; the web
    // reader handed on nothing of the slice the damage was found in.
    const body = ndjsonText(Array.from({ length: 30_000 }, (_, i) => ({ user_id: `u${i % 50}`, time: 1_700_000_000_000 + i, event_type: 'page_view', utm_medium: i % 3 ? 'email' : 'cpc', n: i % 10 })));
    const member = gzip(body);
    /**
     * Both readers on the damaged file: the same events and line where fflate finds the
     * damage where zlib does (a trailer, the end of the data, gzip's framing). zlib also
     * checks deflate's own framing (a stored block's length, a Huffman table's code
     * lengths), which fflate does not: there the web reader reads on past zlib's failure.
     */
    const expectAlike = async (name: string, data: Buffer, maxEntrySize?: number) => {
      const { node, web } = await both(file(name, data), maxEntrySize);
      expect(node.error).toBeDefined();
      if (/(incorrect (data|length) check|truncated\)|header check|expands to more than .*|expands past its recorded size of \d+ bytes)$/.test(node.error!)) {
        expect(records(web)).toEqual(records(node));
      } else {
        expect(web.error).toMatch(/damaged (gzip|deflate) data/);
        expect(records(web).events.slice(0, records(node).events.length)).toEqual(records(node).events);
      }
      return node;
    };
    /** The data with the byte at `where` (a fraction of it, past a gzip header and before a trailer) changed by `flip`. */
    const flipped = (source: Buffer, where: number, flip: number) => {
      const data = Buffer.from(source);
      const at = 10 + Math.floor(where * (data.length - 18));
      data[at] = data[at]! ^ flip;
      return data;
    };

    it('a byte changed anywhere in a .gz member, or the member cut short', async () => {
      expect(member.length).toBeGreaterThan(65_536);
      // Found at the trailer, in the last slice, which expands past one of zlib's buffers: the CLI handed on 23,057 events, the browser 20,276.
      const last = await expectAlike('events.ndjson.gz', flipped(member, 0.5, 0x55));
      expect(last.error).toMatch(/: damaged gzip data in compressed bytes \d+–\d+: incorrect data check$/);
      expect(last.batches.flatMap((batch) => batch.events)).toHaveLength(23_057);
      await fc.assert(
        // `where` below 1: cut at 1 the member is whole, not damaged (fast-check's seed -1689794776 drew [1, 1, true]).
        fc.asyncProperty(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.integer({ min: 1, max: 255 }), fc.boolean(), async (where, flip, cut) => {
          await expectAlike('events.ndjson.gz', cut ? member.subarray(0, 10 + Math.floor(where * (member.length - 10))) : flipped(member, where, flip));
        }),
        { numRuns: 8 },
      );
    });

    it('the CLI reading standard input in pieces of any size gives the same as from the file (zlib is given the same 64 KiB slices)', async () => {
      const data = flipped(member, 0.5, 0x55);
      const path = file('events.ndjson.gz', data);
      async function* pieces() {
        for (let at = 0; at < data.length; at += 10_000) yield data.subarray(at, at + 10_000);
      }
      const fromInput = records(await collect((options) => readEventInput(pieces(), 'ndjson', path, options)));
      expect(fromInput).toEqual(records(await collect((options) => readEventFile(path, options))));
      expect(fromInput.error).toMatch(/incorrect data check$/);
    });

    it('two members: the second one\'s header or trailer damaged where the first ends in the same slice', async () => {
      const [first, second] = [gzip(body.slice(0, 1_500_000)), gzip(body.slice(1_500_000))];
      expect((await expectAlike('events.ndjson.gz', Buffer.concat([first, Buffer.from('x'), second.subarray(1)]))).error).toMatch(/incorrect header check$/);
      const data = Buffer.concat([first, second]);
      data[data.length - 6] = data[data.length - 6]! ^ 0x55;
      expect((await expectAlike('events.ndjson.gz', data)).error).toMatch(/incorrect data check$/);
    });

    it('a deflated zip entry with a byte changed, a damaged .gz in a zip, and a .gz reaching the expansion limit partway', async () => {
      // The entry expands past its recorded size: both count zlib's chunks, which the CLI cut on its grid of 64 KiB of input, not on yauzl's reads of 16 KiB.
      const zip = await zipBuffer([{ kind: 'file', name: 'a.ndjson', data: body }]);
      expect((await expectAlike('export.zip', flipped(zip, 0.5, 0x55))).error).toMatch(/entry "a\.ndjson": damaged zip entry: it expands past its recorded size/);
      // zlib's buffer for a .gz entry is sized by the entry (512 KiB here), not 1 MiB.
      const inZip = await zipBuffer([{ kind: 'file', name: 'b.ndjson.gz', data: flipped(member, 0.5, 0x55), compress: false }]);
      expect((await expectAlike('export.zip', inZip)).error).toMatch(/entry "b\.ndjson\.gz": damaged gzip data in compressed bytes \d+–\d+: incorrect data check$/);
      expect((await expectAlike('events.ndjson.gz', member, 1_500_000)).error).toMatch(/expands to more than 1\.4 MiB/);
    });
  });

  it('a deflated zip entry with no compressed bytes is data that ends early on both', async () => {
    const zip = await zipBuffer([{ kind: 'file', name: 'a.ndjson', data: '' }]);
    // yazl deflates the empty entry to 2 bytes: record 0 compressed bytes instead.
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect(zip.readUInt16LE(central + 10)).toBe(8);
    zip.writeUInt32LE(0, central + 20);
    const { node, web } = await both(file('export.zip', zip));
    expect(node.error).toMatch(/entry "a\.ndjson": damaged deflate data at archive byte \d+: the data ends early \(truncated\)$/);
    expect(web.error).toBe(node.error);
  });

  it('a zip entry name in CP437: every byte decoded as yauzl decodes it', async () => {
    // 0xff was read as a space by the web reader; yauzl reads it as U+00A0.
    const raw = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, byte) => byte)), Buffer.from('.ndjson')]);
    const placeholder = 'n'.repeat(256) + '.ndjson';
    const zip = await zipBuffer([{ kind: 'file', name: placeholder, data: '{"user_id":"u"}\n' }]);
    const local = zip.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    // Not flagged as UTF-8 (general purpose bit 11), so the name is CP437.
    zip.writeUInt16LE(zip.readUInt16LE(local + 6) & ~0x800, local + 6);
    zip.writeUInt16LE(zip.readUInt16LE(central + 8) & ~0x800, central + 8);
    raw.copy(zip, local + 30);
    raw.copy(zip, central + 46);
    const { node, web } = await both(file('cp437.zip', zip));
    expect(node.error).toBeUndefined();
    expect(records(web)).toEqual(records(node));
    expect(node.batches[0]!.entry).toBe(yauzl.getFileNameLowLevel(0, raw, [], false));
    expect(web.batches[0]!.entry!.at(255)).toBe('\u00a0');
  });
});
