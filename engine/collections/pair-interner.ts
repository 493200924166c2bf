// Pairs of non-negative 32-bit integers numbered in order of first appearance, in typed
// arrays with an open-addressing table: the (theirs, ours) pairs of a report's
// agreement section (engine/report/agreement), millions of them when the compared field
// holds an id. A Map keyed by a number made of the pair held a heap number and an entry
// per pair, and V8's Maps stop at 2^24 entries.
//
// Each interner hashes with a seed of its own, drawn at random, as ./byte-interner
// does, so that no input can be made of pairs that share a hash; the members are
// numbers a run gives out (values numbered as they first appear, channel indexes), not
// bytes an input could choose.

import { grownArray } from './grown-array';
import { slotsFor } from './open-addressing';

export class PairInterner {
  private firsts = new Int32Array(256);
  private seconds = new Int32Array(256);
  private hashes = new Int32Array(256);
  private size = 0;
  /** Per slot: id + 1 (0: empty). Twice as many slots as pairs at least, a power of two. */
  private slots = new Int32Array(512);
  private readonly seed = (Math.random() * 0x100000000) | 0;

  /** Pairs numbered. */
  get count(): number {
    return this.size;
  }

  /** The number of the pair (first, second), numbering it when new. */
  intern(first: number, second: number): number {
    const hash = pairHash(first, second, this.seed);
    const { slots, firsts, seconds, hashes } = this;
    const mask = slots.length - 1;
    let slot = hash & mask;
    for (; ; slot = (slot + 1) & mask) {
      const entry = slots[slot]!;
      if (entry === 0) break;
      const id = entry - 1;
      if (hashes[id] === hash && firsts[id] === first && seconds[id] === second) return id;
    }
    const id = this.size;
    if (id === firsts.length) {
      this.firsts = grownArray(firsts, id * 2);
      this.seconds = grownArray(seconds, id * 2);
      this.hashes = grownArray(hashes, id * 2);
    }
    this.firsts[id] = first;
    this.seconds[id] = second;
    this.hashes[id] = hash;
    this.size = id + 1;
    slots[slot] = id + 1;
    if (2 * this.size > slots.length) this.growSlots();
    return id;
  }

  /** The first member of pair `id`. */
  first(id: number): number {
    return this.firsts[id]!;
  }

  /** The second member of pair `id`. */
  second(id: number): number {
    return this.seconds[id]!;
  }

  private growSlots(): void {
    this.slots = slotsFor(this.hashes, this.size, this.slots.length * 2);
  }
}

/** murmur3's mixing of two 32-bit blocks from `seed`, then its finaliser (./byte-interner hashOf, a block at a time). */
function pairHash(first: number, second: number, seed: number): number {
  let hash = mixBlock(seed, first);
  hash = mixBlock(hash, second);
  hash ^= 8;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}

function mixBlock(hash: number, block: number): number {
  let k = Math.imul(block, 0xcc9e2d51);
  k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
  hash ^= k;
  hash = (hash << 13) | (hash >>> 19);
  return (Math.imul(hash, 5) + 0xe6546b64) | 0;
}
