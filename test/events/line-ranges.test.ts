// engine/events/line-ranges: the ranges are the input's bytes, cut only after a LF,
// each about chunkSize long, with lines longer than maxLineBytes dropped as one
// `too-long` range each; checked against a plain split of the whole input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineRanges, type LineRange } from '../../engine/events/line-ranges';
import { unitsAtLeast } from '../../engine/events/utf8-units';

async function collect(input: Uint8Array, cuts: number[], chunkSize: number, maxLineBytes: number, maxLineUnits?: number): Promise<LineRange[]> {
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const at = Math.min(cut, input.length);
    pieces.push(input.subarray(start, at));
    start = at;
  }
  pieces.push(input.subarray(start));
  const ranges: LineRange[] = [];
  for await (const range of lineRanges((async function* () { yield* pieces; })(), { chunkSize, maxLineBytes, ...(maxLineUnits === undefined ? {} : { maxLineUnits }) })) ranges.push(range);
  return ranges;
}

/** The expected outcome, from the whole input: lines (with their LF) kept or dropped. */
function expectedLines(input: Uint8Array, maxLineBytes: number): { kept: number[]; dropped: number[] } {
  const kept: number[] = [];
  const dropped: number[] = [];
  let start = 0;
  while (start < input.length) {
    const newline = input.indexOf(0x0a, start);
    const end = newline === -1 ? input.length : newline + 1;
    const content = newline === -1 ? end - start : end - start - 1;
    (content > maxLineBytes ? dropped : kept).push(start);
    start = end;
  }
  return { kept, dropped };
}

const bytesOf = (text: string) => new TextEncoder().encode(text);

/** Where each line of `input` starts. */
function lineStarts(input: Uint8Array): number[] {
  const { kept, dropped } = expectedLines(input, Infinity);
  return [...kept, ...dropped];
}

/** The line starting at `start`, with its LF when `withNewline` (and it has one). */
function lineAt(input: Uint8Array, start: number, withNewline: boolean): Uint8Array {
  const newline = input.indexOf(0x0a, start);
  return input.subarray(start, newline === -1 ? input.length : newline + (withNewline ? 1 : 0));
}

/** Each range as its text, or `too-long@offset`. */
const described = (ranges: readonly LineRange[]): string[] => ranges.map((range) => (range.kind === 'lines' ? new TextDecoder().decode(range.bytes) : `too-long@${range.byteOffset}`));

