// engine/events/line-ranges: the ranges are the input's bytes, cut only after a LF,
// each about chunkSize long, with lines longer than maxLineBytes dropped as one
// `too-long` range each; checked against a plain split of the whole input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineRanges, type LineRange } from '../../engine/events/line-ranges';

async function collect(input: Uint8Array, cuts: number[], chunkSize: number, maxLineBytes: number): Promise<LineRange[]> {
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const at = Math.min(cut, input.length);
    pieces.push(input.subarray(start, at));
    start = at;
  }
  pieces.push(input.subarray(start));
  const ranges: LineRange[] = [];
  for await (const range of lineRanges((async function* () { yield* pieces; })(), { chunkSize, maxLineBytes })) ranges.push(range);
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

describe('lineRanges', () => {
  it('cuts after the first LF past each chunk size and keeps every byte', async () => {
    const ranges = await collect(bytesOf('ab\ncdef\ng\n\nhij'), [1, 5], 4, 100);
    expect(ranges.map((range) => (range.kind === 'lines' ? new TextDecoder().decode(range.bytes) : '!'))).toEqual(['ab\ncdef\n', 'g\n\nhij']);
    expect(ranges.map((range) => range.byteOffset)).toEqual([0, 8]);
    expect(ranges.map((range) => range.kind === 'lines' && range.first)).toEqual([true, false]);
  });

  it('drops a line longer than maxLineBytes, even without a final LF', async () => {
    const ranges = await collect(bytesOf('a\nxxxxxxxxxx\nb\nyyyyyyyy'), [3, 6, 9], 2, 5);
    expect(ranges.map((range) => (range.kind === 'lines' ? new TextDecoder().decode(range.bytes) : `too-long@${range.byteOffset}`))).toEqual([
      'a\n',
      'too-long@2',
      'b\n',
      'too-long@15',
    ]);
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
          const keptBytes = kept.map((start) => {
            const newline = input.indexOf(0x0a, start);
            return input.subarray(start, newline === -1 ? input.length : newline + 1);
          });
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
