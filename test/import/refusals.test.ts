// Every refusal of SPEC §8: import says which construct it cannot translate exactly and
// where (line:column in SQL, a JSON path in a channel group); export names the rule
// (file:line) and what GA4 cannot express.

import { describe, expect, it } from 'vitest';
import { compileRulesText } from '../../cli/load-rules';
import { exportGa4ChannelGroup, MAX_FILTERS } from '../../engine/import/ga4/export-ga4';
import { importGa4ChannelGroup } from '../../engine/import/ga4/import-ga4';
import { ImportError } from '../../engine/import/import-error';
import { importSql } from '../../engine/import/sql/import-sql';
import type { DialectName } from '../../engine/sql/dialect';

function refusal(run: () => unknown): { where: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof ImportError) return { where: error.where, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

const sqlRefusal = (sql: string, dialect: DialectName = 'duckdb') => refusal(() => importSql(sql, { dialect, fileName: 'model.sql' }));
const caseOf = (condition: string) => `SELECT\n  CASE WHEN ${condition} THEN 'X' END\nFROM t`;

describe('SQL import refuses, naming the construct and its line:column', () => {
  it.each([
    ['no CASE', 'SELECT 1', 'duckdb', '1:1', 'no CASE expression'],
    ['a second CASE', "CASE WHEN a = 'x' THEN 'X' END,\nCASE WHEN b = 'y' THEN 'Y' END", 'duckdb', '2:1', 'a second CASE'],
    ['a subquery', caseOf("a IN (SELECT x FROM y)"), 'duckdb', '2:19', 'IN (a subquery)'],
    ['a number', caseOf('a = 1'), 'duckdb', '2:17', 'the number 1'],
    ['two columns', caseOf('a = b'), 'duckdb', '2:13', 'a comparison of two columns'],
    ['another function', caseOf("TRIM(a) = 'x'"), 'duckdb', '2:13', 'the function TRIM'],
    // betterGA4's `when ends_with(medium, 'push') or …` was "expected a comparison, found "or"" after the call.
    ['a function used as a condition', caseOf("ENDS_WITH(a, 'push') OR a = 'x'"), 'bigquery', '2:13', 'the function ENDS_WITH'],
    // A function of a dataset was read as its last name, a column: Mozilla's
    // `vpn.normalize_utm_parameters(…) = ("(not set)", …)` was "a column used as a condition by itself".
    ['a function of a dataset compared with a struct', caseOf("vpn.norm(a, b) = ('x', 'y')"), 'bigquery', '2:13', 'the function VPN.NORM'],
    ['a function of a dataset compared with', caseOf("a = udf.f('y')"), 'bigquery', '2:17', 'the function UDF.F'],
    ["BigQuery's SAFE. prefix", caseOf("SAFE.REGEXP_CONTAINS(a, r'x')"), 'bigquery', '2:13', 'the function SAFE.REGEXP_CONTAINS'],
    // A GA4 macro's `REGEXP_CONTAINS(…) = true` was "expected THEN, found "="".
    ['a regex test compared with TRUE', caseOf("REGEXP_CONTAINS(a, r'x') = true"), 'bigquery', '2:38', 'REGEXP_CONTAINS(…) = …: a condition compared with a value'],
    ['a regex test IS TRUE', caseOf("regexp_matches(a, 'x') IS TRUE"), 'duckdb', '2:36', 'REGEXP_MATCHES(…) IS …: a condition compared with a value'],
    ['a nested CASE', caseOf("CASE WHEN a = 'x' THEN 'y' END = 'y'"), 'duckdb', '2:13', 'a nested CASE'],
    ['a channel that is no literal', "CASE WHEN a = 'x' THEN b END", 'duckdb', '1:24', 'not a string literal'],
    // Snowplow's channel_group_query: `when regexp_contains(…) then case when … end`.
    ['a nested CASE as the channel', "CASE WHEN a = 'x' THEN CASE WHEN b = 'y' THEN 'Y' ELSE 'Z' END END", 'duckdb', '1:24', 'a nested CASE as the channel'],
    ['a cast', caseOf("a::text = 'x'"), 'postgres', '2:14', 'a cast'],
    ['concatenation', caseOf("a || b = 'x'"), 'duckdb', '2:15', 'string concatenation'],
    ['BETWEEN', caseOf("a BETWEEN 'a' AND 'b'"), 'duckdb', '2:15', 'BETWEEN'],
    ['LIKE ANY', caseOf("a LIKE ANY ('x')"), 'duckdb', '2:20', 'LIKE ANY'],
    ['a Jinja expression', caseOf("{{ var('src') }} = 'x'"), 'duckdb', '2:13', "{{ var('src') }}"],
    ['a reserved channel name', "CASE WHEN a = 'x' THEN '(unclassified)' END", 'duckdb', '1:6', 'reserves'],
    ['ILIKE in BigQuery', caseOf("a ILIKE 'x'"), 'bigquery', '2:13', 'ILIKE (not a bigquery operator)'],
    ['a function of another dialect', caseOf("REGEXP_CONTAINS(a, 'x')"), 'duckdb', '2:13', 'REGEXP_CONTAINS (not a duckdb regex function'],
    ['LOWER whose preimage depends on the locale', caseOf("LOWER(a) = 'email'"), 'postgres', '2:13', 'depends on the database'],
    ['_ after LOWER where LOWER changes lengths', caseOf("LOWER(a) LIKE 'a_b'"), 'bigquery', '2:13', 'can change a value'],
    ['i before a wildcard after LOWER', caseOf("LOWER(a) LIKE '%mai%'"), 'bigquery', '2:13', 'LOWER("İ")'],
    ['a repeated ASCII class after LOWER where LOWER changes lengths', caseOf("REGEXP_CONTAINS(LOWER(a), r'^[a-z]*x')"), 'bigquery', '2:13', 'can change a value'],
    ['.* after UPPER next to a letter of a longer image', caseOf("REGEXP_CONTAINS(UPPER(a), r'^S.*')"), 'bigquery', '2:13', 'several characters including "S"'],
    ['alternatives inside a repetition after LOWER', caseOf("REGEXP_CONTAINS(LOWER(a), r'^(ab|cd)+$')"), 'bigquery', '2:13', 'alternatives inside a repetition'],
    ['an alternative of LOWER("İ") in BigQuery', caseOf("REGEXP_CONTAINS(LOWER(a), r'x|mai')"), 'bigquery', '2:13', 'LOWER("İ")'],
    ['a letter of a longer UPPER image at an open start', caseOf("REGEXP_CONTAINS(UPPER(a), r'S$')"), 'bigquery', '2:13', 'several characters including "S"'],
    ['alternatives ending in letters of longer UPPER images', caseOf("REGEXP_CONTAINS(UPPER(a), r'F$|N$')"), 'bigquery', '2:13', 'several characters including "F"'],
    ['a Greek capital of a longer UPPER image at an open end', caseOf("REGEXP_CONTAINS(UPPER(a), r'^Ι')"), 'bigquery', '2:13', 'several characters including "Ι"'],
    ['LOWER("İ")\'s combining dot at an open start', caseOf("REGEXP_CONTAINS(LOWER(a), '\u0307x')"), 'bigquery', '2:13', 'several characters including'],
    ['an UPPER image of one character', caseOf("UPPER(a) = 'CLASS'"), 'snowflake', '2:13', '"SS" is the UPPER of a single character'],
    ['LOWER of a non-ASCII literal', caseOf("LOWER(a) = 'é'"), 'duckdb', '2:13', 'non-ASCII'],
    ['locale classes in PostgreSQL regexes', caseOf("a ~ '\\d+'"), 'postgres', '2:17', '\\d (its digits depend'],
    ['\\x past 32 bits in a PostgreSQL regex (PostgreSQL drops the overflow)', caseOf("a ~ '\\x100000041'"), 'postgres', '2:17', 'more than 32 bits'],
    ['$ inside a Java regex', caseOf("a RLIKE 'x$y'"), 'spark', '2:21', 'Java'],
    ['a backreference', caseOf("regexp_matches(a, '(x)\\1')"), 'duckdb', '2:31', 'the escape \\1'],
    ['lookahead', caseOf("regexp_matches(a, 'x(?=y)')"), 'duckdb', '2:31', 'lookaround'],
    ['\\B in RE2 (it also holds between the bytes of a non-ASCII character)', caseOf("regexp_matches(a, 'x\\B')"), 'duckdb', '2:31', '\\B (RE2 also matches it between the bytes'],
    ['POSIX bracket classes', caseOf("regexp_matches(a, '[[:alpha:]]')"), 'duckdb', '2:31', 'POSIX bracket'],
    ['regex options but i and c', caseOf("regexp_matches(a, 'x', 'm')"), 'duckdb', '2:36', 'the regex option "m"'],
    ['Snowflake RLIKE parameters but i and c', caseOf("RLIKE(a, 'x', 'm')"), 'snowflake', '2:27', 'the regex option "m"'],
    ['Spark SQL rlike with flags (it has none)', caseOf("rlike(a, 'x', 'i')"), 'spark', '2:27', 'RLIKE with these arguments'],
    ['REGEXP as a Snowflake function (only an operator there)', caseOf("REGEXP(a, 'x')"), 'snowflake', '2:13', 'REGEXP (not a snowflake regex function'],
    ['a LIKE escape of another character', caseOf("a LIKE 'x\\\\y'"), 'spark', '2:20', 'the LIKE escape of "y"'],
    ['a LIKE pattern ending in its escape', caseOf("a LIKE 'x!' ESCAPE '!'"), 'duckdb', '2:20', 'ending in its escape'],
    ['a comment inside a comment where nesting is not known', "CASE WHEN a = 'x' THEN 'X' /* old /* */ END", 'bigquery', '1:35', 'a /* inside a /* comment'],
    ['a nested comment left open', "CASE WHEN a = 'x' THEN 'X' /* old /* */ END", 'postgres', '1:28', 'an unclosed /* comment'],
    ['Jinja inside a string literal', caseOf("utm_source = '{{ var(\"brand\") }}'"), 'duckdb', '2:27', 'the Jinja {{ inside a string literal'],
    ['Jinja inside a string literal of a dbt loop', "{% for s in ['a', 'b'] %}\nCASE WHEN f = 'x{{ s }}' THEN 'X' END\n{% endfor %}", 'postgres', '2:17', 'the Jinja {{ inside a string literal'],
    ['a Jinja statement inside a channel name', "CASE WHEN f = 'x' THEN '{% if a %}A{% endif %}' END", 'bigquery', '1:25', 'the Jinja {% inside a string literal'],
    ['Jinja inside a quoted name', "CASE WHEN \"{{ col }}\" = 'x' THEN 'X' END", 'postgres', '1:12', 'the Jinja {{ inside a quoted name'],
    ['a wildcard as the LIKE escape in DuckDB', caseOf("a LIKE 'a%%' ESCAPE '%'"), 'duckdb', '2:33', "ESCAPE '%' (DuckDB reads a wildcard"],
    ['_ as the LIKE escape in DuckDB', caseOf("a NOT ILIKE 'a__' ESCAPE '_'"), 'duckdb', '2:38', "ESCAPE '_' (DuckDB reads a wildcard"],
    ['a backtick in a field name (a .channels file cannot write it)', "select case\n  when t.\"a`b\" = 'x' then 'A'\nend from t", 'postgres', '2:8', 'the field name "a`b" holds a backtick'],
    ['an unclosed string', "CASE WHEN a = 'x THEN X END", 'duckdb', '1:15', 'an unclosed string'],
  ] as const)('%s', (_, sql, dialect, where, message) => {
    const result = sqlRefusal(sql, dialect);
    expect(result.message).toContain(message);
    expect(result.where).toBe(where);
  });
});

const group = (expression: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ displayName: 'G', groupingRule: [{ displayName: 'X', expression }], ...extra });
const ga4Refusal = (json: string, groupName?: string) => refusal(() => importGa4ChannelGroup(json, { fileName: 'group.json', group: groupName }));
const sourceFilter = (stringFilter: unknown) => ({ andGroup: { filterExpressions: [{ orGroup: { filterExpressions: [{ filter: { fieldName: 'eachScopeSource', stringFilter } }] } }] } });