describe('lineRanges', () => {
  it('cuts after the first LF past each chunk size and keeps every byte', async () => {
    const ranges = await collect(bytesOf('ab\ncdef\ng\n\nhij'), [1, 5], 4, 100);
    expect(ranges.map((range) => (range.kind === 'lines' ? new TextDecoder().decode(range.bytes) : '!'))).toEqual(['ab\ncdef\n', 'g\n\nhij']);
    expect(ranges.map((range) => range.byteOffset)).toEqual([0, 8]);
    expect(ranges.map((range) => range.kind === 'lines' && range.first)).toEqual([true, false]);
  });

  it('drops a line longer than maxLineBytes, even without a final LF', async () => {
    const ranges = await collect(bytesOf('a\nxxxxxxxxxx\nb\nyyyyyyyy'), [3, 6, 9], 2, 5);
    expect(described(ranges)).toEqual([
      'a\n',
      'too-long@2',
      'b\n',
      'too-long@15',
    ]);
  });

  it('drops a line whose bytes surely hold more than maxLineUnits characters, and only such lines', async () => {
    const decoded = (bytes: Uint8Array): number => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).length;
    // Characters of 1 to 4 bytes, invalid sequences and stray continuation bytes.
    const piece = fc.constantFrom([0x61], [0xc3, 0xa9], [0xe2, 0x82, 0xac], [0xf0, 0x9f, 0x98, 0x80], [0xe2, 0x28], [0x80], [0xff], [0x0d]);
    const line = fc.array(piece, { maxLength: 14 }).map((pieces) => pieces.flat());
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 20 }),
        fc.boolean(),
        fc.array(fc.nat(1200), { maxLength: 60 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 20 }),
        async (lines, finalNewline, cuts, chunkSize, maxLineBytes, maxLineUnits) => {
          const input = new Uint8Array(lines.flatMap((bytes, i) => (i < lines.length - 1 || finalNewline ? [...bytes, 0x0a] : bytes)));
          const ranges = await collect(input, cuts, chunkSize, maxLineBytes, maxLineUnits);
          const droppedHere = ranges.filter((range) => range.kind === 'too-long').map((range) => range.byteOffset);
          for (const start of droppedHere) {
            const dropped = lineAt(input, start, false);
            expect(dropped.length > maxLineBytes || decoded(dropped) > maxLineUnits).toBe(true);
          }
          // Exactly the lines that, at the end of some chunk, were unfinished and too long by either bound so far.
          const ends = [...cuts.map((cut) => Math.min(cut, input.length)), input.length];
          const expectedDropped = lineStarts(input).filter((start) => {
            const last = start + lineAt(input, start, false).length;
            return ends.some((end) => start < end && end <= last && (end - start > maxLineBytes || unitsAtLeast(input, start, end) > maxLineUnits));
          });
          expect(droppedHere).toEqual(expectedDropped);
          // What is not dropped comes back whole, in order: the input without the dropped lines.
          const keptBytes = lineStarts(input)
            .filter((start) => !droppedHere.includes(start))
            .map((start) => lineAt(input, start, true));
          expect(Buffer.concat(ranges.filter((range) => range.kind === 'lines').map((range) => range.bytes))).toEqual(Buffer.concat(keptBytes));
          // A line no longer than either bound is never dropped.
          for (const start of droppedHere) expect(lineAt(input, start, false).length).toBeGreaterThan(Math.min(maxLineBytes, maxLineUnits));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('drops a streamed line on its characters, and keeps one of more bytes than that whose characters fit', async () => {
    // 6,000 'x' are 6,000 characters; 4,000 'é' are 8,000 bytes but 4,000 characters. Fed 1,000 bytes at a time.
    const input = bytesOf(`{"a":1}\n${'x'.repeat(6000)}\n${'é'.repeat(4000)}\n{"b":2}\n`);
    const cuts = Array.from({ length: Math.floor(input.length / 1000) }, (_, k) => (k + 1) * 1000);
    const ranges = await collect(input, cuts, 1 << 20, 80_000, 5_000);
    expect(described(ranges)).toEqual([
      '{"a":1}\n',
      'too-long@8',
      `${'é'.repeat(4000)}\n{"b":2}\n`,
    ]);
  });

  it('counts each line’s characters from its own start (a long line of multi-byte characters kept, then a long ASCII one)', async () => {
    // 6 'é' (12 bytes, 6 characters) unfinished at the first chunk's end are counted and kept; the next line,
    // 13 'a' unfinished at the second's, has 13 characters of its own and is dropped.
    const first = bytesOf(`${'é'.repeat(6)}`);
    const input = bytesOf(`${'é'.repeat(6)}\n${'a'.repeat(13)}${'a'.repeat(5)}\nb\n`);
    const ranges = await collect(input, [first.length, first.length + 1 + 13], 1 << 20, 1000, 10);
    expect(described(ranges)).toEqual([`${'é'.repeat(6)}\n`, `too-long@${first.length + 1}`, 'b\n']);
  });

  it('gives back the input, cut only after LFs, on random inputs and chunkings', async () => {
    const line = fc.stringMatching(/^[a-c\r\u00e9\u{1f600}]{0,12}$/u);
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 30 }),
        fc.boolean(),
        fc.array(fc.nat(400), { maxLength: 12 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 30 }),
        async (lines, finalNewline, cuts, chunkSize, maxLineBytes) => {
          const input = bytesOf(lines.join('\n') + (finalNewline && lines.length > 0 ? '\n' : ''));
          const ranges = await collect(input, cuts, chunkSize, maxLineBytes);
          const { kept, dropped } = expectedLines(input, maxLineBytes);
          // Only lines longer than maxLineBytes are dropped (a long line that came whole in
          // one input chunk may be kept: the line reader skips it by its length).
          const droppedHere = ranges.filter((range) => range.kind === 'too-long').map((range) => range.byteOffset);
          for (const start of droppedHere) expect(dropped).toContain(start);
          kept.push(...dropped.filter((start) => !droppedHere.includes(start)));
          kept.sort((a, b) => a - b);
          // The kept ranges' bytes are the kept lines, in order.
          const keptBytes = kept.map((start) => lineAt(input, start, true));
          const lineRangesOnly = ranges.filter((range) => range.kind === 'lines');
          expect(Buffer.concat(lineRangesOnly.map((range) => range.bytes))).toEqual(Buffer.concat(keptBytes));
          for (const [i, range] of lineRangesOnly.entries()) {
            expect(input.subarray(range.byteOffset, range.byteOffset + range.bytes.length)).toEqual(range.bytes);
            expect(range.first).toBe(range.byteOffset === 0);
            // Only the input's last range may end without a LF.
            if (range.byteOffset + range.bytes.length < input.length) expect(range.bytes[range.bytes.length - 1]).toBe(0x0a);
            expect(range.bytes.length).toBeGreaterThan(0);
            if (i < lineRangesOnly.length - 1 && ranges.every((r) => r.kind === 'lines')) {
              // A range is not cut before chunkSize bytes (unless a dropped line follows).
              expect(range.bytes.length).toBeGreaterThanOrEqual(chunkSize);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
