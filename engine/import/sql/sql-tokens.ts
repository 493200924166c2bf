// The tokens of a SQL file as one dialect reads them, with dbt's Jinja around them:
// `{{ name }}` is a column (the field `name`), `{% … %}` and `{# … #}` are skipped,
// other `{{ … }}` stay one token the parser refuses if the CASE uses it. String
// literals are decoded with the dialect's own escapes (docs/import-export.md).

import type { DialectName } from '../../sql/dialect';

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'symbol' | 'jinja' | 'end';

export interface Token {
  kind: TokenKind;
  /** word: as written; quoted: the identifier; string: the decoded value; jinja: the expression inside. */
  value: string;
  /** UTF-16 offset in the file. */
  offset: number;
  endOffset: number;
}

export class TokenError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const SYMBOLS = ['!~*', '!~', '~*', '<>', '!=', '<=', '>=', '||', '::', '==', '=', '<', '>', '(', ')', ',', '.', '~', '+', '-', '*', '/', '%', ';', '[', ']', ':', '!', '@', '&', '|', '^', '?'];

export function tokenize(text: string, dialect: DialectName): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, value: string, offset: number) => tokens.push({ kind, value, offset, endOffset: i });
  while (i < text.length) {
    const c = text[i]!;
    const start = i;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (text.startsWith('--', i) || (c === '#' && dialect === 'bigquery')) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (text.startsWith('/*', i)) {
      i = blockCommentEnd(text, start, dialect);
      continue;
    }
    if (text.startsWith('{#', i) || text.startsWith('{%', i)) {
      const closer = text[i + 1] === '#' ? '#}' : '%}';
      const close = text.indexOf(closer, i + 2);
      if (close < 0) throw new TokenError(`an unclosed Jinja ${text.slice(i, i + 2)}`, start);
      i = close + 2;
      continue;
    }
    if (text.startsWith('{{', i)) {
      const close = text.indexOf('}}', i + 2);
      if (close < 0) throw new TokenError('an unclosed Jinja {{', start);
      i = close + 2;
      push('jinja', text.slice(start + 2, close).trim(), start);
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      // String prefixes: r'…' (BigQuery raw), E'…' (PostgreSQL escapes, refused), X'…'.
      const prefix = /^([rRbBeEuUxXnN]|[rR][bB]|[bB][rR]|[uU]&)(['"])/.exec(text.slice(i));
      if (prefix !== null) {
        const letters = prefix[1]!.toLowerCase();
        if (letters === 'r' && (dialect === 'bigquery' || dialect === 'spark')) {
          i += 1;
          const value = readQuoted(text, i, dialect, true);
          i = value.end;
          push('string', value.value, start);
          continue;
        }
        throw new TokenError(`string literals with the prefix ${prefix[1]}`, start);
      }
      while (i < text.length && /[A-Za-z0-9_$]/.test(text[i]!)) i++;
      push('word', text.slice(start, i), start);
      continue;
    }
    if (/[0-9]/.test(c)) {
      while (i < text.length && /[0-9.eE]/.test(text[i]!)) i++;
      push('number', text.slice(start, i), start);
      continue;
    }
    if (c === "'" || (c === '"' && (dialect === 'bigquery' || dialect === 'spark'))) {
      const value = readQuoted(text, i, dialect, false);
      i = value.end;
      push('string', value.value, start);
      continue;
    }
    if (c === '"' || c === '`') {
      if (c === '`' && dialect !== 'bigquery' && dialect !== 'spark') throw new TokenError('a backtick, which this dialect does not quote names with', start);
      const close = findClose(text, i, c);
      i = close + 1;
      push('quoted', text.slice(start + 1, close).replaceAll(c + c, c), start);
      continue;
    }
    if (c === '$' && dialect === 'snowflake' && text.startsWith('$$', i)) {
      const close = text.indexOf('$$', i + 2);
      if (close < 0) throw new TokenError('an unclosed $$ string', start);
      i = close + 2;
      push('string', text.slice(start + 2, close), start);
      continue;
    }
    if (c === '$' && dialect === 'postgres') throw new TokenError('dollar-quoted strings and parameters', start);
    const symbol = SYMBOLS.find((candidate) => text.startsWith(candidate, i));
    if (symbol === undefined) throw new TokenError(`the character ${JSON.stringify(c)}`, start);
    i += symbol.length;
    push('symbol', symbol, start);
  }
  tokens.push({ kind: 'end', value: '', offset: text.length, endOffset: text.length });
  return tokens;
}

// The offset after the block comment opened at `open`. PostgreSQL and DuckDB nest these
// comments: each `/*` inside one opens another, each `*/` closes one (checked against
// both engines). BigQuery, Snowflake and Spark SQL (which nests them only from 3.1) are
// not known to read them alike, so there a `/*` inside a comment is refused.
function blockCommentEnd(text: string, open: number, dialect: DialectName): number {
  const nests = dialect === 'postgres' || dialect === 'duckdb';
  let depth = 1;
  let i = open + 2;
  while (depth > 0) {
    if (i >= text.length) throw new TokenError('an unclosed /* comment', open);
    if (text.startsWith('/*', i)) {
      if (!nests) throw new TokenError(`a /* inside a /* comment (${dialect} is not known to nest comments)`, i);
      depth++;
      i += 2;
    } else if (text.startsWith('*/', i)) {
      depth--;
      i += 2;
    } else i++;
  }
  return i;
}

function findClose(text: string, open: number, quote: string): number {
  let i = open + 1;
  for (;;) {
    const close = text.indexOf(quote, i);
    if (close < 0) throw new TokenError(`an unclosed ${quote}`, open);
    if (text[close + 1] === quote) {
      i = close + 2;
      continue;
    }
    return close;
  }
}

/** Dialects whose string literals take backslash escapes. */
function backslashEscapes(dialect: DialectName): boolean {
  return dialect === 'bigquery' || dialect === 'snowflake' || dialect === 'spark';
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '\\': '\\', "'": "'", '"': '"' };
/** Spark keeps `\%` and `\_` as two characters, for LIKE. */
const SPARK_ESCAPES: Record<string, string> = { '%': '\\%', _: '\\_' };

function readQuoted(text: string, open: number, dialect: DialectName, raw: boolean): { value: string; end: number } {
  const quote = text[open]!;
  if (dialect === 'bigquery' && text.startsWith(quote.repeat(3), open)) throw new TokenError('triple-quoted strings', open);
  let value = '';
  let i = open + 1;
  for (;;) {
    if (i >= text.length) throw new TokenError('an unclosed string', open);
    const c = text[i]!;
    if (c === quote) {
      if (text[i + 1] === quote && (dialect === 'duckdb' || dialect === 'postgres' || dialect === 'snowflake')) {
        value += quote;
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    if (c === '\\' && backslashEscapes(dialect)) {
      const next = text[i + 1];
      if (next === undefined) throw new TokenError('an unclosed string', open);
      if (raw) {
        value += c + next;
        i += 2;
        continue;
      }
      if (next === 'u' && /^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) {
        value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      if (next === 'x' && dialect === 'bigquery' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 2, i + 4))) {
        value += String.fromCharCode(parseInt(text.slice(i + 2, i + 4), 16));
        i += 4;
        continue;
      }
      const simple = SIMPLE_ESCAPES[next] ?? (dialect === 'spark' ? SPARK_ESCAPES[next] : undefined);
      if (simple === undefined) throw new TokenError(`the string escape \\${next}`, i);
      value += simple;
      i += 2;
      continue;
    }
    value += c;
    i++;
  }
}
