// Import at the scale of real lists: an IN of tens of thousands of values (a warehouse's
// list of sources) is read in work linear in its length. Its values were deduplicated by
// searching the values kept so far for each one (Array.prototype.includes): 80,000 values
// took 20 s (3.2 billion comparisons). Counted here: the elements every includes() call
// scans (the reader's own small lookups too), now a few hundred per value, not thousands.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { importSql } from '../../engine/import/sql/import-sql';

afterEach(() => vi.restoreAllMocks());

describe('an IN list of 20,000 values', () => {
  it.each(['src', 'LOWER(src)'])('IN on %s: its values kept once each, in order, without a search per value', (subject) => {
    const values = Array.from({ length: 20_000 }, (_, i) => `v${i % 19_000}`);
    const sql = `CASE WHEN ${subject} IN (${values.map((value) => `'${value}'`).join(', ')}) THEN 'A' END`;
    const original = Array.prototype.includes;
    let scanned = 0;
    vi.spyOn(Array.prototype, 'includes').mockImplementation(function (this: unknown[], ...args: [unknown, number?]) {
      scanned += this.length;
      return original.apply(this, args);
    });
    const rules = importSql(sql, { dialect: 'bigquery', fileName: 'list.sql' });
    vi.restoreAllMocks();
    // Before: 200 million (each value searched for among those kept before it).
    expect(scanned).toBeLessThan(1_000 * values.length);
    // The 1,000 repeated values are written once, in the order first met.
    const written = [...rules.matchAll(/"(v\d+)"/g)].map((match) => match[1]);
    expect(written).toEqual(Array.from({ length: 19_000 }, (_, i) => `v${i}`));
  });
});
