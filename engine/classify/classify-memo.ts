// The classifier's memo: the result of `classify` for the field values an event has.
//
// A compiled classifier reads a fixed list of fields (the fields its rules test) and
// its result is a pure function of what their accessors return (a string, null, or
// undefined for missing: three different things). Real events repeat a few hundred or
// thousand combinations of (utm_source, utm_medium, utm_campaign, …), so the classifier
// reads every field once, looks the values up here, and runs the rules only when they
// are new. The memo is a trie of Maps, one level per field in the classifier's order,
// keyed by the accessor's output as is (so '' , null and undefined stay distinct, and
// strings compare exactly: no case folding, no normalising); the leaf holds the result.
// The lookup itself is generated inline by ./compile-classifier; this class owns
// adding entries and deciding when the memo is worth using.
//
// Bounds (a stated cost, whatever the input):
// - at most `maxEntries` results and `maxKeyChars` characters of keys held; when
//   either is reached, nothing more is added and what is there keeps answering, until
//   a window misses too often (below): then it is emptied and fills again;
// - a value longer than `maxValueLength` is never a key (that event is classified by
//   the rules, as without a memo), so one long referrer cannot fill the budget;
// - when the memo does not pay (a rule tests a value unique per event, such as a click
//   id), it stops being used: lookups are counted per `window`, and as soon as more than
//   `maxMissRatio × window` of them missed (about where a miss's cost, reading every
//   field and looking up, outweighs what a hit saves), it pauses: the next `window × 2^k`
//   events are classified by the rules alone (as without a memo, each field read when
//   a rule needs it). k grows by one per failed window in which almost nothing repeated
//   (fewer hits than `learningHitRatio × window`), up to `maxBackoff`, and is back to 0
//   after a window that pays; a failed window with that many hits is a memo still
//   filling with values that do repeat (thousands of combinations), so it pauses one
//   window and goes on learning. A stream of unique values probes about
//   maxMissRatio × window events per window × 2^maxBackoff (1 in 8,000 with the
//   defaults); a stream whose values start to repeat gets the memo back.

export interface MemoOptions {
  /** Most results held (leaves of the trie). */
  maxEntries: number;
  /** Most characters of keys held, summed over every level. */
  maxKeyChars: number;
  /** Longest value used as a key. */
  maxValueLength: number;
  /** Lookups per hit-rate window. */
  window: number;
  /** A window with more misses than this share turns the memo off for a while. */
  maxMissRatio: number;
  /** A failed window with at least this share of hits is still learning: its pause does not grow. */
  learningHitRatio: number;
  /** The longest pause is window × 2^maxBackoff events. */
  maxBackoff: number;
}

/**
 * Measured with `npm run bench -- --only classify` (docs/dev/benchmarks.md). At the
 * caps the memo holds about 16k results and 1M key characters: a few MB per classifier
 * (each reading thread has its own).
 */
export const DEFAULT_MEMO_OPTIONS: MemoOptions = {
  maxEntries: 16_384,
  maxKeyChars: 1 << 20,
  maxValueLength: 256,
  window: 256,
  maxMissRatio: 0.5,
  learningHitRatio: 0.125,
  maxBackoff: 12,
};

/** Classifiers whose rules read more fields than this are not memoised (every field is read for the key). */
export const MEMO_MAX_FIELDS = 8;

type Node = Map<string | null | undefined, unknown>;

/**
 * The value as a string of its own. A substring of a larger string may share that
 * string's memory (V8's sliced strings, from 13 characters): a reader or accessor that
 * cuts values out of a chunk of the file would have each key kept here keep a whole
 * chunk alive. A copy keeps only its own characters, so the memory bound holds
 * whatever the reader does (today's readers build values of their own: JSON.parse,
 * csv-parse, TextDecoder).
 */
export function detached<T extends string | null | undefined>(value: T): T {
  return typeof value === 'string' && value.length >= 13 ? ((' ' + value).slice(1) as T) : value;
}

export class ClassifyMemo {
  /** The trie's root; read by the generated classifier. */
  readonly root: Node = new Map();
  /** Events left to classify without the memo (read and written by the generated classifier). */
  skip = 0;
  private entries = 0;
  private keyChars = 0;
  private lookups = 0;
  private misses = 0;
  private backoff = 0;
  /** An entry was refused for lack of room since the memo was last emptied. */
  private full = false;
  private readonly maxMisses: number;
  private readonly learningHits: number;

  constructor(readonly options: MemoOptions = DEFAULT_MEMO_OPTIONS) {
    this.maxMisses = Math.floor(options.window * options.maxMissRatio);
    this.learningHits = Math.max(1, Math.ceil(options.window * options.learningHitRatio));
  }

  /** A lookup found the result (called by the generated classifier). */
  hit(): void {
    if (++this.lookups >= this.options.window) this.endWindow();
  }

  /** A lookup missed and the rules gave `result` for `values`: remember it if it fits. */
  miss(values: readonly (string | null | undefined)[], result: number): void {
    this.add(values, result);
    this.misses++;
    this.lookups++;
    // Too many misses for this window to pay: no need to wait for its end.
    if (this.misses > this.maxMisses || this.lookups >= this.options.window) this.endWindow();
  }

  private empty(): void {
    this.root.clear();
    this.entries = 0;
    this.keyChars = 0;
    this.full = false;
  }

  /** How full it is and how it went, for tests and the bench. */
  stats(): { entries: number; keyChars: number } {
    return { entries: this.entries, keyChars: this.keyChars };
  }

  private add(values: readonly (string | null | undefined)[], result: number): void {
    if (this.entries >= this.options.maxEntries) {
      this.full = true;
      return;
    }
    let added = 0;
    for (const value of values) {
      if (typeof value === 'string') {
        if (value.length > this.options.maxValueLength) return;
        added += value.length;
      }
    }
    // Counted as if every level were new: an upper bound, and it keeps the check before any change.
    if (this.keyChars + added > this.options.maxKeyChars) {
      this.full = true;
      return;
    }
    let node = this.root;
    const last = values.length - 1;
    for (let level = 0; level < last; level++) {
      const value = values[level];
      let next = node.get(value) as Node | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(detached(value), next);
        if (typeof value === 'string') this.keyChars += value.length;
      }
      node = next;
    }
    const value = values[last];
    if (node.has(value)) return;
    node.set(detached(value), result);
    if (typeof value === 'string') this.keyChars += value.length;
    this.entries++;
  }

  private endWindow(): void {
    if (this.misses > this.maxMisses) {
      // Full and not paying: what it holds is not what comes now, so it starts again.
      if (this.full) this.empty();
      const hits = this.lookups - this.misses;
      if (hits >= this.learningHits) {
        this.skip = this.options.window;
      } else {
        this.skip = this.options.window * 2 ** this.backoff;
        if (this.backoff < this.options.maxBackoff) this.backoff++;
      }
    } else {
      this.backoff = 0;
    }
    this.lookups = 0;
    this.misses = 0;
  }
}
