// Evaluates compiled value tests in a database, one column `v` per row.

import type { ValueTest } from '../../../engine/semantics/value-test';
import { compileValueTest } from '../../../engine/sql/compile-value-test';
import type { Dialect } from '../../../engine/sql/dialect';
import type { SqlDatabase } from './duckdb';

/** results[t][r]: test t on value r, as the database computes it. */
export async function evaluateInSql(
  db: SqlDatabase,
  dialect: Dialect,
  tests: readonly ValueTest[],
  values: readonly (string | null)[],
): Promise<boolean[][]> {
  await db.load('values_under_test', ['v'], values.map((value) => [value]));
  const column = dialect.identifier('v');
  const predicates = tests.map((test) => compileValueTest(column, test, dialect).sql);
  const results: boolean[][] = tests.map(() => []);
  // A few predicates per query keeps a failing one easy to find.
  for (let start = 0; start < predicates.length; start += 20) {
    const chunk = predicates.slice(start, start + 20);
    const rows = await db.query(
      `SELECT ${chunk.map((predicate, i) => `CASE WHEN ${predicate} THEN 1 ELSE 0 END AS p${i}`).join(', ')} FROM values_under_test ORDER BY id`,
    );
    rows.forEach((row, r) => chunk.forEach((_, i) => (results[start + i]![r] = Number(row[i]) === 1)));
  }
  return results;
}
