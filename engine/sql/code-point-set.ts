// Sets of Unicode code points as sorted, disjoint, non-adjacent inclusive ranges: the
// character sets of a regex once the JavaScript meaning of each class, escape and
// `ignoring case` has been worked out, ready to be printed in a dialect's syntax.

export interface CodePointRange {
  min: number;
  max: number;
}

export type CodePointSet = readonly CodePointRange[];

export const MAX_CODE_POINT = 0x10ffff;

/** UTF-16 surrogates: no UTF-8 text (so no warehouse value) contains them. */
export const SURROGATES: CodePointRange = { min: 0xd800, max: 0xdfff };

export function singleton(codePoint: number): CodePointSet {
  return [{ min: codePoint, max: codePoint }];
}

export function normalize(ranges: readonly CodePointRange[]): CodePointSet {
  const sorted = [...ranges].filter((range) => range.min <= range.max).sort((a, b) => a.min - b.min);
  const out: CodePointRange[] = [];
  for (const range of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && range.min <= last.max + 1) {
      if (range.max > last.max) out[out.length - 1] = { min: last.min, max: range.max };
    } else {
      out.push({ ...range });
    }
  }
  return out;
}

export function union(a: CodePointSet, b: CodePointSet): CodePointSet {
  return normalize([...a, ...b]);
}

export function complement(set: CodePointSet): CodePointSet {
  const out: CodePointRange[] = [];
  let next = 0;
  for (const range of set) {
    if (range.min > next) out.push({ min: next, max: range.min - 1 });
    next = range.max + 1;
  }
  if (next <= MAX_CODE_POINT) out.push({ min: next, max: MAX_CODE_POINT });
  return out;
}

export function subtract(a: CodePointSet, b: CodePointSet): CodePointSet {
  return intersect(a, complement(b));
}

export function intersect(a: CodePointSet, b: CodePointSet): CodePointSet {
  const out: CodePointRange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const min = Math.max(x.min, y.min);
    const max = Math.min(x.max, y.max);
    if (min <= max) out.push({ min, max });
    if (x.max < y.max) i++;
    else j++;
  }
  return out;
}

export function isEmpty(set: CodePointSet): boolean {
  return set.length === 0;
}

export function size(set: CodePointSet): number {
  return set.reduce((total, range) => total + range.max - range.min + 1, 0);
}

export function equal(a: CodePointSet, b: CodePointSet): boolean {
  return a.length === b.length && a.every((range, i) => range.min === b[i]!.min && range.max === b[i]!.max);
}

export function has(set: CodePointSet, codePoint: number): boolean {
  return set.some((range) => range.min <= codePoint && codePoint <= range.max);
}

/**
 * The shortest range list that agrees with `set` on every code point outside
 * `dontCare` (code points no value can contain, such as surrogates): gaps made only of
 * don't-care code points are bridged. Range ends are never don't-care code points.
 */
export function simplifyOver(set: CodePointSet, dontCare: CodePointSet): CodePointSet {
  const care = subtract(set, dontCare);
  const out: CodePointRange[] = [];
  for (const range of care) {
    const last = out[out.length - 1];
    if (last !== undefined && isEmpty(subtract([{ min: last.max + 1, max: range.min - 1 }], dontCare))) {
      out[out.length - 1] = { min: last.min, max: range.max };
    } else {
      out.push({ ...range });
    }
  }
  return out;
}
