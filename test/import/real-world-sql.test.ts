// Channel groupings as users have them (dbt models and macros for GA4's BigQuery export,
// a BigQuery UDF, Snowplow-style models, blog posts' CASE, GA4 channel groups), in
// test/fixtures/import-real-world: each SQL file's first comment names its source and
// licence (a file whose licence allows no copy is written for the test in its manner)
// and the dialect it is imported with; a channel group's description does. Each gives
// the `.channels` file beside it, or refuses as the `.refusal` beside it says. An
// imported group classifies random events as ./support/random-ga4's independent
// reading of GA4's documented matching does. An imported CASE also runs in a real engine
// over random rows built from its own literals: PGlite for PostgreSQL, DuckDB for the
// others, the CASE respelled for DuckDB by this file's own small reader (regexp_matches
// for REGEXP_CONTAINS, '…' for r'…' and "…", a column by its last name). Those rows hold
// no `İ`, the one character whose LOWER is one character in DuckDB and two in BigQuery,
// Snowflake and Spark SQL (test/import/sql-dialect-fixtures.test.ts holds that case).

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRulesText } from '../../cli/load-rules';
import type { EventProps } from '../../engine/events/event';
import type { ChannelGroup } from '../../engine/import/ga4/channel-group';
import { importGa4ChannelGroup } from '../../engine/import/ga4/import-ga4';
import { ImportError } from '../../engine/import/import-error';
import { importSql } from '../../engine/import/sql/import-sql';
import type { DialectName } from '../../engine/sql/dialect';
import { openDuckDb, type SqlDatabase } from '../sql/support/duckdb';
import { openPglite } from '../support/pglite';
import { ga4Channel } from './support/random-ga4';

const DIR = path.join(__dirname, '..', 'fixtures', 'import-real-world');
const FIXTURES = readdirSync(DIR).filter((name) => name.endsWith('.sql')).sort();
const GROUPS = readdirSync(DIR).filter((name) => name.endsWith('.json')).sort();
/** The group a list response's import picks (`--group`). */
const GROUP_NAMES: Record<string, string> = { 'ga4-list-response-assistants-first.json': 'Assistants first' };
/** The language's names of GA4's fields (SPEC §8). */
const GA4_FIELD_NAMES: Record<string, string> = {
  eachScopeSource: 'utm_source',
  eachScopeMedium: 'utm_medium',
  eachScopeCampaignName: 'utm_campaign',
  eachScopeDefaultChannelGroup: 'default_channel_group',
};

function dialectOf(text: string): DialectName {
  const dialect = /Imported with --dialect (\w+)/.exec(text)?.[1];
  if (dialect === undefined) throw new Error('a fixture names its dialect in its first comment');
  return dialect as DialectName;
}

function importOutcome(name: string): { rules: string } | { refusal: string } {
  const text = readFileSync(path.join(DIR, name), 'utf8');
  try {
    if (name.endsWith('.json')) return { rules: importGa4ChannelGroup(text, { fileName: name, ...(GROUP_NAMES[name] === undefined ? {} : { group: GROUP_NAMES[name] }) }) };
    return { rules: importSql(text, { dialect: dialectOf(text), fileName: name }) };
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    return { refusal: `${error.where}: ${error.message}` };
  }
}

function expectedOutcome(name: string): { rules: string } | { refusal: string } {
  const base = path.join(DIR, name.replace(/\.(sql|json)$/, ''));
  try {
    return { rules: readFileSync(`${base}.channels`, 'utf8') };
  } catch {
    return { refusal: readFileSync(`${base}.refusal`, 'utf8').trim() };
  }
}

