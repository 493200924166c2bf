// Which rules an event could match, found from the values it has, so that a file of
// 10,000 one-rule channels `when utm_source = "sN"` does not try 10,000 rules per event.
//
// A rule is *indexed* on a dimension, a field compared as written or folded for case,
// when it can only hold for events whose value there is a string in a finite set: a
// test `=` / `in` / `is empty` (accepting neither missing nor null), an `and` with such
// a part, an `or` whose every branch has one on the same dimension. Per dimension a Map
// gives each value the ascending positions of the rules indexed under it; rules with
// no such set (`contains`, regexes, `not`, `is missing`, …) are *unindexed* and tried
// on every event. The candidates of an event are the unindexed rules and the ones its
// values look up, merged in file order, and the first that holds is the result: every
// rule left out cannot hold, so it is exactly the first-match result of trying all.
//
// A rule is *settled* by the lookup when its condition is nothing but its dimension's
// set (e.g. `utm_source in […]`): a candidate found by lookup holds without evaluating it.
//
// A rule with no such set can be indexed on a *literal* dimension instead, when it can
// only hold for values holding a literal (a `contains`, `starts with` or `ends with`):
// one scan of the value names the rules whose literal it holds (./literal-lookup), so
// that 1,000 one-rule `contains` channels are not 1,000 tests per event. A dimension
// is literal only with LITERAL_INDEX_FROM rules or more; the fewer stay unindexed.

import type { RuleCondition } from '../check/checked-rules';
import type { CompiledValueTest } from './compile-value-test';
import { LiteralLookup } from './literal-lookup';

/** A field (the classifier's field number) compared as written or after foldCase. */
export interface Dimension {
  field: number;
  folded: boolean;
  /** Its rules need the value to hold a literal, not to be one of a set. */
  literal: boolean;
}

interface Necessary {
  dimension: Dimension;
  /** The rule holds only if the event's value on the dimension is one of these (on a literal dimension: holds one of them). */
  values: ReadonlySet<string>;
  /** …and then it does hold: the condition is exactly this set. */
  settles: boolean;
}

/** The fewest rules of a literal dimension: with fewer, a scan of each value costs more than testing them. */
export const LITERAL_INDEX_FROM = 8;

export interface RuleIndex {
  dimensions: Dimension[];
  /** Per dimension: value → ascending rule positions indexed there that accept it (a Map, or a LiteralLookup). */
  lookups: Array<{ get(value: string): Int32Array | undefined }>;
  /** Rules tried on every event, ascending. */
  unindexed: Int32Array;
  /** Per rule: whether a lookup that finds it settles it. */
  settled: boolean[];
}

const dimensionKey = (dimension: Dimension): string => `${dimension.field}${dimension.folded ? 'f' : 'e'}${dimension.literal ? 'l' : ''}`;

/**
 * @param testOf the compiled test of a condition, and its field number.
 * @param literalIndexFrom the fewest rules of a literal dimension (tests set 0).
 */
