// A file read in nominal byte ranges (engine/events/file-line-ranges): each range gives
// exactly the lines that start in it, its last line read past its end (or given as
// too long), checked against a plain split of the whole file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { nominalRanges, openForRanges, RangeBuffer, readLinesStartingIn, type ReadAt } from '../../engine/events/file-line-ranges';
import { unitsAtLeast } from '../../engine/events/utf8-units';

const LF = 0x0a;

function bytesReadAt(bytes: Uint8Array): ReadAt {
  return (into, position) => {
    const part = bytes.subarray(position, position + into.length);
    into.set(part);
    return part.length;
  };
}

/** The file's lines: start, end (before its LF, or the file's end) and whether a LF ends it. */
function linesOf(bytes: Uint8Array): { start: number; end: number; newline: boolean }[] {
  const lines: { start: number; end: number; newline: boolean }[] = [];
  let start = 0;
  while (start < bytes.length) {
    const at = bytes.indexOf(LF, start);
    if (at === -1) {
      lines.push({ start, end: bytes.length, newline: false });
      break;
    }
    lines.push({ start, end: at, newline: true });
    start = at + 1;
  }
  return lines;
}

const fileBytes = fc
  .array(fc.constantFrom('a', 'bc', '\n', '\r\n', 'é', '😀', '{"x":1}', '\n\n'), { maxLength: 80 })
  .map((parts) => new Uint8Array(Buffer.from(parts.join(''), 'utf8')));