describe('real-world CASE classifiers', () => {
  it('are all here: at least six imported, and refusals naming their construct', () => {
    const outcomes = FIXTURES.map(importOutcome);
    expect(outcomes.filter((outcome) => 'rules' in outcome).length).toBeGreaterThanOrEqual(6);
  });

  it.each([...FIXTURES, ...GROUPS])('%s imports as expected', (name) => {
    expect(importOutcome(name)).toEqual(expectedOutcome(name));
  });

  it.each(GROUPS.filter((name) => 'rules' in expectedOutcome(name)))('%s classifies random events as GA4 does', (name) => {
    const json = JSON.parse(readFileSync(path.join(DIR, name), 'utf8')) as ChannelGroup | { channelGroups: ChannelGroup[] };
    const group = 'channelGroups' in json ? json.channelGroups.find((g) => g.displayName === GROUP_NAMES[name])! : json;
    const outcome = importOutcome(name);
    if (!('rules' in outcome)) throw new Error(outcome.refusal);
    const loaded = compileRulesText('imported.channels', outcome.rules);
    const values = valueArbitrary([...groupStrings(group.groupingRule), 'Direct', 'Unassigned'], 'postgres');
    const event = fc.record(Object.fromEntries(Object.values(GA4_FIELD_NAMES).map((field) => [field, values])), { requiredKeys: [] });
    fc.assert(
      fc.property(event, (props) => {
        const ours = loaded.classifier.channelOf(loaded.classifier.classify(props as EventProps));
        expect(ours).toEqual(ga4Channel(group, props as Record<string, string | null>, GA4_FIELD_NAMES));
      }),
      { numRuns: 2000 },
    );
  });
});

/** One piece of a SQL file as this test reads it (not the importer's reader). */
type Piece = { kind: 'string'; value: string } | { kind: 'jinja'; name: string } | { kind: 'word'; text: string } | { kind: 'other'; text: string };

/**
 * The pieces of the fixtures' SQL: comments, `{% … %}` and `{# … #}` left out; strings
 * as their values (the fixtures' plain strings hold no backslash, and raw ones keep theirs).
 */
function pieces(text: string, dialect: DialectName): Piece[] {
  const out: Piece[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const skip = /^(?:--[^\n]*|#[^\n]*|\/\*[\s\S]*?\*\/|\{#[\s\S]*?#\}|\{%[\s\S]*?%\})/.exec(rest);
    if (skip !== null && (skip[0][0] !== '#' || dialect === 'bigquery')) {
      i += skip[0].length;
      continue;
    }
    const jinja = /^\{\{\s*(\w+)\s*\}\}/.exec(rest);
    const string = /^(r?)(?:'([^']*)'|"([^"]*)")/i.exec(rest);
    const quotesString = string !== null && (string[2] !== undefined || dialect === 'bigquery' || dialect === 'spark');
    if (jinja !== null) {
      out.push({ kind: 'jinja', name: jinja[1]! });
      i += jinja[0].length;
    } else if (string !== null && quotesString && (string[1] === '' || dialect === 'bigquery')) {
      const value = string[2] ?? string[3]!;
      if (string[1] === '' && dialect !== 'postgres' && value.includes('\\')) throw new Error(`a backslash escape in ${string[0]}: this reader does not decode it`);
      out.push({ kind: 'string', value });
      i += string[0].length;
    } else {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
      const text = word?.[0] ?? rest[0]!;
      out.push(word === null ? { kind: 'other', text } : { kind: 'word', text });
      i += text.length;
    }
  }
  return out;
}

/** The file's CASE … END, spelled for `engine` (DuckDB, or the PostgreSQL it already is). */
function runnableCase(text: string, dialect: DialectName): string {
  const all = pieces(text, dialect);
  const start = all.findIndex((piece) => piece.kind === 'word' && piece.text.toLowerCase() === 'case');
  let depth = 0;
  let sql = '';
  for (let i = start; i < all.length; i++) {
    const piece = all[i]!;
    if (piece.kind === 'string') sql += `'${piece.value.replaceAll("'", "''")}'`;
    else if (piece.kind === 'jinja') sql += piece.name;
    else if (piece.kind === 'other') sql += piece.text;
    else {
      const word = piece.text.toLowerCase();
      // A qualified column (`trafficSource.medium`, `pv.mkt_medium`) is its last name.
      const next = all[i + 1];
      const after = all[i + 2];
      if (next?.kind === 'other' && next.text === '.' && after?.kind === 'word') {
        i++;
        continue;
      }
      if (word === 'case') depth++;
      if (word === 'end') depth--;
      sql += dialect === 'bigquery' && word === 'regexp_contains' ? 'regexp_matches' : piece.text;
      if (depth === 0) return sql;
    }
  }
  throw new Error('no CASE … END');
}

function rulesChannels(rulesText: string, columns: readonly string[], rows: readonly (string | null)[][]): (string | null)[] {
  const loaded = compileRulesText('imported.channels', rulesText);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return rows.map((row, r) => {
    const props: EventProps = {};
    columns.forEach((column, i) => {
      // SQL's NULL is a missing field or a JSON null alike: every other row has the null.
      if (row[i] !== null) props[column] = row[i];
      else if (r % 2 === 1) props[column] = null;
    });
    return loaded.classifier.channelOf(loaded.classifier.classify(props));
  });
}

