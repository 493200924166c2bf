// DuckDB runs `regexp_matches(column, 'pattern')` as a LIKE when the pattern is a
// sequence of literals, `.*`, anchors and empty groups, and that LIKE drops anchors and
// empty groups in the middle (engine/sql/duckdb-like-rewrite.ts). An imported
// classifier must give what DuckDB gives: such patterns are refused, and every pattern
// that is imported classifies rows as DuckDB does on a column. Rules compiled to DuckDB
// SQL give the engine's channel for such regexes too. Once found by the random
// classifiers of ../import/sql-import.property.test.ts: `regexp_matches(UPPER(f), '^^')`.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRulesText } from '../../cli/load-rules';
import { ImportError } from '../../engine/import/import-error';
import { importSql } from '../../engine/import/sql/import-sql';
import { compileChannelCase } from '../../engine/sql/compile-channel-case';
import { DIALECTS } from '../../engine/sql/dialects';
import { openDuckDb, type SqlDatabase } from './support/duckdb';

const VALUES = ['', 'a', 'b', 'ab', 'ba', 'aa', 'xab', 'abx', 'a\nb', 'x', 'xa', 'bx', '^', '$a'];

function sqlOf(pattern: string): string {
  return `CASE WHEN regexp_matches(f, '${pattern.replaceAll("'", "''")}') THEN 'Hit' END`;
}

/** The imported rules' channel per value, or undefined when the import refuses the pattern. */
function importedChannels(pattern: string): (string | null)[] | undefined {
  let rules: string;
  try {
    rules = importSql(sqlOf(pattern), { dialect: 'duckdb', fileName: 'p.sql' });
  } catch (error) {
    if (error instanceof ImportError) return undefined;
    throw error;
  }
  const loaded = compileRulesText('p.channels', rules);
  return VALUES.map((value) => loaded.classifier.channelOf(loaded.classifier.classify({ f: value })));
}

describe('DuckDB regexp_matches run as a LIKE', () => {
  let db: SqlDatabase;
  beforeAll(async () => {
    db = await openDuckDb();
    await db.load(
      'events',
      ['f'],
      VALUES.map((value) => [value]),
    );
  }, 120_000);
  afterAll(async () => db?.close());

  const duckdbChannels = async (pattern: string): Promise<(string | null)[]> =>
    (await db.query(`SELECT ${sqlOf(pattern)} FROM events ORDER BY id`)).map((row) => row[0] as string | null);

  it('refuses the patterns whose LIKE matches other strings than RE2, naming the place', async () => {
    for (const [pattern, at] of [['^^', 2], ['$$', 1], ['a^', 2], ['$a', 1], ['(?:)abc', 1], ['abc(?:)', 4], ['x^$', 2], ['a{2}^', 5]] as const) {
      expect(() => importSql(sqlOf(pattern), { dialect: 'duckdb', fileName: 'p.sql' }), pattern).toThrow(`(at character ${at} of the pattern)`);
    }
    // The refusal is DuckDB's own: RE2 (a constant folded before the rewrite) and the LIKE disagree on them.
    expect(await duckdbChannels('^^')).not.toEqual(VALUES.map(() => 'Hit'));
  });

  it('imports anchors where the LIKE keeps them, and classifies as DuckDB does', async () => {
    for (const pattern of ['^a$', '^ab', 'ab$', '\\Aab', 'ab\\z', '(?:^)ab', '^(?:)ab', '^$', '(^|x)a', '(?:^|x)a', '^(?:a|b)$', '[$^]a', 'a\\$', 'a']) {
      const imported = importedChannels(pattern);
      expect(imported, pattern).toBeDefined();
      expect(imported, pattern).toEqual(await duckdbChannels(pattern));
    }
  });

  it('random sequences of anchors, empty groups and literals: refused, or classified as DuckDB does', async () => {
    const part = fc.constantFrom('^', '$', 'a', 'b', '(?:)', '(?:^)', '(?:$)', '\\A', '\\z', '.*', '(?:a|^)', '[ab]', 'x', '|', '\\$');
    let imported = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(part, { minLength: 1, maxLength: 5 }), async (parts) => {
        const pattern = parts.join('');
        const channels = importedChannels(pattern);
        if (channels === undefined) return;
        imported++;
        expect({ pattern, channels }).toEqual({ pattern, channels: await duckdbChannels(pattern) });
      }),
      { numRuns: 300 },
    );
    expect(imported).toBeGreaterThan(50);
  }, 120_000);

  it('compiles rules with such regexes to SQL that gives the channel the engine gives', async () => {
    const regexes = ['^^', '$$', 'a^', '$a', '(?:)abc', 'abc(?:)', 'x^$', '^a$', 'a$^', '^(?:^a)', 'b|a^', '(^|x)a'];
    for (const regex of regexes) {
      const loaded = compileRulesText('r.channels', `channel "Hit"\n  when f matches /${regex}/\n`);
      expect(loaded.diagnostics.filter((d) => d.severity === 'error'), regex).toEqual([]);
      const { sql } = compileChannelCase(loaded.checked, DIALECTS.duckdb, (field) => DIALECTS.duckdb.identifier(field));
      const fromSql = (await db.query(`SELECT ${sql} FROM events ORDER BY id`)).map((row) => row[0] as string | null);
      const fromEngine = VALUES.map((value) => loaded.classifier.channelOf(loaded.classifier.classify({ f: value })));
      expect({ regex, channels: fromSql }).toEqual({ regex, channels: fromEngine });
    }
  });
});
