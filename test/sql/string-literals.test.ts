// String literals and identifiers cannot be broken out of: for any text, the literal
// a dialect writes reads back as exactly that text, ending at its own closing quote.
// DuckDB and PostgreSQL read them for real; BigQuery, Snowflake and Spark SQL through
// decoders written from their documented escape rules.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialectName } from '../../engine/sql/dialect';
import { DIALECTS } from '../../engine/sql/dialects';
import { SqlCompileError } from '../../engine/sql/sql-compile-error';
import { openDuckDb, type SqlDatabase } from './support/duckdb';
import { openPostgres, postgresUrl } from './support/postgres';

const HAZARDS = ["'", "''", '"', '\\', '\\\\', '--', '/*', '$$', '$tag$', '\n', '\r\n', '\t', '{{', '{%', '`', '\u0000', '\u2028', '\u00e9', '\u{1f600}', '\\x24', '\\u0041', 'E', '%', '_'];
const text = fc.array(fc.oneof(fc.constantFrom(...HAZARDS), fc.string({ unit: 'grapheme', maxLength: 3 })), { maxLength: 8 }).map((parts) => parts.join(''));

/** Reads one literal at the start of `sql`; returns its value and where it ended. */
type Decoder = (sql: string) => { value: string; end: number };

function backslashDecoder(escapes: Record<string, string>, options: { doubledQuote: boolean; unicode4: boolean; unicode8: boolean; hex: boolean; octal: boolean }): Decoder {
  return (sql) => {
    expect(sql[0]).toBe("'");
    let value = '';
    let i = 1;
    for (;;) {
      const char = sql[i];
      if (char === undefined) throw new Error(`unterminated literal ${sql}`);
      if (char === "'") {
        if (options.doubledQuote && sql[i + 1] === "'") {
          value += "'";
          i += 2;
          continue;
        }
        return { value, end: i + 1 };
      }
      if (char !== '\\') {
        value += char;
        i++;
        continue;
      }
      const next = sql[i + 1]!;
      if (options.unicode8 && next === 'U') {
        value += String.fromCodePoint(parseInt(sql.slice(i + 2, i + 10), 16));
        i += 10;
      } else if (options.unicode4 && next === 'u') {
        value += String.fromCharCode(parseInt(sql.slice(i + 2, i + 6), 16));
        i += 6;
      } else if (options.hex && next === 'x') {
        const digits = /^[0-9A-Fa-f]{1,2}/.exec(sql.slice(i + 2))![0];
        value += String.fromCharCode(parseInt(digits, 16));
        i += 2 + digits.length;
      } else if (options.octal && /[0-7]/.test(next)) {
        const digits = /^[0-7]{1,3}/.exec(sql.slice(i + 1))![0];
        value += String.fromCharCode(parseInt(digits, 8));
        i += 1 + digits.length;
      } else {
        value += escapes[next] ?? next;
        i += 2;
      }
    }
  };
}

const COMMON = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
const DECODERS: Partial<Record<DialectName, Decoder>> = {
  // GoogleSQL: \a \b \f \n \r \t \v \\ \? \" \' \` \ooo \xhh \uhhhh \Uhhhhhhhh.
  bigquery: backslashDecoder({ ...COMMON, a: '\u0007', v: '\v' }, { doubledQuote: false, unicode4: true, unicode8: true, hex: true, octal: true }),
  // Snowflake: \' \" \\ \b \f \n \r \t \0 \ooo \xhh \uhhhh, and '' for a quote.
  snowflake: backslashDecoder(COMMON, { doubledQuote: true, unicode4: true, unicode8: false, hex: true, octal: true }),
  // Spark SQL: \0 \' \" \b \n \r \t \Z \\ \% \_ \uXXXX (the rest: the character itself).
  spark: backslashDecoder({ ...COMMON, Z: '\u001a' }, { doubledQuote: false, unicode4: true, unicode8: false, hex: false, octal: true }),
};

describe.each(['bigquery', 'snowflake', 'spark'] as const)('%s string literals read back exactly', (dialect) => {
  it('for any text', () => {
    fc.assert(
      fc.property(text, (value) => {
        let literal: string;
        try {
          literal = DIALECTS[dialect].string(value);
        } catch (error) {
          // Only what the dialect cannot hold is refused.
          expect(error).toBeInstanceOf(SqlCompileError);
          expect(value.includes('\u0000') && dialect === 'snowflake').toBe(true);
          return;
        }
        const { value: read, end } = DECODERS[dialect]!(literal);
        expect(end).toBe(literal.length);
        expect(read).toBe(value);
        if (dialect === 'snowflake') expect(literal).not.toContain('$$');
      }),
      { numRuns: 500 },
    );
  });
});

function describeDatabase(name: string, dialectName: 'duckdb' | 'postgres', open: () => Promise<SqlDatabase>): void {
  describe(`${name} reads literals and identifiers back exactly`, () => {
    let db: SqlDatabase;
    beforeAll(async () => {
      db = await open();
    });
    afterAll(async () => db?.close());
    it('for any text', async () => {
      const dialect = DIALECTS[dialectName];
      await fc.assert(
        fc.asyncProperty(text, async (value) => {
          const holdable = dialectName === 'duckdb' || !value.includes('\u0000');
          if (!holdable) {
            expect(() => dialect.string(value)).toThrow(SqlCompileError);
            return;
          }
          const column = value === '' || value.includes('\u0000') || Buffer.byteLength(value) > 63 ? 'c' : value;
          const rows = await db.query(`SELECT ${dialect.string(value)} AS ${dialect.identifier(column)} -- trailing comment`);
          expect(rows[0]![0]).toBe(value);
          if (dialectName === 'postgres') expect(dialect.string(value)).not.toContain('$');
        }),
        { numRuns: 300 },
      );
    });
  });
}

describeDatabase('DuckDB', 'duckdb', openDuckDb);
const postgres = postgresUrl();
if ('url' in postgres) describeDatabase('PostgreSQL', 'postgres', () => openPostgres(postgres.url));
else describe.skip(`PostgreSQL (unavailable: ${postgres.unavailable})`, () => it('runs', () => undefined));
