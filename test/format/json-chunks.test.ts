// The JSON written in pieces is JSON.stringify(value, null, 2), character for character,
// however the pieces fall.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonChunks } from '../../cli/format/json-chunks';

const joined = (value: unknown, pieceLength: number): string => [...jsonChunks(value, pieceLength)].join('');

describe('jsonChunks', () => {
  it('is JSON.stringify with an indent of 2, for any value it writes', () => {
    const value = fc.anything({ withNullPrototype: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withObjectString: true });
    fc.assert(
      fc.property(value, fc.integer({ min: 1, max: 4096 }), (anything, pieceLength) => {
        const expected = JSON.stringify(anything, null, 2) as string | undefined;
        fc.pre(expected !== undefined);
        expect(joined(anything, pieceLength)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves out what JSON.stringify leaves out, and writes null in its place in an array', () => {
    const value = { a: undefined, b: () => 1, c: Symbol('c'), d: [undefined, () => 1, Symbol('d'), 1], e: { toJSON: () => undefined }, f: {}, g: [], h: { x: undefined } };
    expect(joined(value, 1)).toBe(JSON.stringify(value, null, 2));
    expect(joined({ nested: { deeper: ['a\nb', { text: 'line\u2028break' }, new Date(0)] } }, 3)).toBe(JSON.stringify({ nested: { deeper: ['a\nb', { text: 'line\u2028break' }, new Date(0)] } }, null, 2));
  });

  it('hands a long array out in pieces of about the length asked for', () => {
    const pairs = Array.from({ length: 10_000 }, (_, i) => ({ ours: i % 2 === 0 ? 'Email' : null, theirs: `Channel ${i}`, events: 1, example: { line: i + 1, rule: null } }));
    const pieces = [...jsonChunks({ against: { pairs } }, 4096)];
    expect(pieces.join('')).toBe(JSON.stringify({ against: { pairs } }, null, 2));
    expect(pieces.length).toBeGreaterThan(100);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(4096 + 200);
  });
});
