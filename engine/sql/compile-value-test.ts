// A ValueTest (engine/semantics/value-test, the one meaning of every operator) as an
// SQL predicate whose NULLs only ever mean FALSE, with a strict (never NULL) form for
// use under NOT (./predicate), so `and` / `or` / `not` keep the language's two-valued
// logic in SQL's three-valued world.
//
// SQL has one NULL where events have two states (missing, null): a NULL column is a
// *missing* field (docs/sql.md). A test is therefore compiled with `test.missing` as
// its answer for NULL; `test.null` cannot be asked, and tests where it differs
// (`exists`, `is missing`, `is null` and their negations) are reported as warnings.
//
// Case-sensitive `=`, `in`, `contains`, `starts with` and `ends with` become plain
// comparisons; with `ignoring case` (when some character of the literal has case
// variants) and for `matches`, the defining regex of the string set
// (stringSetRegexSource) is translated to the dialect with every character set made
// explicit, so the warehouse's own case folding is never used.
//
// A literal holding a character that no text of the dialect can hold (a lone
// surrogate anywhere, U+0000 in PostgreSQL and Snowflake: the regex syntax's
// `dontCare`) equals and occurs in no warehouse value, so it is left out, as the
// regex printer leaves such a character's branch out: `= "a\u0000b"` never applies in
// PostgreSQL whether or not it ignores case (it was refused when case-sensitive).

import { caseClassOf } from '../semantics/case-fold';
import { has } from './code-point-set';
import { stringSetRegexSource, type StringSet, type ValueTest } from '../semantics/value-test';
import type { Dialect } from './dialect';
import { FALSE, TRUE, comparison, not, nullMeansFalse, or, type Predicate } from './predicate';
import { printRegex } from './print-regex';
import { regexTree } from './regex-tree';
import { SqlCompileError } from './sql-compile-error';

export function compileValueTest(column: string, test: ValueTest, dialect: Dialect): Predicate {
  // Membership of a non-NULL value; NULL (and never asked) for a NULL column.
  const inSet = stringSetPredicate(column, test.strings, test.ignoreCase, dialect);
  const accepted = test.complement ? not(inSet) : inSet;
  // A NULL column is a missing field: `IS NULL` decides, and absorbs the NULL of `accepted`.
  if (test.missing) return or([comparison(`${column} IS NULL`), accepted]);
  return nullMeansFalse(accepted, column);
}

/** Membership of a non-NULL value in the set (the result is NULL only for a NULL value). */
function stringSetPredicate(column: string, set: StringSet, ignoreCase: boolean, dialect: Dialect): Predicate {
  const folds = ignoreCase && needsCaseFolding(set);
  switch (set.kind) {
    case 'all':
      return TRUE;
    case 'equals': {
      if (set.values.length === 0) return FALSE;
      if (folds) return or(foldedListChunks(set.values).map((values) => foldedListPredicate(column, values, dialect)));
      const values = set.values.filter((value) => holdable(value, dialect));
      if (values.length === 0) return FALSE;
      if (values.length === 1) return comparison(`${column} = ${dialect.string(values[0]!)}`);
      return comparison(`${column} IN (${values.map((value) => dialect.string(value)).join(', ')})`);
    }
    case 'contains':
    case 'startsWith':
    case 'endsWith': {
      if (set.value === '') return TRUE;
      if (folds) break;
      if (!holdable(set.value, dialect)) return FALSE;
      const literal = dialect.string(set.value);
      if (set.kind === 'contains') return comparison(dialect.contains(column, literal));
      // LEFT/RIGHT count code points in every dialect, as `[...value].length` does.
      const length = [...set.value].length;
      return comparison(`${set.kind === 'startsWith' ? 'LEFT' : 'RIGHT'}(${column}, ${length}) = ${literal}`);
    }
    case 'regex':
      break;
  }
  return regexPredicate(column, set, ignoreCase, dialect);
}

/**
 * Literal characters per regex of a list compared ignoring case: each value becomes an
 * alternative of character classes, and one regex of a 10,000-value list (739 KB) was
 * "too complex" for PostgreSQL and "too large" for DuckDB. The list is asked as an OR
 * of regexes of this size instead: the same set.
 */
const FOLDED_LIST_CHARACTERS = 4096;

/** The longest pattern written for one regex: well within what PostgreSQL and RE2 compile (both refused 700 KB). */
const MAX_PATTERN_CHARACTERS = 65_536;

function foldedListChunks(values: readonly string[]): string[][] {
  const chunks: string[][] = [];
  let chunk: string[] = [];
  let size = 0;
  for (const value of values) {
    if (chunk.length > 0 && size + value.length > FOLDED_LIST_CHARACTERS) {
      chunks.push(chunk);
      chunk = [];
      size = 0;
    }
    chunk.push(value);
    size += value.length;
  }
  chunks.push(chunk);
  return chunks;
}

/**
 * One chunk of a list compared ignoring case, split in halves until each regex is short
 * enough: a character with several cases is a class of up to some 30 characters
 * (`[\x{392}\x{3B2}\x{3D0}]`), so 4,096 characters of Greek values print longer than
 * MAX_PATTERN_CHARACTERS.
 */
function foldedListPredicate(column: string, values: readonly string[], dialect: Dialect): Predicate {
  if (values.length > 1) {
    const pattern = printRegex(regexTree(stringSetRegexSource({ kind: 'equals', values }), true), dialect.regex);
    if (pattern !== null && pattern.length > MAX_PATTERN_CHARACTERS) {
      const middle = values.length >> 1;
      return or([foldedListPredicate(column, values.slice(0, middle), dialect), foldedListPredicate(column, values.slice(middle), dialect)]);
    }
  }
  return regexPredicate(column, { kind: 'equals', values: [...values] }, true, dialect);
}

function regexPredicate(column: string, set: StringSet, ignoreCase: boolean, dialect: Dialect): Predicate {
  // The defining form of the set: what the engine itself runs with flags u / iu.
  const source = stringSetRegexSource(set);
  const pattern = printRegex(regexTree(source, ignoreCase), dialect.regex);
  if (pattern === null) return FALSE;
  if (pattern.length > MAX_PATTERN_CHARACTERS) {
    throw new SqlCompileError(
      `${ignoreCase && set.kind !== 'regex' ? 'compared ignoring case, ' : ''}this needs a regex of ${pattern.length.toLocaleString('en-US')} characters, more than the ${MAX_PATTERN_CHARACTERS.toLocaleString('en-US')} that databases are sure to compile`,
    );
  }
  // Only the empty sequence prints as nothing: a regex that matches every value.
  if (pattern === '') return TRUE;
  return comparison(dialect.regexSearch(column, dialect.string(dialect.regexPattern?.(pattern) ?? pattern)));
}

/** Whether some text of the dialect can hold `literal`: none of its code points is one the dialect's text cannot hold. */
function holdable(literal: string, dialect: Dialect): boolean {
  for (const char of literal) {
    if (has(dialect.regex.dontCare, char.codePointAt(0)!)) return false;
  }
  return true;
}

/** Whether some character of the set's literals has case variants under `iu`. */
function needsCaseFolding(set: StringSet): boolean {
  const literals = set.kind === 'equals' ? set.values : set.kind === 'all' || set.kind === 'regex' ? [] : [set.value];
  for (const literal of literals) {
    for (const char of literal) {
      if (caseClassOf(char.codePointAt(0)!).length > 1) return true;
    }
  }
  return false;
}