describe('GA4 import refuses, naming the JSON path', () => {
  it.each([
    ['not JSON', '{', '$', 'not JSON'],
    ['an unknown field', JSON.stringify({ displayName: 'G', groupingRule: [], colour: 1 }), '$.colour', 'unknown field "colour"'],
    ['no grouping rules', JSON.stringify({ displayName: 'G', groupingRule: [] }), '$.groupingRule', 'non-empty'],
    ['two expressions in one', group({ filter: {}, notExpression: {} }), '$.groupingRule[0].expression', 'exactly one of'],
    ['an unknown match type', group(sourceFilter({ matchType: 'MATCH_TYPE_UNSPECIFIED', value: 'x' })), '$.groupingRule[0].expression.andGroup.filterExpressions[0].orGroup.filterExpressions[0].filter.stringFilter.matchType', 'the match type'],
    ['\\w ignoring case', group(sourceFilter({ matchType: 'PARTIAL_REGEXP', value: '\\w+' })), '$.groupingRule[0].expression.andGroup.filterExpressions[0].orGroup.filterExpressions[0].filter.stringFilter.value', '\\w matching case-insensitively'],
    ['a reserved channel name', JSON.stringify({ displayName: 'G', groupingRule: [{ displayName: '(unclassified)', expression: sourceFilter({ matchType: 'EXACT', value: 'x' }) }] }), '$.groupingRule[0].displayName', 'reserves'],
    ['an empty in-list', group({ filter: { fieldName: 'eachScopeSource', inListFilter: { values: [] } } }), '$.groupingRule[0].expression.filter.inListFilter.values', 'non-empty'],
    ['a backtick in a field name (a .channels file cannot write it)', group({ filter: { fieldName: 'a`b', stringFilter: { matchType: 'EXACT', value: 'x' } } }), '$.groupingRule[0].expression.filter.fieldName', 'the field name "a`b" holds a backtick'],
  ])('%s', (_, json, where, message) => {
    const result = ga4Refusal(json);
    expect(result.message).toContain(message);
    expect(result.where).toBe(where);
  });

  it('a list of groups without --group, and an unknown --group', () => {
    const list = JSON.stringify({ channelGroups: [JSON.parse(group(sourceFilter({ matchType: 'EXACT', value: 'x' }))), { displayName: 'H', groupingRule: [] }] });
    expect(ga4Refusal(list).message).toContain('choose one with --group ("G", "H")');
    expect(ga4Refusal(list, 'Z').message).toContain('no channel group named "Z"');
    expect(importGa4ChannelGroup(list, { fileName: 'list.json', group: 'G' })).toContain('channel "X"');
  });
});

