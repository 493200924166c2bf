// PostgreSQL in-process (PGlite: PostgreSQL compiled to WASM, inside the npm package),
// so the PostgreSQL-dialect tests run in `npm test` on any machine with Node. The same
// SqlDatabase shape as test/sql/support (duckdb.ts, postgres.ts).

import { PGlite } from '@electric-sql/pglite';
import type { SqlDatabase } from '../sql/support/duckdb';

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

export async function openPglite(): Promise<SqlDatabase> {
  const db = await PGlite.create();
  return {
    async load(name, columns, rows) {
      await db.exec(`DROP TABLE IF EXISTS ${quote(name)}`);
      const definitions = ['"id" INTEGER', ...columns.map((column) => `${quote(column)} TEXT`)];
      await db.exec(`CREATE TABLE ${quote(name)} (${definitions.join(', ')})`);
      const width = columns.length + 1;
      for (let start = 0; start < rows.length; start += 500) {
        const chunk = rows.slice(start, start + 500);
        const placeholders = chunk.map((_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`);
        const values = chunk.flatMap((row, r) => [start + r, ...row]);
        if (chunk.length > 0) await db.query(`INSERT INTO ${quote(name)} VALUES ${placeholders.join(', ')}`, values);
      }
    },
    async query(sql) {
      const result = await db.query<unknown[]>(sql, [], { rowMode: 'array' });
      return result.rows;
    },
    async close() {
      await db.close();
    },
  };
}
