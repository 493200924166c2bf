// engine/analysis/regex-case-classes rests on refa's case classes (flags `iu`) being
// subsets of the engine's: a set refa gives that is closed under the engine's folding
// is then exactly the engine's. Checked for every code point, and the sets refa reads
// otherwise are bounded, not taken as exact.
import { CharSet, JS } from 'refa';
import { describe, expect, it } from 'vitest';
import { caseBounds } from '../../engine/analysis/regex-case-classes';
import { caseClassOf } from '../../engine/semantics/case-fold';

const MAX = 0x10ffff;

function classSet(codePoint: number): CharSet {
  return CharSet.fromCharacters(MAX, [...caseClassOf(codePoint)].sort((a, b) => a - b));
}

describe("refa's case classes against the engine's", () => {
  it('are subsets of them for every code point', () => {
    const folding = JS.getCharCaseFolding(true, true);
    const differing: number[] = [];
    const wider: string[] = [];
    for (let c = 0; c <= MAX; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const refa = folding.toCharSet(c);
      if (refa.ranges.length === 1 && refa.ranges[0]!.min === c && refa.ranges[0]!.max === c && caseClassOf(c).length === 1) continue;
      const engine = classSet(c);
      if (!engine.isSupersetOf(refa)) wider.push(`U+${c.toString(16)}`);
      if (!engine.equals(refa)) differing.push(c);
    }
    expect(wider).toEqual([]);
    // When refa's tables catch up, this module may go (and the test says so).
    expect(differing.length).toBeGreaterThan(0);
  });

  it('bound a set that is not closed between its interior and its closure', () => {
    const refa = JS.getCharCaseFolding(true, true).toCharSet(0x264);
    expect(caseBounds(refa)).toEqual({ under: CharSet.empty(MAX), over: classSet(0x264) });
    const closed = CharSet.fromCharacters(MAX, [0x41, 0x61]);
    expect(caseBounds(closed)).toEqual({ exact: closed });
    const notDot = CharSet.fromCharacters(MAX, [0x0a]).negate();
    expect(caseBounds(notDot)).toEqual({ exact: notDot });
  });
});