describe('a regex longer than a rules file allows (100,000 characters) is refused by import, not written', () => {
  const valuePath = '$.groupingRule[0].expression.andGroup.filterExpressions[0].orGroup.filterExpressions[0].filter.stringFilter.value';
  const regexGroup = (value: string) => group(sourceFilter({ matchType: 'PARTIAL_REGEXP', value }));
  const regexSql = (pattern: string) => caseOf(`REGEXP_CONTAINS(a, r'${pattern}')`);

  it('GA4: a pattern over the limit, before it is parsed (a 4 MB one took 3.6 GB)', () => {
    const result = ga4Refusal(regexGroup('a'.repeat(100_001)));
    expect(result.message).toBe("the RE2 pattern of 100,001 characters: a rules file's regex may have at most 100,000 characters (channel-rules check refuses a longer one)");
    expect(result.where).toBe(valuePath);
    expect(importGa4ChannelGroup(regexGroup(`[${'a'.repeat(99_998)}]`), { fileName: 'group.json' })).toContain('channel "X"');
  });

  it('GA4: a pattern its translation makes longer than the limit (`.` is `[^\n]`)', () => {
    const result = ga4Refusal(regexGroup(`x${'.'.repeat(30_000)}`));
    expect(result.message).toBe("the RE2 pattern of 30,001 characters, written as a regex of 150,001: a rules file's regex may have at most 100,000 characters (channel-rules check refuses a longer one)");
    expect(result.where).toBe(valuePath);
  });

  it('SQL: a pattern over the limit, at its line:column, before it is parsed', () => {
    const result = sqlRefusal(regexSql('a'.repeat(100_001)), 'bigquery');
    expect(result.message).toBe("RE2 pattern of 100,001 characters: a rules file's regex may have at most 100,000 characters (channel-rules check refuses a longer one)");
    expect(result.where).toBe('2:32');
    expect(importSql(regexSql('a'.repeat(100_000)), { dialect: 'bigquery', fileName: 'model.sql' })).toContain(`contains "${'a'.repeat(100_000)}"`);
  });

  it('SQL: a pattern its translation makes longer than the limit', () => {
    const result = sqlRefusal(regexSql(`x${'.'.repeat(30_000)}`), 'bigquery');
    expect(result.message).toBe("REGEXP_CONTAINS written as a regex of 150,001 characters: a rules file's regex may have at most 100,000 characters (channel-rules check refuses a longer one)");
    expect(result.where).toBe('2:13');
  });
});

