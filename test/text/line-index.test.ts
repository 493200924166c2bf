// Positions ↔ offsets: a position past the end of its line is the end of the line's content.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../engine/text/line-index';

const textWithMixedLineBreaks = fc
  .array(fc.oneof(fc.constantFrom('\n', '\r\n', '\r', 'a', 'b', ' ', '\t', 'é', '😀'), fc.string({ maxLength: 4 })), { maxLength: 40 })
  .map((pieces) => pieces.join(''));

/** The lines of a text with their content's start and end offsets, split independently of LineIndex. */
function linesOf(text: string): { start: number; end: number }[] {
  const lines: { start: number; end: number }[] = [];
  const breaks = /\r\n|\r|\n/g;
  let start = 0;
  for (let match = breaks.exec(text); match !== null; match = breaks.exec(text)) {
    lines.push({ start, end: match.index });
    start = match.index + match[0].length;
  }
  lines.push({ start, end: text.length });
  return lines;
}

describe('LineIndex', () => {
  it('reads a character past the end of a line as the end of its content, before any \\n, \\r\\n or \\r', () => {
    fc.assert(
      fc.property(textWithMixedLineBreaks, fc.nat(20), (text, past) => {
        const index = new LineIndex(text);
        const lines = linesOf(text);
        expect(index.lineCount).toBe(lines.length);
        lines.forEach((line, number) => {
          const length = line.end - line.start;
          expect(index.offset({ line: number, character: length + past })).toBe(line.end);
          for (let character = 0; character <= length; character++) expect(index.offset({ line: number, character })).toBe(line.start + character);
        });
      }),
    );
  });

  it('maps every offset to a position and back to the same offset', () => {
    fc.assert(
      fc.property(textWithMixedLineBreaks, (text) => {
        const index = new LineIndex(text);
        const lines = linesOf(text);
        for (let offset = 0; offset <= text.length; offset++) {
          const position = index.position(offset);
          const line = lines[position.line]!;
          // An offset inside a line break is on the line it ends.
          expect(offset).toBeGreaterThanOrEqual(line.start);
          expect(position.character).toBe(offset - line.start);
          if (offset <= line.end) expect(index.offset(position)).toBe(offset);
        }
      }),
    );
  });

  it('keeps the CRLF example whole: past the end of a CRLF line is before its \\r', () => {
    const index = new LineIndex('channel "A"\r\n  when x exists\r\n');
    expect(index.offset({ line: 0, character: 12 })).toBe(11);
    expect(index.offset({ line: 1, character: 50 })).toBe(28);
    expect(index.offset({ line: 2, character: 5 })).toBe(30);
    expect(index.offset({ line: 9, character: 0 })).toBe(30);
  });
});
