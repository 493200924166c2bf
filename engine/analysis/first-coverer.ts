// The first coverer (box of a rule, ./regions) that holds a given event, found without
// testing the event against every coverer: each coverer is filed under one field it
// constrains, by the values of a finite set (`=`, `in`, missing, null) or by the literal
// of a `contains`, `starts with` or `ends with` (its fold key, whether the test ignores
// case or not), and an event's value of that field looks up the coverers it can be in
// (a Map for the values; for the literals one Aho–Corasick scan of the value's fold key,
// whatever their number: every value such a test holds has a key containing the
// literal's, Languages.literal).
// Only those, and the coverers filed under no field, are then tested, exactly, field by
// field (`RegionSpace.hasValue`).
//
// The analysis asks, for each pair of overlapping rules, for an event of the pair that
// no earlier rule takes. With one `contains` rule per channel, cutting the pair's box by
// each earlier rule in turn cost the rules' number cubed over the file (250 such rules
// were left `analysis-incomplete`); the pair's own example, when no earlier coverer
// holds it, answers the question in one look-up.

import { PositionsByKey } from '../collections/positions-by-key';
import type { Budget, Coverer, ExampleValues, RegionSpace } from './regions';
import { fold } from './case-fold';
import { NO_STRING } from './languages';
import type { FieldSet } from './value-sets';
import { LiteralScanner } from '../text/literal-scanner';

const MISSING = '\u0000missing';
const NULL = '\u0000null';

/** Per field: the coverers filed under it, by value and by literal. */
interface FieldFiling {
  field: number;
  name: string;
  /** Value (a domain key, or MISSING / NULL) → positions of the coverers whose finite set has it. */
  byValue: PositionsByKey;
  /** Fold keys of literals (Languages.containedLiterals). */
  literals: string[];
  /** Per literal: the positions of the coverers filed under it. */
  byLiteral: number[][];
  scanner: LiteralScanner | undefined;
  /** Per literal: the look-up that last took its coverers (FirstCoverer.stamp). */
  taken: Int32Array;
}

export class FirstCoverer {
  private readonly filings = new Map<number, FieldFiling>();
  /** Coverers filed under no field, tested for every event. */
  private readonly unfiled: number[] = [];
  private readonly marks: Int32Array;
  private stamp = 0;

  constructor(
    private readonly space: RegionSpace,
    private readonly coverers: readonly Coverer[],
  ) {
    this.marks = new Int32Array(coverers.length);
    const literalPositions = new Map<number, Map<string, number>>();
    coverers.forEach(({ box }, position) => {
      const finite = box.constrained.find((field) => box.sets[field]!.strings.language === NO_STRING);
      if (finite !== undefined) {
        const values = this.filingOf(finite).byValue;
        for (const value of membersOf(box.sets[finite]!)) values.add(value, position);
        return;
      }
      for (const field of box.constrained) {
        const set = box.sets[field]!;
        // Only a set whose strings are all the literal's (none added): every string of
        // it contains the literal; a missing or null value is tested as unfiled.
        if (set.missing || set.null || set.strings.plus.size > 0) continue;
        const literals = space.languages.containedLiterals(set.strings.language);
        if (literals.length === 0) continue;
        const filing = this.filingOf(field);
        let indexes = literalPositions.get(field);
        if (indexes === undefined) literalPositions.set(field, (indexes = new Map()));
        let index = indexes.get(literals[0]!);
        if (index === undefined) {
          indexes.set(literals[0]!, (index = filing.literals.length));
          filing.literals.push(literals[0]!);
          filing.byLiteral.push([]);
        }
        filing.byLiteral[index]!.push(position);
        return;
      }
      this.unfiled.push(position);
    });
    for (const filing of this.filings.values()) filing.taken = new Int32Array(filing.literals.length);
  }

  /**
   * The position of the first coverer before `before` whose box holds `event`, or
   * undefined when none does. Charged to `budget` by the work done, at about a
   * microsecond a step (500,000 look-ups of values of 30 code units, each naming two
   * coverers, took 1.15 µs of CPU each): one for the look-up, the scan of the event's
   * values (LiteralScanner.scan), one per 16 coverers the look-up names and one per
   * coverer tested. Each list of coverers is read once, up to `before` (the lists are in
   * the coverers' order), so that a look-up costs at most the number of coverers.
   */
  find(event: ExampleValues, before: number, budget: Budget): number | undefined {
    const stamp = ++this.stamp;
    const candidates: number[] = [];
    let named = 0;
    const takeOne = (position: number): boolean => {
      if (position >= before) return false;
      named++;
      if (this.marks[position] !== stamp) {
        this.marks[position] = stamp;
        candidates.push(position);
      }
      return true;
    };
    const take = (holding: readonly number[]): void => {
      for (const position of holding) if (!takeOne(position)) break;
    };
    budget.spend(1);
    for (const filing of this.filings.values()) {
      const value = Object.prototype.hasOwnProperty.call(event, filing.name) ? event[filing.name] : undefined;
      const key = value === undefined ? MISSING : value === null ? NULL : this.space.domains[filing.field]!.key(value);
      filing.byValue.forEach(key, takeOne);
      if (typeof value !== 'string' || filing.literals.length === 0) continue;
      if (filing.scanner === undefined) {
        filing.scanner = new LiteralScanner(filing.literals);
        budget.spend(filing.scanner.size);
      }
      filing.scanner.scan(
        this.space.domains[filing.field]!.folded ? key : fold(key),
        (literal) => {
          if (filing.taken[literal] === stamp) return;
          filing.taken[literal] = stamp;
          take(filing.byLiteral[literal]!);
        },
        (steps) => budget.spend(steps),
      );
    }
    take(this.unfiled);
    budget.spend(named >> 4);
    candidates.sort((a, b) => a - b);
    for (const position of candidates) {
      budget.spend(1);
      if (this.holds(this.coverers[position]!, event)) return position;
    }
    return undefined;
  }

  private holds({ box }: Coverer, event: ExampleValues): boolean {
    return box.constrained.every((field) => {
      const name = this.space.fields[field]!;
      return this.space.hasValue(field, box.sets[field]!, Object.prototype.hasOwnProperty.call(event, name) ? event[name] : undefined);
    });
  }

  private filingOf(field: number): FieldFiling {
    let filing = this.filings.get(field);
    if (filing === undefined) {
      filing = { field, name: this.space.fields[field]!, byValue: new PositionsByKey(), literals: [], byLiteral: [], scanner: undefined, taken: new Int32Array(0) };
      this.filings.set(field, filing);
    }
    return filing;
  }
}

function* membersOf(set: FieldSet): Iterable<string> {
  if (set.missing) yield MISSING;
  if (set.null) yield NULL;
  yield* set.strings.plus;
}
