// The rules a value could match by the literals they need it to hold (./rule-index's
// literal dimensions: a `contains`, `starts with` or `ends with`), found in one scan of
// the value (engine/text/literal-scanner) instead of a test of each rule: 1,000
// one-rule `contains` channels tried up to 1,000 tests per event.

import { LiteralScanner } from '../text/literal-scanner';

export class LiteralLookup {
  private readonly scanner: LiteralScanner;
  /** Per literal: the ascending positions of the rules that need it. */
  private readonly positions: Int32Array[];
  /** Per literal: the look-up that last named it. */
  private readonly marks: Int32Array;
  private stamp = 0;

  constructor(byLiteral: ReadonlyMap<string, readonly number[]>) {
    this.scanner = new LiteralScanner([...byLiteral.keys()]);
    this.positions = [...byLiteral.values()].map((list) => Int32Array.from(list));
    this.marks = new Int32Array(this.positions.length);
  }

  /** The ascending positions of the rules whose literal `value` holds; undefined when none (a Map's `get`, for the generated code). */
  get(value: string): Int32Array | undefined {
    const stamp = ++this.stamp;
    const found: number[] = [];
    this.scanner.scan(value, (literal) => {
      if (this.marks[literal] === stamp) return;
      this.marks[literal] = stamp;
      found.push(literal);
    });
    if (found.length <= 1) return found.length === 0 ? undefined : this.positions[found[0]!];
    const merged = new Set<number>();
    for (const literal of found) for (const position of this.positions[literal]!) merged.add(position);
    return Int32Array.from(merged).sort();
  }
}
