// Case-sensitive regexes exported to GA4, run as GA4 runs them: by RE2 ignoring case
// (DuckDB's regexp_matches with the 'i' option). Export may refuse one (SPEC §8: GA4
// cannot compare with regard to case), but what it writes must match exactly the values
// the rule matches. Judging a class by its text let `[!-_]` through: it holds A to Z and
// not a to z, and RE2 ignoring case matched "abc" too (`[ -~]`: also ſ and K, the Kelvin
// sign).

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRulesText } from '../../cli/load-rules';
import type { EventProps } from '../../engine/events/event';
import type { ChannelGroupFilter } from '../../engine/import/ga4/channel-group';
import { exportRulesText } from '../../engine/import/export-rules';
import { ImportError } from '../../engine/import/import-error';
import { openDuckDb, type SqlDatabase } from '../sql/support/duckdb';

/** Characters and classes whose cases a case-sensitive regex may tell apart, and some that it cannot. */
const PIECES = ['a', 'A', 'k', 'K', '\u212a', 's', 'ſ', 'ß', 'ẞ', 'İ', 'ı', 'Σ', 'σ', 'ς', '0', '-', '.', '\\d', '\\D', '\\s', '\\S', '[\\s\\S]', '[^a]', '[a-z]', '[A-Z]', '[^a-z]', '[!-_]', '[^!-_]', '[ -~]', '[!-@]', '[\\u00bf-\\u00d7]', '[^\\u00e0-\\u00fe]', '[\\u0100-\\u017f]', '\\u0041', '\\x2d', '(?:0|\\d)', '(a|A)', '^', '$', '*', '+', '?', '|'];
const VALUES = ['', 'a', 'A', 'abc', 'ABC', 'k', 'K', '\u212a', 's', 'S', 'ſ', 'ß', 'ẞ', 'İ', 'i', 'ı', 'I', 'σ', 'Σ', 'ς', '0', '42', '-', '!', '@', '~', ' ', '\u00c0', '\u00e0', '\u00d7', '\u00f7', '\u0100', '\u0101', '\u0178', '\u00ff'];

/** Export's and-of-ors form (engine/import/ga4/export-ga4). */
interface ExportedGroup {
  groupingRule: { expression: { andGroup: { filterExpressions: { orGroup: { filterExpressions: ({ filter: ChannelGroupFilter } | { notExpression: { filter: ChannelGroupFilter } })[] } }[] } } }[];
}

const pattern = fc
  .array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join(''))
  .filter((source) => {
    try {
      new RegExp(source, 'u');
      return true;
    } catch {
      return false;
    }
  });

describe('export of case-sensitive regexes, run by RE2 ignoring case', () => {
  let db: SqlDatabase;
  beforeAll(async () => {
    db = await openDuckDb();
    await db.load('events', ['f'], VALUES.map((value) => [value]));
  }, 120_000);
  afterAll(async () => db?.close());

  /** The values the exported group's one grouping rule takes in RE2, or undefined when export refuses. */
  async function exportedMatches(rules: string): Promise<boolean[] | undefined> {
    let group: ExportedGroup;
    try {
      group = JSON.parse(exportRulesText(rules, { fileName: 'rules.channels', name: 'Case' })) as ExportedGroup;
    } catch (error) {
      if (error instanceof ImportError) return undefined;
      throw error;
    }
    // Each pattern a column of a row of its own, not a constant: DuckDB runs a constant
    // pattern of literals and anchors as a LIKE (../sql/duckdb-like-rewrite.test.ts),
    // which reads `^^` as the empty string's pattern, and GA4 runs RE2 itself.
    const patterns: string[] = [];
    const clauses = group.groupingRule[0]!.expression.andGroup.filterExpressions.map((clause) =>
      clause.orGroup.filterExpressions.map((literal) => {
        const filter = 'notExpression' in literal ? literal.notExpression.filter : literal.filter;
        if (!('stringFilter' in filter) || filter.stringFilter.matchType !== 'PARTIAL_REGEXP') throw new Error(`unexpected filter ${JSON.stringify(filter)}`);
        const matches = `coalesce(regexp_matches(f, p${patterns.length}, 'i'), false)`;
        patterns.push(filter.stringFilter.value);
        return 'notExpression' in literal ? `NOT ${matches}` : matches;
      }),
    );
    const row = patterns.map((value, k) => `'${value.replaceAll("'", "''")}' AS p${k}`).join(', ');
    const sql = `SELECT ${clauses.map((clause) => `(${clause.join(' OR ')})`).join(' AND ')} FROM events, (SELECT ${row}) ORDER BY id`;
    return (await db.query(sql)).map((row) => row[0] as boolean);
  }

  function ruleMatches(rules: string): boolean[] {
    const loaded = compileRulesText('rules.channels', rules);
    return VALUES.map((utm_source) => loaded.classifier.channelOf(loaded.classifier.classify({ utm_source } as EventProps)) === 'M');
  }

  it.each([['^[!-_]+$'], ['[^!-_]'], ['[\\u00bf-\\u00d7]'], ['^[ -~]+$']])('/%s/, whose class holds a character and not its other case, is refused', async (source) => {
    expect(await exportedMatches(`channel "M"\n  when utm_source matches /${source}/`)).toBeUndefined();
  });

  it.each([['^\\d+$'], ['^[!-@]+$'], ['-|\\s'], ['^^']])('/%s/, whose classes hold no character with another case, exports and RE2 matches the same values', async (source) => {
    const rules = `channel "M"\n  when utm_source matches /${source}/`;
    expect(await exportedMatches(rules)).toEqual(ruleMatches(rules));
  });

  it('any regex: exported only when RE2 ignoring case matches exactly its values', async () => {
    let exported = 0;
    await fc.assert(
      fc.asyncProperty(pattern, async (source) => {
        const rules = `channel "M"\n  when utm_source matches /${source}/`;
        const re2 = await exportedMatches(rules);
        if (re2 === undefined) return;
        exported++;
        expect(re2).toEqual(ruleMatches(rules));
      }),
      { numRuns: 300 },
    );
    expect(exported).toBeGreaterThan(10);
  }, 120_000);
});
