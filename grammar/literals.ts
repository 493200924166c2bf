// What is inside a string, regex or backtick token: its value, and every mistake in it
// with the exact span of the offending characters. The lexer matched these tokens
// leniently (see lexer.ts), so a broken literal is reported here, precisely, once.

import { scanQuotedName, scanRegex } from './lexer';
import type { Span } from './syntax-tree';

export interface LiteralProblem {
  message: string;
  span: Span;
  /** Where what the parser says is a consequence of this problem (the rest of the line an unclosed literal took). */
  swallows?: Span;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t',
};
const CONTROL_ESCAPES: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** A JSON string literal, exactly as JSON.parse accepts it. */
const JSON_STRING = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"$/;

export interface StringLiteralReading {
  /** The decoded value: JSON.parse's when the literal is valid, a best effort otherwise. */
  value: string;
  problems: LiteralProblem[];
}

/** Reads a string token written at `offset` (quotes included, possibly unterminated). */
export function readStringLiteral(raw: string, offset: number): StringLiteralReading {
  if (JSON_STRING.test(raw)) {
    // Without a backslash the value is the text between the quotes; JSON.parse otherwise.
    return { value: raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1), problems: [] };
  }

  const problems: LiteralProblem[] = [];
  const quote = raw[0];
  const closed = raw.length >= 2 && raw.endsWith(quote) && !endsInsideEscape(raw);
  const bodyEnd = closed ? raw.length - 1 : raw.length;
  if (!closed) {
    // One mistake, one error: an unclosed string in single quotes is told both things at once.
    problems.push({
      message:
        quote === "'"
          ? 'unterminated string in single quotes: strings are written in double quotes (JSON), closed before the end of the line'
          : `unterminated string: add a closing \`${quote}\` before the end of the line`,
      span: { start: offset, end: offset + raw.length },
      swallows: { start: offset, end: offset + raw.length },
    });
  } else if (quote === "'") {
    problems.push({
      message: 'strings are written in double quotes (JSON): use "…" instead of \'…\'',
      span: { start: offset, end: offset + raw.length },
    });
  }

  // Inside an unclosed string (the rest of its line) nothing more is reported: it is one mistake.
  let value = '';
  let i = 1;
  while (i < bodyEnd) {
    const c = raw[i];
    const code = raw.charCodeAt(i);
    if (c === '\\') {
      const next = raw[i + 1];
      if (next !== undefined && next in SIMPLE_ESCAPES) {
        value += SIMPLE_ESCAPES[next];
        i += 2;
      } else if (next === 'u' && HEX4.test(raw.slice(i + 2, i + 6))) {
        value += String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16));
        i += 6;
      } else if (quote === "'" && next === "'") {
        value += "'";
        i += 2;
      } else if (next === undefined || i + 1 >= bodyEnd) {
        // A lone `\` before the end of the line: part of the unterminated string.
        value += c;
        i += 1;
      } else {
        let end = i + 2;
        if (next === 'u') while (end < Math.min(i + 6, bodyEnd) && /[0-9a-fA-F]/.test(raw[end])) end++;
        const written = raw.slice(i, end);
        if (closed) problems.push({
          message:
            `invalid escape \`${written}\` in a string: JSON strings allow ` +
            '\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX (four hex digits)',
          span: { start: offset + i, end: offset + end },
        });
        value += written;
        i = end;
      }
    } else if (code < 0x20) {
      const escape = CONTROL_ESCAPES[code] ?? `\\u${code.toString(16).padStart(4, '0')}`;
      if (closed) problems.push({
        message: `control character U+${code.toString(16).toUpperCase().padStart(4, '0')} in a string: write it as \`${escape}\``,
        span: { start: offset + i, end: offset + i + 1 },
      });
      value += c;
      i++;
    } else {
      value += c;
      i++;
    }
  }
  return { value, problems };
}

/** Whether the last quote of `raw` is escaped (so the string is not closed). */
function endsInsideEscape(raw: string): boolean {
  let backslashes = 0;
  for (let i = raw.length - 2; i >= 1 && raw[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

export interface RegexLiteralReading {
  pattern: string;
  flags: string;
  closed: boolean;
  problems: LiteralProblem[];
}

/** Reads a regex token written at `offset`: its body, its flags, and what is wrong with them. */
export function readRegexLiteral(raw: string, offset: number): RegexLiteralReading {
  const scan = scanRegex(raw, 0);
  const pattern = raw.slice(1, scan.bodyEnd);
  const problems: LiteralProblem[] = [];
  if (!scan.closed) {
    problems.push({
      message: 'unterminated regex: add a closing `/` before the end of the line',
      span: { start: offset, end: offset + raw.length },
      swallows: { start: offset, end: offset + raw.length },
    });
    return { pattern, flags: '', closed: false, problems };
  }
  const flags = raw.slice(scan.bodyEnd + 1, scan.end);
  let seenI = false;
  for (let i = 0; i < flags.length; ) {
    const flag = String.fromCodePoint(flags.codePointAt(i)!);
    const start = offset + scan.bodyEnd + 1 + i;
    const span = { start, end: start + flag.length };
    if (flag === 'i' && !seenI) seenI = true;
    else if (flag === 'i') problems.push({ message: 'the regex flag `i` is written twice', span });
    else {
      problems.push({
        message: `unsupported regex flag \`${flag}\`: only \`i\` (ignore case) is allowed`,
        span,
      });
    }
    i += flag.length;
  }
  return { pattern, flags, closed: true, problems };
}

export interface QuotedNameReading {
  name: string;
  problems: LiteralProblem[];
}

/** Reads a backtick field name written at `offset`. */
export function readQuotedName(raw: string, offset: number): QuotedNameReading {
  const { closed } = scanQuotedName(raw, 0);
  if (closed) return { name: raw.slice(1, -1), problems: [] };
  return {
    name: raw.slice(1),
    problems: [
      {
        message: 'unterminated field name: add a closing backtick (`) before the end of the line',
        span: { start: offset, end: offset + raw.length },
        swallows: { start: offset, end: offset + raw.length },
      },
    ],
  };
}