describe('readLinesStartingIn', () => {
  it('gives each range the lines starting in it, the last one read past its end or too long', () => {
    fc.assert(
      fc.property(fileBytes, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 60 }), (bytes, rangeSize, maxLineBytes) => {
        const lines = linesOf(bytes);
        for (const { start, end } of nominalRanges(bytes.length, rangeSize)) {
          const owned = lines.filter((line) => line.start >= start && line.start < end);
          const last = owned.at(-1);
          // The last line runs past the range when its LF (or the file's end) is not before `end`.
          const tooLong = last !== undefined && (last.newline ? last.end >= end : last.end > end) && last.end - last.start > maxLineBytes;
          const kept = tooLong ? owned.slice(0, -1) : owned;
          const expected = kept.length === 0 ? new Uint8Array(0) : bytes.subarray(kept[0]!.start, kept.at(-1)!.end + (kept.at(-1)!.newline ? 1 : 0));
          const range = readLinesStartingIn(bytesReadAt(bytes), bytes.length, start, end, maxLineBytes);
          expect(Buffer.from(range.bytes).toString('latin1')).toBe(Buffer.from(expected).toString('latin1'));
          expect(range.tooLongAfter).toBe(tooLong);
          expect(range.first).toBe(start === 0);
          if (owned.length > 0) expect(range.byteOffset).toBe(owned[0]!.start);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('gives up on a last line only when it is surely longer than maxLineUnits (or maxLineBytes), and keeps every line that fits both', () => {
    const decoded = (bytes: Uint8Array): number => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).length;
    // Bytes of every kind: ASCII, multi-byte and four-byte characters, invalid sequences, stray continuation bytes.
    const anyBytes = fc
      .array(fc.oneof(fileBytes, fc.uint8Array({ maxLength: 30 }), fc.constantFrom(new Uint8Array([0xf0, 0x9f, 0x98, 0x80]), new Uint8Array([0xe2, 0x28, 0xa1]), new Uint8Array([0xbf, 0xbf]))), { maxLength: 6 })
      .map((parts) => new Uint8Array(Buffer.concat(parts)));
    fc.assert(
      fc.property(anyBytes, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 60 }), (bytes, rangeSize, maxLineBytes, maxLineUnits) => {
        const lines = linesOf(bytes);
        for (const { start, end } of nominalRanges(bytes.length, rangeSize)) {
          const owned = lines.filter((line) => line.start >= start && line.start < end);
          const last = owned.at(-1);
          const range = readLinesStartingIn(bytesReadAt(bytes), bytes.length, start, end, maxLineBytes, new RangeBuffer(), maxLineUnits);
          const all = owned.length === 0 ? new Uint8Array(0) : bytes.subarray(owned[0]!.start, last!.end + (last!.newline ? 1 : 0));
          if (range.tooLongAfter) {
            const line = bytes.subarray(last!.start, last!.end);
            expect(line.length > maxLineBytes || decoded(line) > maxLineUnits).toBe(true);
            expect(Buffer.from(range.bytes).equals(Buffer.from(bytes.subarray(owned[0]!.start, last!.start)))).toBe(true);
          } else {
            expect(Buffer.from(range.bytes).equals(Buffer.from(all))).toBe(true);
          }
          // A line that fits both bounds, by its bytes and by the count of its characters' first bytes, is never given up.
          if (last !== undefined && last.end - last.start <= maxLineBytes && unitsAtLeast(bytes, last.start, last.end) <= maxLineUnits) expect(range.tooLongAfter).toBe(false);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('reads every line once over all the ranges, whatever their size', () => {
    fc.assert(
      fc.property(fileBytes, fc.integer({ min: 1, max: 40 }), (bytes, rangeSize) => {
        const pieces = nominalRanges(bytes.length, rangeSize).map(({ start, end }) => readLinesStartingIn(bytesReadAt(bytes), bytes.length, start, end, Infinity));
        expect(Buffer.concat(pieces.map((piece) => piece.bytes)).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same ranges through one buffer kept from range to range, grown by long last lines', () => {
    // Lines up to 3× TAIL_READ (4 KiB), so that a range's last line outgrows the buffer.
    const longLines = fc
      .array(fc.oneof(fc.integer({ min: 0, max: 12_000 }).map((length) => 'x'.repeat(length)), fc.constantFrom('', 'é', '{"x":1}')), { maxLength: 12 })
      .map((lines) => new Uint8Array(Buffer.from(lines.join('\n'), 'utf8')));
    fc.assert(
      fc.property(longLines, fc.integer({ min: 1, max: 9_000 }), fc.integer({ min: 0, max: 15_000 }), (bytes, rangeSize, maxLineBytes) => {
        const buffer = new RangeBuffer();
        for (const { start, end } of nominalRanges(bytes.length, rangeSize)) {
          const fresh = readLinesStartingIn(bytesReadAt(bytes), bytes.length, start, end, maxLineBytes);
          const kept = readLinesStartingIn(bytesReadAt(bytes), bytes.length, start, end, maxLineBytes, buffer);
          // Compared before the next range overwrites the buffer.
          expect({ ...kept, bytes: Buffer.from(kept.bytes).toString('latin1') }).toEqual({ ...fresh, bytes: Buffer.from(fresh.bytes).toString('latin1') });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reads a real file, and a line far longer than the limit is never held', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'file-line-ranges-'));
    afterAll(() => rmSync(folder, { recursive: true, force: true }));
    const file = path.join(folder, 'events.ndjson');
    const long = 'x'.repeat(300_000);
    writeFileSync(file, `{"a":1}\n${long}\n{"b":2}\n`);
    const size = 8 + long.length + 1 + 8;
    const opened = openForRanges(file, size);
    let asked = 0;
    const counting: ReadAt = (into, position) => {
      asked += into.length;
      return opened.readAt(into, position);
    };
    try {
      const ranges = nominalRanges(size, 100).map(({ start, end }) => readLinesStartingIn(counting, size, start, end, 1000));
      expect(ranges[0]).toMatchObject({ byteOffset: 0, first: true, tooLongAfter: true });
      expect(Buffer.from(ranges[0]!.bytes).toString()).toBe('{"a":1}\n');
      expect(ranges.filter((range) => range.bytes.length > 0).map((range) => Buffer.from(range.bytes).toString())).toEqual(['{"a":1}\n', '{"b":2}\n']);
      // Each byte read by at most its own range and the one before (plus the limit's worth past a range's end).
      expect(asked).toBeLessThan(2 * size + 100 * 1000);
      // With a bound on the characters, the long line is given up after about that many of its bytes (and one read more).
      asked = 0;
      const first = readLinesStartingIn(counting, size, 0, 100, 200_000, new RangeBuffer(), 1000);
      expect(first).toMatchObject({ byteOffset: 0, tooLongAfter: true });
      expect(asked).toBeLessThan(100 + 1000 + 8 * 1024);
    } finally {
      opened.close();
    }
  });

  it('a line of multi-byte characters is given up on its characters, not its bytes', () => {
    // 20,000 'é' are 40,000 bytes and 20,000 characters; 40,000 'x' are 40,000 of both.
    const file = (line: string): Uint8Array => new Uint8Array(Buffer.from(`{"a":1}\n${line}\n{"b":2}\n`, 'utf8'));
    const tooLong = (bytes: Uint8Array, maxLineUnits: number): boolean => readLinesStartingIn(bytesReadAt(bytes), bytes.length, 0, 10, 100_000, new RangeBuffer(), maxLineUnits).tooLongAfter;
    const wide = file('é'.repeat(20_000));
    expect(tooLong(wide, 25_000)).toBe(false);
    expect(tooLong(file('x'.repeat(40_000)), 25_000)).toBe(true);
    expect(tooLong(wide, 10_000)).toBe(true);
    // Kept whole when it fits, whatever its bytes.
    expect(Buffer.from(readLinesStartingIn(bytesReadAt(wide), wide.length, 0, 10, 100_000, new RangeBuffer(), 25_000).bytes).toString()).toBe(`{"a":1}\n${'é'.repeat(20_000)}\n`);
  });
});

describe('nominalRanges', () => {
  it('cut the file end to end, rangeSize long but over the tail, where they are the tail’s size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 1, max: 300 }), (size, rangeSize, tailBytes, tailSize) => {
        const ranges = nominalRanges(size, rangeSize, { bytes: tailBytes, rangeSize: tailSize });
        let at = 0;
        for (const { start, end } of ranges) {
          expect(start).toBe(at);
          expect(end).toBeGreaterThan(start);
          // A range is the tail's size where no more than the tail's bytes are left at its start (the last one may be shorter).
          const length = size - start <= tailBytes ? tailSize : rangeSize;
          expect(end).toBe(Math.min(size, start + length));
          at = end;
        }
        expect(at).toBe(size);
      }),
    );
  });
});
