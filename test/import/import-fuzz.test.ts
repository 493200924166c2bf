// Nothing a user feeds import can crash or hang it: random token soup around a CASE,
// random JSON, deep nesting. Every input gives rules or an ImportError with a place.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importGa4ChannelGroup } from '../../engine/import/ga4/import-ga4';
import { ImportError } from '../../engine/import/import-error';
import { importSql } from '../../engine/import/sql/import-sql';
import { DIALECT_NAMES } from '../../engine/sql/dialect';

const SQL_TOKENS = ['CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'AND', 'OR', 'NOT', 'IN', 'LIKE', 'ILIKE', 'RLIKE', 'IS', 'NULL', 'ESCAPE', '(', ')', ',', '=', '<>', '~', '~*', '!~',
  "'a'", "'%_'", "'\\\\'", "'(?i)x'", "'[^a]'", "'x$'", 'LOWER', 'UPPER', 'COALESCE', 'regexp_matches', 'REGEXP_CONTAINS', 'REGEXP_LIKE', 'f', 'g.h', '{{ f }}', '{{ x(', '{% if %}', '--c\n', '/*', '*/', '1', '"q"', '`b`', "r'x'", '$$', 'TRUE'];

function outcome(run: () => string): 'rules' | 'refused' {
  try {
    run();
    return 'rules';
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).where).not.toBe('');
    return 'refused';
  }
}

describe('import never crashes', () => {
  it('on random SQL', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...SQL_TOKENS), { maxLength: 40 }), fc.constantFrom(...DIALECT_NAMES), (tokens, dialect) => {
        outcome(() => importSql(`CASE WHEN ${tokens.join(' ')}`, { dialect, fileName: 'x.sql' }));
        outcome(() => importSql(tokens.join(' '), { dialect, fileName: 'x.sql' }));
      }),
      { numRuns: 1500 },
    );
  });

  it('on random JSON', () => {
    fc.assert(
      fc.property(fc.json(), (json) => {
        outcome(() => importGa4ChannelGroup(json, { fileName: 'x.json' }));
        outcome(() => importGa4ChannelGroup(`{"displayName":"G","groupingRule":[{"displayName":"A","expression":${json}}]}`, { fileName: 'x.json' }));
      }),
      { numRuns: 500 },
    );
  });

  it('on deep nesting', () => {
    const sql = `CASE WHEN ${'NOT ('.repeat(5000)}a = 'x'${')'.repeat(5000)} THEN 'A' END`;
    expect(outcome(() => importSql(sql, { dialect: 'duckdb', fileName: 'x.sql' }))).toBe('refused');
    const regex = `CASE WHEN regexp_matches(a, '${'('.repeat(5000)}x${')'.repeat(5000)}') THEN 'A' END`;
    expect(outcome(() => importSql(regex, { dialect: 'duckdb', fileName: 'x.sql' }))).toBe('refused');
    let expression = '{"filter":{"fieldName":"eachScopeSource","stringFilter":{"matchType":"EXACT","value":"a"}}}';
    for (let i = 0; i < 5000; i++) expression = `{"notExpression":${expression}}`;
    expect(outcome(() => importGa4ChannelGroup(`{"displayName":"G","groupingRule":[{"displayName":"A","expression":${expression}}]}`, { fileName: 'x.json' }))).toBe('refused');
  });
});