function exportRefusal(rules: string) {
  const loaded = compileRulesText('rules.channels', rules);
  return refusal(() => exportGa4ChannelGroup(loaded.checked, { name: 'G', fileName: 'rules.channels', text: rules, lineOf: (offset) => loaded.lineIndex.position(offset).line + 1 }));
}

describe('export refuses what GA4 cannot express, naming the rule', () => {
  it.each([
    ['exists', 'case insensitive\nchannel "A"\n  when gclid exists', 'rules.channels:3', 'missing field from a null one'],
    ['is missing', 'case insensitive\nchannel "A"\n  when gclid is missing', 'rules.channels:3', 'missing field from a null one'],
    ['is null', 'case insensitive\nchannel "A"\n  when utm_source = "x"\n  when gclid is null', 'rules.channels:4', 'missing field from a null one'],
    ['a case-sensitive comparison', 'channel "A"\n  when utm_source = "Google"', 'rules.channels:2', 'case-sensitive comparison'],
    ['a case-sensitive regex', 'channel "A"\n  when utm_source matches /^g/', 'rules.channels:2', 'case-sensitive comparison'],
    // A class is judged by the characters it holds, not by its text.
    ['a case-sensitive class holding A but not a', 'channel "A"\n  when utm_source matches /^[!-_]+$/', 'rules.channels:2', 'case-sensitive comparison; GA4 matches without regard to case, and the regex\'s `[!-_]` (at character 2) matches "A" but not "a"'],
    ['a case-sensitive class holding a but not A', 'channel "A"\n  when utm_source matches /[^!-_]/', 'rules.channels:2', 'the regex\'s `[^!-_]` (at character 1) matches "a" but not "A"'],
    ['a case-sensitive class holding K but not the Kelvin sign', 'channel "A"\n  when utm_source matches /^[ -~]+$/', 'rules.channels:2', 'the regex\'s `[ -~]` (at character 2) matches "K" but not "\u212a" (U+212A)'],
    ['a case-sensitive escape of a letter', 'channel "A"\n  when utm_source matches /\\u0041/', 'rules.channels:2', 'the regex\'s `\\u0041` (at character 1) matches "A" but not "a"'],
    ['\\b ignoring case', 'case insensitive\nchannel "A"\n  when utm_source matches /\\bgo/', 'rules.channels:3', '\\b'],
    ['\\b after a backspace class [\\b]', 'case insensitive\nchannel "A"\n  when utm_source matches /[\\b]\\b/', 'rules.channels:3', '\\b'],
    ['\\w in a class', 'case insensitive\nchannel "A"\n  when utm_source matches /[\\w]/', 'rules.channels:3', '\\w'],
    ['rules of a channel that are not adjacent', 'case insensitive\nchannel "A"\n  when utm_source = "a"\nchannel "B"\n  when utm_source = "b"\nchannel "A"\n  when utm_source = "c"', 'rules.channels:7', 'not adjacent'],
    ['the otherwise channel with rules', 'case insensitive\nchannel "A"\n  when utm_source = "a"\notherwise "A"', 'rules.channels:4', 'also has rules'],
    ['a field GA4 cannot name', 'case insensitive\nchannel "A"\n  when page.url = "a"', 'rules.channels:3', 'no GA4 field name'],
  ])('%s', (_, rules, where, message) => {
    const result = exportRefusal(rules);
    expect(result.message).toContain(message);
    expect(result.where).toBe(where);
  });

  it('no name for the group (a file named .channels, or --name "")', () => {
    const rules = 'case insensitive\nchannel "A"\n  when utm_source = "a"';
    const loaded = compileRulesText('.channels', rules);
    for (const name of ['', '  ']) {
      expect(refusal(() => exportGa4ChannelGroup(loaded.checked, { name, fileName: '.channels', text: rules, lineOf: () => 1 }))).toEqual({
        where: '.channels',
        message: 'GA4 requires a name for the channel group: give one with --name',
      });
    }
  });

  it('more than 50 channels', () => {
    const rules = ['case insensitive', ...Array.from({ length: 51 }, (_, i) => `channel "C${i}"\n  when utm_source = "s${i}"`)].join('\n');
    expect(exportRefusal(rules)).toEqual({ where: 'rules.channels', message: '51 channels; GA4 allows at most 50 in a channel group' });
  });

  it(`a condition needing more than ${MAX_FILTERS} filters in and-of-ors form`, () => {
    const ands = Array.from({ length: 11 }, (_, i) => `(utm_source = "a${i}" and utm_medium = "b${i}")`).join(' or ');
    const result = exportRefusal(`case insensitive\nchannel "A"\n  when ${ands}`);
    expect(result.message).toContain(`more than ${MAX_FILTERS} filters`);
    expect(result.where).toBe('rules.channels:3');
  });
});
