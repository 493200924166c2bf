// Positions filed by key come back as an array per key would give them.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PositionsByKey } from '../../engine/collections/positions-by-key';

describe('PositionsByKey', () => {
  it('gives each key its positions in order, and stops where the visitor says', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', ''), { maxLength: 40 }), fc.integer({ min: 0, max: 40 }), (keys, stop) => {
        const filed = new PositionsByKey();
        const reference = new Map<string, number[]>();
        keys.forEach((key, position) => {
          filed.add(key, position);
          reference.set(key, [...(reference.get(key) ?? []), position]);
        });
        for (const key of ['a', 'b', 'c', '', 'd']) {
          const expected = reference.get(key) ?? [];
          expect(filed.count(key)).toBe(expected.length);
          const visited: number[] = [];
          filed.forEach(key, (position) => {
            visited.push(position);
            return position < stop;
          });
          const firstPast = expected.findIndex((position) => position >= stop);
          expect(visited).toEqual(firstPast < 0 ? expected : expected.slice(0, firstPast + 1));
        }
      }),
    );
  });
});
