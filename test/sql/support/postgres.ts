// A real PostgreSQL server for the SQL tests, started by test/setup/postgres.sh.
// Without one the suites are skipped, with one loud warning per test run (however many
// suites use it: test/support/once-per-run.ts), unless
// CHANNEL_RULES_REQUIRE_POSTGRES=1 (set by .ci/run): then starting it must succeed.

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { firstInRun } from '../../support/once-per-run';
import type { SqlDatabase } from './duckdb';

const SCRIPT = path.join(__dirname, '..', '..', 'setup', 'postgres.sh');

export const POSTGRES_REQUIRED = process.env.CHANNEL_RULES_REQUIRE_POSTGRES === '1';

/** The server's URL, or a reason it is unavailable. Throws when it is required and unavailable. */
export function postgresUrl(): { url: string } | { unavailable: string } {
  if (process.env.CHANNEL_RULES_POSTGRES_URL) return { url: process.env.CHANNEL_RULES_POSTGRES_URL };
  try {
    const url = execFileSync('bash', [SCRIPT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 }).trim();
    return { url };
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    const detail = stderr ? stderr.split('\n').slice(-12).join('\n') : (error as Error).message;
    const message = `PostgreSQL could not be started by test/setup/postgres.sh: ${detail}`;
    if (POSTGRES_REQUIRED) throw new Error(`${message} (CHANNEL_RULES_REQUIRE_POSTGRES=1)`);
    if (firstInRun('postgres-skipped')) console.warn(`\n!!! SKIPPING the PostgreSQL SQL tests: ${message}\n!!! Set CHANNEL_RULES_REQUIRE_POSTGRES=1 to make this a failure.\n`);
    return { unavailable: message };
  }
}

export async function openPostgres(url: string): Promise<SqlDatabase> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // Each test file gets its own schema, so parallel suites never share tables.
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.query(`SET search_path TO ${schema}`);
  return {
    async load(name, columns, rows) {
      const table = client.escapeIdentifier(name);
      await client.query(`DROP TABLE IF EXISTS ${table}`);
      const definitions = ['"id" INTEGER', ...columns.map((column) => `${client.escapeIdentifier(column)} TEXT`)];
      await client.query(`CREATE TABLE ${table} (${definitions.join(', ')})`);
      const width = columns.length + 1;
      for (let start = 0; start < rows.length; start += 500) {
        const chunk = rows.slice(start, start + 500);
        const placeholders = chunk.map((_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`);
        const values = chunk.flatMap((row, r) => [start + r, ...row]);
        if (chunk.length > 0) await client.query(`INSERT INTO ${table} VALUES ${placeholders.join(', ')}`, values);
      }
    },
    async query(sql) {
      const result = await client.query({ text: sql, rowMode: 'array' });
      return result.rows as unknown[][];
    },
    async close() {
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}
