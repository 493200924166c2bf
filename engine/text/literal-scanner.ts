// Which of many literals occur in a string, in one pass over it whatever their number:
// an Aho–Corasick automaton over UTF-16 code units (as `includes` compares them). The
// analysis looks up the rules whose literal an example holds with it
// (engine/analysis/first-coverer), the classifier the rules an event could match
// (engine/classify/literal-lookup).

/** An Aho–Corasick automaton over UTF-16 code units: which literals occur in a string. */
export class LiteralScanner {
  private readonly next: Array<Map<number, number>> = [new Map()];
  private readonly fail: number[] = [0];
  /** Per state: the literals (indexes) that end there. */
  private readonly ends: number[][] = [[]];
  /** Per state: the nearest state on its failure chain where a literal ends (-1 when none). */
  private readonly outputLink: number[] = [-1];
  private built = false;

  constructor(private readonly literals: readonly string[]) {
    literals.forEach((literal, index) => {
      let state = 0;
      for (let i = 0; i < literal.length; i++) {
        const unit = literal.charCodeAt(i);
        let to = this.next[state]!.get(unit);
        if (to === undefined) {
          to = this.next.length;
          this.next.push(new Map());
          this.fail.push(0);
          this.ends.push([]);
          this.outputLink.push(-1);
          this.next[state]!.set(unit, to);
        }
        state = to;
      }
      this.ends[state]!.push(index);
    });
  }

  /** The states of the trie: what building the automaton costs. */
  get size(): number {
    return this.next.length;
  }

  /**
   * Calls `found` with the index of each literal at each place it occurs in `value`;
   * `spend`, when given, is charged a step (of the analysis's budget: about a
   * microsecond) per 64 code units (a code unit scanned is a Map look-up, a few dozen
   * nanoseconds) and one per 16 occurrences.
   */
  scan(value: string, found: (literal: number) => void, spend: (steps: number) => void = ignore): void {
    if (!this.built) this.build();
    spend(value.length >> 6);
    let occurrences = 0;
    // An empty literal occurs at the start of every value, the empty one included (the
    // loop below reports it after each code unit, so never for "").
    for (const literal of this.ends[0]!) found(literal);
    let state = 0;
    for (let i = 0; i < value.length; i++) {
      const unit = value.charCodeAt(i);
      let to = this.next[state]!.get(unit);
      while (to === undefined && state !== 0) {
        state = this.fail[state]!;
        to = this.next[state]!.get(unit);
      }
      state = to ?? 0;
      for (let output = this.ends[state]!.length > 0 ? state : this.outputLink[state]!; output !== -1; output = this.outputLink[output]!) {
        for (const literal of this.ends[output]!) {
          if ((++occurrences & 15) === 0) spend(1);
          found(literal);
        }
      }
    }
  }

  private build(): void {
    this.built = true;
    const queue: number[] = [];
    for (const to of this.next[0]!.values()) queue.push(to);
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      for (const [unit, to] of this.next[state]!) {
        let fallback = this.fail[state]!;
        while (fallback !== 0 && !this.next[fallback]!.has(unit)) fallback = this.fail[fallback]!;
        const target = this.next[fallback]!.get(unit);
        const failure = target !== undefined && target !== to ? target : 0;
        this.fail[to] = failure;
        this.outputLink[to] = this.ends[failure]!.length > 0 ? failure : this.outputLink[failure]!;
        queue.push(to);
      }
    }
  }
}

function ignore(): void {}
