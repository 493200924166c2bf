// Pieces shared by the dialects' string literals and identifiers.

import { SqlCompileError } from './sql-compile-error';

/** Rejects text that no UTF-8 SQL can hold (lone UTF-16 surrogates). */
export function requireWellFormed(value: string, what: string): void {
  if (/\p{Cs}/u.test(value)) {
    throw new SqlCompileError(`${what} ${JSON.stringify(value)} contains a lone UTF-16 surrogate, which SQL text (UTF-8) cannot hold`);
  }
}

export function rejectNul(value: string, what: string, dialect: string): void {
  if (value.includes('\u0000')) {
    throw new SqlCompileError(`${what} ${JSON.stringify(value)} contains U+0000, which ${dialect} text cannot hold`);
  }
}

/** Control and format characters, line/paragraph separators: written as escapes where the dialect has them. */
export const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}]/u;

export function hex(codePoint: number, width: number): string {
  return codePoint.toString(16).toUpperCase().padStart(width, '0');
}

/**
 * A backslash-escaped literal body: `\\`, the quote, `\n` `\r` `\t`, and every
 * invisible character through `escapeCodePoint`; other characters as themselves.
 */
export function backslashEscaped(
  value: string,
  quote: string,
  escapeCodePoint: (codePoint: number) => string,
  extra: (char: string) => string | undefined = () => undefined,
): string {
  let out = '';
  for (const char of value) {
    const special = extra(char);
    if (special !== undefined) out += special;
    else if (char === '\\') out += '\\\\';
    else if (char === quote) out += `\\${quote}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (INVISIBLE.test(char)) out += escapeCodePoint(char.codePointAt(0)!);
    else out += char;
  }
  return out;
}
