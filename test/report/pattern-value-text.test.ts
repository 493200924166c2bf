// A grouped field's value in the unassigned tables (engine/report/pattern-value-text):
// a missing or null field is `(missing)`, and no real string reads like it or like
// another string (SPEC §2.3: `(not set)` and `(missing)` are ordinary strings).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MISSING_VALUE, patternValueText } from '../../engine/report/pattern-value-text';

const HAZARDS = [MISSING_VALUE, '(not set)', '', '"', '""', '"(missing)"', '\\', ' '];
const value = fc.oneof(fc.constant(null), fc.constantFrom(...HAZARDS), fc.string({ maxLength: 12 }), fc.array(fc.constantFrom(...HAZARDS), { maxLength: 3 }).map((parts) => parts.join('')));

describe('patternValueText', () => {
  it('shows null as (missing) and a real "(missing)" quoted, so they differ', () => {
    expect(patternValueText(null)).toBe('(missing)');
    expect(patternValueText('(missing)')).toBe('"(missing)"');
    expect(patternValueText('(not set)')).toBe('(not set)');
    expect(patternValueText('')).toBe('""');
    expect(patternValueText('""')).toBe('"\\"\\""');
    expect(patternValueText('banner')).toBe('banner');
  });

  it('is one-to-one over null and every string', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        if (a !== b) expect(patternValueText(a)).not.toBe(patternValueText(b));
      }),
      { numRuns: 5000 },
    );
  });
});
