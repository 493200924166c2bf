// One JSON-number grammar (engine/text/json-number) for the engine and the DuckDB SQL:
// JavaScript's regex and RE2 (DuckDB's regexp_full_match) accept exactly the same texts,
// and those are the texts JSON.parse reads as a number, nothing around it.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../engine/sql/dialects';
import { JSON_NUMBER, JSON_NUMBER_PATTERN } from '../../engine/text/json-number';
import { openDuckDb, type SqlDatabase } from './support/duckdb';

/** What a JSON parser says: the whole text is one number. */
function parsesAsJsonNumber(text: string): boolean {
  if (text.trim() !== text) return false;
  try {
    return typeof JSON.parse(text) === 'number';
  } catch {
    return false;
  }
}

const CHOSEN = ['0', '-0', '12', '2.50', '1e3', '1E+3', '-1.5e-7', '1e400', '0x10', '012', '.5', '5.', '+1', '1e', '1.e3',
  ' 12', '12 ', '١٢', '1_000', 'NaN', 'Infinity', '', '-', '--1', '1.2.3', '1\n', '\n1', '٣'];

/** Texts near the grammar: digits, signs, points, exponents, and a few others. */
const nearNumbers = fc.array(fc.constantFrom('0', '1', '9', '-', '+', '.', 'e', 'E', 'x', ' ', '\n', '٣', 'a'), { maxLength: 8 }).map((parts) => parts.join(''));

async function re2Accepts(db: SqlDatabase, texts: readonly string[]): Promise<boolean[]> {
  const dialect = DIALECTS.duckdb;
  const values = texts.map((text, i) => `(${i}, ${dialect.string(text)})`).join(', ');
  const rows = await db.query(`SELECT regexp_full_match(t, ${dialect.string(JSON_NUMBER_PATTERN)}) FROM (VALUES ${values}) AS v(i, t) ORDER BY i`);
  return rows.map((row) => row[0] as boolean);
}

describe('the JSON-number grammar, in JavaScript and in RE2', () => {
  let db: SqlDatabase;
  beforeAll(async () => {
    db = await openDuckDb();
  });
  afterAll(async () => db?.close());

  it('chosen texts: both accept exactly what JSON.parse reads as one number', async () => {
    const expected = CHOSEN.map(parsesAsJsonNumber);
    expect(CHOSEN.map((text) => JSON_NUMBER.test(text))).toEqual(expected);
    expect(await re2Accepts(db, CHOSEN)).toEqual(expected);
  });

  it('random texts near the grammar: both agree with JSON.parse', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(nearNumbers, { minLength: 1, maxLength: 20 }), async (texts) => {
        const inRe2 = await re2Accepts(db, texts);
        texts.forEach((text, i) => {
          expect(JSON_NUMBER.test(text), JSON.stringify(text)).toBe(parsesAsJsonNumber(text));
          expect(inRe2[i], JSON.stringify(text)).toBe(parsesAsJsonNumber(text));
        });
      }),
      { numRuns: 100 },
    );
  });
});
