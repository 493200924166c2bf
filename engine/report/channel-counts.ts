// Channels: uniques and totals (SPEC §5), per channel and per (channel, event type).
// Walking events user by user makes "distinct users" a comparison with the last user
// counted, with no set of users kept.

import type { UserTimeline } from './user-timeline';

/** Above this many (channel, event type) cells, counts are kept in a Map rather than arrays. */
const DENSE_CELL_LIMIT = 1 << 22;

export interface Counts {
  uniques: number;
  totals: number;
}

export interface ChannelCounts {
  /** Per channel slot: channel indices, then the last slot for events without a channel. */
  all: Counts[];
  /** byType[slot] lists [event type index, counts] in event type index order, nonzero only. */
  byType: Array<Array<[number, Counts]>>;
}

/** `typeCount`: how many event types there are (the timeline's types are below it, or -1 for none). */
export function countChannels(timeline: UserTimeline, channelCount: number, typeCount: number): ChannelCounts {
  const slots = channelCount + 1;
  const { userStart, channels, types } = timeline;
  const totals = new Float64Array(slots);
  const uniques = new Float64Array(slots);
  const lastUser = new Int32Array(slots).fill(-1);
  const cells = new CellCounter(slots * typeCount);
  for (let u = 0; u + 1 < userStart.length; u++) {
    for (let k = userStart[u]!; k < userStart[u + 1]!; k++) {
      const channel = channels[k]!;
      const slot = channel < 0 ? channelCount : channel;
      totals[slot]!++;
      if (lastUser[slot] !== u) {
        lastUser[slot] = u;
        uniques[slot]!++;
      }
      const type = types[k]!;
      if (type >= 0) cells.count(type * slots + slot, u);
    }
  }
  const all: Counts[] = [];
  const byType: Array<Array<[number, Counts]>> = [];
  for (let slot = 0; slot < slots; slot++) {
    all.push({ uniques: uniques[slot]!, totals: totals[slot]! });
    byType.push([]);
  }
  // Cells in ascending order are by event type, then slot: each list comes out in type order.
  cells.forEach((cell, counts) => byType[cell % slots]!.push([Math.floor(cell / slots), counts]));
  return { all, byType };
}

/** Totals and uniques per cell, with a last-user stamp; dense arrays when small enough. */
class CellCounter {
  private readonly dense: { totals: Float64Array; uniques: Float64Array; lastUser: Int32Array } | undefined;
  private readonly sparse = new Map<number, { totals: number; uniques: number; lastUser: number }>();

  constructor(size: number) {
    if (size <= DENSE_CELL_LIMIT) {
      this.dense = { totals: new Float64Array(size), uniques: new Float64Array(size), lastUser: new Int32Array(size).fill(-1) };
    }
  }

  count(cell: number, user: number): void {
    const dense = this.dense;
    if (dense !== undefined) {
      dense.totals[cell]!++;
      if (dense.lastUser[cell] !== user) {
        dense.lastUser[cell] = user;
        dense.uniques[cell]!++;
      }
      return;
    }
    const counts = this.sparse.get(cell);
    if (counts === undefined) this.sparse.set(cell, { totals: 1, uniques: 1, lastUser: user });
    else {
      counts.totals++;
      if (counts.lastUser !== user) {
        counts.lastUser = user;
        counts.uniques++;
      }
    }
  }

  /** Every cell counted at least once, in ascending cell order. */
  forEach(visit: (cell: number, counts: Counts) => void): void {
    const dense = this.dense;
    if (dense !== undefined) {
      for (let cell = 0; cell < dense.totals.length; cell++) {
        const totals = dense.totals[cell]!;
        if (totals > 0) visit(cell, { uniques: dense.uniques[cell]!, totals });
      }
      return;
    }
    for (const cell of [...this.sparse.keys()].sort((a, b) => a - b)) {
      const counts = this.sparse.get(cell)!;
      visit(cell, { uniques: counts.uniques, totals: counts.totals });
    }
  }
}
