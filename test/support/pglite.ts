// PGlite: PostgreSQL compiled to WebAssembly, in-process. It lets `npm test` run SQL in
// a real PostgreSQL on any machine with Node only; the server suites
// (test/sql/support/postgres.ts) add a real server where one is available.

import { PGlite } from '@electric-sql/pglite';

export interface PgliteSession {
  /** The rows of one statement, as arrays of values (text, numbers, booleans or null). */
  query(sql: string, params?: unknown[]): Promise<unknown[][]>;
  /** Runs statements (several, separated by `;`) without results. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** A fresh in-memory database. Starting one takes a few seconds: open one per test file. */
export async function openPglite(): Promise<PgliteSession> {
  const db = await PGlite.create();
  return {
    async query(sql, params) {
      const result = await db.query(sql, params, { rowMode: 'array' });
      return result.rows as unknown[][];
    },
    async exec(sql) {
      await db.exec(sql);
    },
    async close() {
      await db.close();
    },
  };
}
