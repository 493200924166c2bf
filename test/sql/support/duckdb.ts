// Embedded DuckDB for the SQL tests: a table of string columns (NULL = missing) and
// queries whose rows come back as plain values.

import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export interface SqlDatabase {
  /** Creates (replacing) table `name` with an integer `id` and one string column per name, and fills it. */
  load(name: string, columns: readonly string[], rows: readonly (readonly (string | null)[])[]): Promise<void>;
  /** The rows of a query, as arrays of values (strings, numbers, booleans or null). */
  query(sql: string): Promise<unknown[][]>;
  close(): Promise<void>;
}

export function quoteDoubleQuoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export async function openDuckDb(): Promise<SqlDatabase> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection: DuckDBConnection = await instance.connect();
  return {
    async load(name, columns, rows) {
      await connection.run(`DROP TABLE IF EXISTS ${quoteDoubleQuoted(name)}`);
      const definitions = ['"id" INTEGER', ...columns.map((column) => `${quoteDoubleQuoted(column)} VARCHAR`)];
      await connection.run(`CREATE TABLE ${quoteDoubleQuoted(name)} (${definitions.join(', ')})`);
      const appender = await connection.createAppender(name);
      rows.forEach((row, id) => {
        appender.appendInteger(id);
        for (const value of row) {
          if (value === null) appender.appendNull();
          else appender.appendVarchar(value);
        }
        appender.endRow();
      });
      appender.closeSync();
    },
    async query(sql) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowsJson() as unknown[][];
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