function sqlStrings(text: string, dialect: DialectName): string[] {
  return pieces(text, dialect).flatMap((piece) => (piece.kind === 'string' ? [piece.value] : []));
}

/** A GA4 group's compared values. */
function groupStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(groupStrings);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => (key === 'value' || key === 'values' || typeof item === 'object' ? groupStrings(item) : []));
}

/**
 * Values made of pieces: the source's own strings, their other cases and parts, and
 * characters that tell readings apart (`İ` only where the engine lowers it as the dialect does).
 */
function valueArbitrary(strings: readonly string[], dialect: DialectName): fc.Arbitrary<string | null> {
  const literals = [...new Set(strings)];
  const variants = literals.flatMap((literal) => [literal, literal.toUpperCase(), literal.slice(1), literal.slice(0, -1), literal.replace(/\\/g, '')]);
  const special = ['', 'x', 'X', ' ', '-', '.', '_', '%', '\n', 'e', 'E', 'ſ', '\u212a', 'ß', 'é', '(none)', ...(dialect === 'postgres' ? ['İ'] : [])];
  const piece = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...variants) }, { weight: 1, arbitrary: fc.constantFrom(...special) });
  return fc.option(fc.array(piece, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('')), { nil: null, freq: 4 });
}

/** The columns each imported fixture's CASE reads (its fields). */
const COLUMNS: Record<string, string[]> = {
  'custom-groups-lazy-quantifiers.sql': ['source', 'medium', 'campaign', 'pagetype'],
  'dbt-ga4-default-channel-grouping.sql': ['source', 'medium', 'source_category', 'campaign'],
  'fractribution-channel-definitions.sql': ['source', 'medium', 'campaign'],
  'inazr-session-default-channel-grouping.sql': ['source', 'medium', 'string_value'],
  'lower-in-lists.sql': ['medium'],
  'lower-regex-lists.sql': ['source', 'medium'],
  'postgres-case-insensitive-regex.sql': ['utm_source', 'utm_medium'],
  'snowplow-style-like-on-lower.sql': ['refr_medium', 'mkt_medium', 'mkt_source', 'refr_urlhost', 'page_url'],
};

function describeEngine(name: string, open: () => Promise<SqlDatabase>, runsHere: (dialect: DialectName) => boolean): void {
  describe(`real-world CASE classifiers imported give ${name}'s channel`, () => {
    let db: SqlDatabase;
    beforeAll(async () => {
      db = await open();
    }, 120_000);
    afterAll(async () => db?.close());

    const imported = FIXTURES.filter((fixture) => {
      const text = readFileSync(path.join(DIR, fixture), 'utf8');
      return runsHere(dialectOf(text)) && 'rules' in expectedOutcome(fixture);
    });
    it('has its fixtures', () => expect(imported.length).toBeGreaterThan(0));

    it.each(imported)('%s, for random rows', async (fixture) => {
      const text = readFileSync(path.join(DIR, fixture), 'utf8');
      const dialect = dialectOf(text);
      const columns = COLUMNS[fixture];
      if (columns === undefined) throw new Error(`COLUMNS names the columns of ${fixture}`);
      const rules = importSql(text, { dialect, fileName: fixture });
      const query = `SELECT ${runnableCase(text, dialect)} AS channel FROM events ORDER BY id`;
      const row = fc.array(valueArbitrary(sqlStrings(text, dialect), dialect), { minLength: columns.length, maxLength: columns.length });
      await fc.assert(
        fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 60 }), async (rows) => {
          await db.load('events', columns, rows);
          const expected = (await db.query(query)).map((result) => result[0] as string | null);
          const actual = rulesChannels(rules, columns, rows);
          if (JSON.stringify(actual) !== JSON.stringify(expected)) expect({ rows, actual }).toEqual({ rows, actual: expected });
        }),
        { numRuns: 40 },
      );
    }, 120_000);
  });
}

describeEngine('DuckDB', openDuckDb, (dialect) => dialect !== 'postgres');
describeEngine('PGlite', openPglite, (dialect) => dialect === 'postgres');
