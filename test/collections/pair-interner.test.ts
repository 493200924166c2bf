// The pair interner numbers pairs as a Map of their text numbers them in order of first
// appearance, past every growth of its arrays and table.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PairInterner } from '../../engine/collections/pair-interner';

function agree(pairs: readonly (readonly [number, number])[]): void {
  const interner = new PairInterner();
  const reference = new Map<string, number>();
  for (const [first, second] of pairs) {
    const key = `${first},${second}`;
    if (!reference.has(key)) reference.set(key, reference.size);
    const id = interner.intern(first, second);
    expect(id).toBe(reference.get(key));
    expect([interner.first(id), interner.second(id)]).toEqual([first, second]);
  }
  expect(interner.count).toBe(reference.size);
}

describe('PairInterner', () => {
  it('numbers pairs in order of first appearance', () => {
    const member = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 0x7fffffff }));
    fc.assert(fc.property(fc.array(fc.tuple(member, member), { maxLength: 80 }), agree), { numRuns: 300 });
  });

  it('keeps every pair past the growth of its arrays and table', () => {
    const pairs: [number, number][] = [];
    for (let i = 0; i < 20_000; i++) pairs.push([(i * 7919) % 6000, i % 5]);
    agree(pairs);
  });
});
