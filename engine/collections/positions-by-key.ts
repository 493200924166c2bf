// Ascending positions filed by a string key, where most keys have one: the analysis
// files each rule's box under every value of its finite set (engine/analysis
// coverer-index and first-coverer), and a Map to an array per value made a list of
// 800,000 values hold 800,000 arrays of one position, about 120 bytes a value with
// their entries. A key's only position is kept in the Map itself; a second position
// gives the key a list of its own.

export class PositionsByKey {
  /** Key → its position, or −(1 + the index of its list in `lists`) when it has more than one. */
  private readonly first = new Map<string, number>();
  private readonly lists: number[][] = [];

  /** Files `position` under `key`; a key's positions are added in ascending order. */
  add(key: string, position: number): void {
    const held = this.first.get(key);
    if (held === undefined) this.first.set(key, position);
    else if (held >= 0) this.first.set(key, -this.lists.push([held, position]));
    else this.lists[-held - 1]!.push(position);
  }

  /** How many positions `key` has. */
  count(key: string): number {
    const held = this.first.get(key);
    return held === undefined ? 0 : held >= 0 ? 1 : this.lists[-held - 1]!.length;
  }

  /** Calls `visit` with the positions of `key`, ascending, until it returns false. */
  forEach(key: string, visit: (position: number) => boolean | void): void {
    const held = this.first.get(key);
    if (held === undefined) return;
    if (held >= 0) {
      visit(held);
      return;
    }
    for (const position of this.lists[-held - 1]!) if (visit(position) === false) return;
  }
}
