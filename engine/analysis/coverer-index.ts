// Which coverers (boxes of rules, ./regions) could meet a region, so that the rules
// that test different values of a field are never compared: 5,000 one-rule channels
// `when utm_source = "sN"` make 12.5 million pairs, of which none meet.
//
// Each coverer is filed under one *anchor*: a field its box constrains to a finite set
// of values (`=`, `in`, `is empty`, `is set`'s complement…: no language, only listed
// strings, and missing / null). A box whose set on that field is finite too and has
// none of those values cannot meet the coverer: their intersection is empty on that
// field, hence empty. Every other coverer is a candidate (a box that does not
// constrain the anchor field finitely; a coverer with no finite field at all). Leaving
// out only coverers whose intersection is empty changes no answer of `cover` or
// `intersect`: it only saves their steps.

import { PositionsByKey } from '../collections/positions-by-key';
import type { Box, Coverer, Region } from './regions';
import { NO_STRING } from './languages';
import type { FieldSet } from './value-sets';

const MISSING = '\u0000missing';
const NULL = '\u0000null';

function isFinite(set: FieldSet): boolean {
  return set.strings.language === NO_STRING;
}

function* membersOf(set: FieldSet): Iterable<string> {
  if (set.missing) yield MISSING;
  if (set.null) yield NULL;
  yield* set.strings.plus;
}

export class CovererIndex {
  /** Per anchor field: value → positions (ascending) of the coverers anchored there that have it. */
  private readonly byValue = new Map<number, PositionsByKey>();
  /** Per anchor field: every coverer anchored there (ascending). */
  private readonly byField = new Map<number, number[]>();
  /** Coverers with no finite field (ascending). */
  private readonly unanchored: number[] = [];
  private readonly marks: Int32Array;
  private stamp = 0;

  constructor(readonly coverers: readonly Coverer[]) {
    this.marks = new Int32Array(coverers.length);
    coverers.forEach(({ box }, position) => {
      const anchor = this.anchorOf(box);
      if (anchor === undefined) {
        this.unanchored.push(position);
        return;
      }
      let values = this.byValue.get(anchor);
      if (values === undefined) {
        this.byValue.set(anchor, (values = new PositionsByKey()));
        this.byField.set(anchor, []);
      }
      this.byField.get(anchor)!.push(position);
      for (const value of membersOf(box.sets[anchor]!)) values.add(value, position);
    });
  }

  /** The coverers among the first `before` that could meet a box of `region`, in their order. */
  candidates(region: Region, before: number): Coverer[] {
    const stamp = ++this.stamp;
    const positions: number[] = [];
    const takeOne = (position: number): boolean => {
      if (position >= before) return false;
      if (this.marks[position] !== stamp) {
        this.marks[position] = stamp;
        positions.push(position);
      }
      return true;
    };
    const take = (list: readonly number[]): void => {
      for (const position of list) if (!takeOne(position)) break;
    };
    for (const box of region) {
      take(this.unanchored);
      for (const [field, values] of this.byValue) {
        const set = box.sets[field]!;
        if (!isFinite(set)) {
          take(this.byField.get(field)!);
          continue;
        }
        for (const value of membersOf(set)) values.forEach(value, takeOne);
      }
    }
    positions.sort((a, b) => a - b);
    return positions.map((position) => this.coverers[position]!);
  }

  /** The first field the box constrains to a finite set, preferring the smallest set. */
  private anchorOf(box: Box): number | undefined {
    let anchor: number | undefined;
    let size = Infinity;
    for (const field of box.constrained) {
      const set = box.sets[field]!;
      if (!isFinite(set)) continue;
      const members = set.strings.plus.size + (set.missing ? 1 : 0) + (set.null ? 1 : 0);
      if (members < size) {
        anchor = field;
        size = members;
      }
    }
    return anchor;
  }
}
