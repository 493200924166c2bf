// The SQL tests' database interface over PGlite (test/support/pglite.ts): the same
// tables as the real server's (./postgres.ts), in-process.

import { openPglite } from '../../support/pglite';
import { quoteDoubleQuoted, type SqlDatabase } from './duckdb';

export async function openPgliteDatabase(): Promise<SqlDatabase & { exec(sql: string): Promise<void> }> {
  const session = await openPglite();
  return {
    async load(name, columns, rows) {
      const table = quoteDoubleQuoted(name);
      await session.exec(`DROP TABLE IF EXISTS ${table}`);
      const definitions = ['"id" INTEGER', ...columns.map((column) => `${quoteDoubleQuoted(column)} TEXT`)];
      await session.exec(`CREATE TABLE ${table} (${definitions.join(', ')})`);
      const width = columns.length + 1;
      for (let start = 0; start < rows.length; start += 500) {
        const chunk = rows.slice(start, start + 500);
        const placeholders = chunk.map((_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`);
        const values = chunk.flatMap((row, r) => [start + r, ...row]);
        if (chunk.length > 0) await session.query(`INSERT INTO ${table} VALUES ${placeholders.join(', ')}`, values);
      }
    },
    query: (sql) => session.query(sql),
    exec: (sql) => session.exec(sql),
    close: () => session.close(),
  };
}
