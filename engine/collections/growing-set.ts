// A set of strings that grows by union without being copied: the analysis intersects
// co-finite sets (`utm_source != "a"`, the pieces left after subtracting one-rule
// channels) one value at a time, and copying the values excluded so far at each step
// made a chain of N steps cost N² (check's `otherwise` question, a rule with 10,000
// `!=` conditions).
//
// Sets built by union share one store (value → position, in insertion order); a set
// is the store's first `size` values. A union extends the store in place when the
// larger operand is the newest set built on it, and copies otherwise, so a chain of
// unions costs the values added. Every set stays immutable as seen from outside.

export class GrowingSet implements ReadonlySet<string> {
  private constructor(
    private readonly store: Map<string, number>,
    readonly size: number,
  ) {}

  /**
   * a ∪ b. `work` is told how many values were copied or added (the cost), for
   * budgets.
   */
  static union(a: ReadonlySet<string>, b: ReadonlySet<string>, work?: (values: number) => void): ReadonlySet<string> {
    if (b.size === 0) return a;
    if (a.size === 0) return b;
    const [base, extra] = a.size >= b.size ? [a, b] : [b, a];
    let store: Map<string, number>;
    if (base instanceof GrowingSet && base.size === base.store.size) {
      store = base.store;
    } else {
      store = new Map();
      for (const value of base) store.set(value, store.size);
      work?.(store.size);
    }
    for (const value of extra) if (!store.has(value)) store.set(value, store.size);
    work?.(extra.size);
    return store.size === base.size ? base : new GrowingSet(store, store.size);
  }

  has(value: string): boolean {
    const position = this.store.get(value);
    return position !== undefined && position < this.size;
  }

  *values(): SetIterator<string> {
    for (const [value, position] of this.store) {
      if (position >= this.size) return;
      yield value;
    }
  }

  keys(): SetIterator<string> {
    return this.values();
  }

  *entries(): SetIterator<[string, string]> {
    for (const value of this.values()) yield [value, value];
  }

  [Symbol.iterator](): SetIterator<string> {
    return this.values();
  }

  forEach(callback: (value: string, key: string, set: ReadonlySet<string>) => void, thisArg?: unknown): void {
    for (const value of this.values()) callback.call(thisArg, value, value, this);
  }
}