export function buildRuleIndex(
  conditions: readonly RuleCondition[],
  testOf: (condition: Extract<RuleCondition, { kind: 'test' }>) => { field: number; test: CompiledValueTest },
  literalIndexFrom = LITERAL_INDEX_FROM,
): RuleIndex {
  const necessaryOf = (condition: RuleCondition): Map<string, Necessary> => {
    switch (condition.kind) {
      case 'test': {
        const { field, test } = testOf(condition);
        const found = new Map<string, Necessary>();
        if (test.missing || test.null || test.complement) return found;
        const { check } = test;
        const literal = check.kind === 'includes' || check.kind === 'startsWith' || check.kind === 'endsWith';
        const values = check.kind === 'equals' ? new Set([check.value]) : check.kind === 'oneOf' ? check.values : literal ? new Set([check.needle]) : undefined;
        if (values === undefined) return found;
        const dimension = { field, folded: test.folded, literal };
        // A literal found anywhere settles only `contains`.
        found.set(dimensionKey(dimension), { dimension, values, settles: !literal || check.kind === 'includes' });
        return found;
      }
      case 'not':
        return new Map();
      case 'and': {
        // Every part's set is necessary; parts on one dimension intersect.
        const found = new Map<string, Necessary>();
        for (const operand of condition.operands) {
          for (const [key, part] of necessaryOf(operand)) {
            const known = found.get(key);
            found.set(
              key,
              known === undefined
                ? { ...part, settles: part.settles && condition.operands.length === 1 }
                : // Two literals a value must both hold: either is necessary.
                  { dimension: part.dimension, values: part.dimension.literal ? known.values : intersection(known.values, part.values), settles: false },
            );
          }
        }
        if (condition.operands.length > 1 && condition.operands.every((operand) => operand.kind === 'test')) {
          // `f = "a" and f in […]`: all parts on one dimension, each settled, settle their intersection.
          const only = [...found.values()];
          if (only.length === 1 && !only[0]!.dimension.literal && condition.operands.every((operand) => necessaryOf(operand).get(dimensionKey(only[0]!.dimension))?.settles === true)) {
            only[0]!.settles = true;
          }
        }
        return found;
      }
      case 'or': {
        // Only a dimension every branch constrains; their sets unite.
        if (condition.operands.length === 0) return new Map();
        const branches = condition.operands.map(necessaryOf);
        const found = new Map<string, Necessary>();
        for (const [key, first] of branches[0]!) {
          const parts = branches.map((branch) => branch.get(key));
          if (parts.some((part) => part === undefined)) continue;
          const values = new Set<string>();
          for (const part of parts) for (const value of part!.values) values.add(value);
          found.set(key, { dimension: first.dimension, values, settles: parts.every((part) => part!.settles) && branches.every((branch) => branch.size === 1) });
        }
        return found;
      }
    }
  };

  // The smallest set (fewest candidates) of each rule, the first of equals; a literal one only when it has no other.
  const bests = conditions.map((condition) => {
    let best: Necessary | undefined;
    for (const option of necessaryOf(condition).values()) {
      if (best === undefined || (best.dimension.literal && !option.dimension.literal) || (best.dimension.literal === option.dimension.literal && option.values.size < best.values.size)) best = option;
    }
    return best;
  });
  const literalRules = new Map<string, number>();
  for (const best of bests) if (best?.dimension.literal) literalRules.set(dimensionKey(best.dimension), (literalRules.get(dimensionKey(best.dimension)) ?? 0) + 1);

  const dimensionNumbers = new Map<string, number>();
  const dimensions: Dimension[] = [];
  const entries: Map<string, number[]>[] = [];
  const unindexed: number[] = [];
  const settled: boolean[] = [];
  bests.forEach((best, position) => {
    if (best !== undefined && best.dimension.literal && literalRules.get(dimensionKey(best.dimension))! < literalIndexFrom) best = undefined;
    settled.push(best?.settles ?? false);
    if (best === undefined) {
      unindexed.push(position);
      return;
    }
    const key = dimensionKey(best.dimension);
    let number = dimensionNumbers.get(key);
    if (number === undefined) {
      number = dimensions.length;
      dimensionNumbers.set(key, number);
      dimensions.push(best.dimension);
      entries.push(new Map());
    }
    const byValue = entries[number]!;
    for (const value of best.values) {
      let list = byValue.get(value);
      if (list === undefined) byValue.set(value, (list = []));
      list.push(position);
    }
  });
  return {
    dimensions,
    lookups: entries.map((byValue, number) =>
      dimensions[number]!.literal ? new LiteralLookup(byValue) : new Map([...byValue].map(([value, list]) => [value, Int32Array.from(list)])),
    ),
    unindexed: Int32Array.from(unindexed),
    settled,
  };
}

function intersection(a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  const result = new Set<string>();
  for (const value of small) if (large.has(value)) result.add(value);
  return result;
}
