// The case tables import relies on (engine/import/case-mapping), held to the real
// engines over every code point: DuckDB's LOWER / UPPER map one character to one, and
// the only non-ASCII characters they map into ASCII are the ones CASE_MODELS.duckdb
// lists; PostgreSQL's (PGlite's) map no non-ASCII character into ASCII letters other
// than i, k and s, the letters import refuses for PostgreSQL.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_MODELS } from '../../engine/import/case-mapping';
import { openDuckDb, type SqlDatabase } from '../sql/support/duckdb';
import { openPglite } from '../support/pglite';

const EVERY_CODE_POINT = `range(128, 1114112) t(i) WHERE (i < 55296 OR i > 57343)`;

describe('DuckDB LOWER / UPPER', () => {
  let db: SqlDatabase;
  beforeAll(async () => {
    db = await openDuckDb();
  });
  afterAll(async () => db?.close());

  it('map every character to one character', async () => {
    const rows = await db.query(`SELECT count(*) FROM ${EVERY_CODE_POINT} AND (length(lower(chr(i::INTEGER))) <> 1 OR length(upper(chr(i::INTEGER))) <> 1)`);
    expect(Number(rows[0]![0])).toBe(0);
  });

  it('map exactly the listed non-ASCII characters into ASCII', async () => {
    for (const fn of ['lower', 'upper'] as const) {
      const rows = await db.query(`SELECT ${fn}(chr(i::INTEGER)), i FROM ${EVERY_CODE_POINT} AND ascii(${fn}(chr(i::INTEGER))) < 128 ORDER BY i`);
      const actual = rows.map(([image, source]) => [image, Number(source)]);
      expect(actual).toEqual(CASE_MODELS.duckdb.asciiExtras[fn].map(([image, source]) => [image, source]));
    }
  });
});

describe('PostgreSQL (PGlite) LOWER / UPPER', () => {
  let db: SqlDatabase;
  beforeAll(async () => {
    db = await openPglite();
  }, 120_000);
  afterAll(async () => db?.close());

  it('map no non-ASCII character into an ASCII letter import accepts for PostgreSQL', async () => {
    for (const fn of ['lower', 'upper'] as const) {
      const rows = await db.query(
        `SELECT i, ${fn}(chr(i)) FROM generate_series(128, 1114111) AS i WHERE (i < 55296 OR i > 57343) AND ${fn}(chr(i)) ~ '^[\\x01-\\x7f]'`,
      );
      const letters = rows.map(([, image]) => image as string).filter((image) => !CASE_MODELS.postgres.uncertain[fn].includes(image[0]!));
      expect(letters).toEqual([]);
    }
  }, 120_000);
});
