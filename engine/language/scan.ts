// A forgiving scanner for editor features that work on text as typed: completion
// (where the text before the cursor is usually not a complete statement) and the
// keyword tokens of semantic highlighting. It never fails: unterminated strings,
// regexes and quoted names run to the end of their line, unknown characters become
// `unknown` tokens. The parser (grammar/) remains the judge of what is valid.

import { isIdentifierPart, isIdentifierStart } from '../../grammar/lexer';
import type { Span } from '../../grammar/syntax-tree';

export type TokenKind = 'word' | 'quoted' | 'string' | 'regex' | 'punctuation' | 'comment' | 'unknown';

export interface Token {
  kind: TokenKind;
  span: Span;
  /** The text as written. */
  text: string;
  /** For strings, regexes and quoted names: whether the closing delimiter was written. */
  terminated: boolean;
}

/** The tokens of `text` from `start` (a line start: strings, regexes and comments end with their line) to `end`. */
export function scan(text: string, end = text.length, start = 0): Token[] {
  const tokens: Token[] = [];
  let i = start;
  let previousWord: string | undefined;
  const push = (kind: TokenKind, start: number, stop: number, terminated = true) => {
    tokens.push({ kind, span: { start, end: stop }, text: text.slice(start, stop), terminated });
    if (kind !== 'comment') previousWord = kind === 'word' ? text.slice(start, stop) : undefined;
  };
  while (i < end) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\uFEFF') {
      i++;
      continue;
    }
    const start = i;
    if (c === '#') {
      while (i < end && text[i] !== '\n' && text[i] !== '\r') i++;
      push('comment', start, i);
      continue;
    }
    if (c === '"') {
      i++;
      let terminated = false;
      while (i < end && text[i] !== '\n' && text[i] !== '\r') {
        if (text[i] === '\\') i += 2;
        else if (text[i] === '"') {
          i++;
          terminated = true;
          break;
        } else i++;
      }
      push('string', start, Math.min(i, end), terminated);
      continue;
    }
    if (c === '`') {
      i++;
      let terminated = false;
      while (i < end && text[i] !== '\n' && text[i] !== '\r') {
        if (text[i++] === '`') {
          terminated = true;
          break;
        }
      }
      push('quoted', start, i, terminated);
      continue;
    }
    if (c === '/' && previousWord === 'matches') {
      i++;
      let terminated = false;
      let inClass = false;
      while (i < end && text[i] !== '\n' && text[i] !== '\r') {
        const d = text[i]!;
        if (d === '\\') i += 2;
        else {
          i++;
          if (d === '[') inClass = true;
          else if (d === ']') inClass = false;
          else if (d === '/' && !inClass) {
            terminated = true;
            break;
          }
        }
      }
      if (terminated && text[i] === 'i') i++;
      push('regex', start, Math.min(i, end), terminated);
      continue;
    }
    if (c === '!' && text[i + 1] === '=') {
      i += 2;
      push('punctuation', start, i);
      continue;
    }
    if ('=[](){},:.'.includes(c)) {
      i++;
      push('punctuation', start, i);
      continue;
    }
    const codePoint = text.codePointAt(i)!;
    const character = String.fromCodePoint(codePoint);
    if (isIdentifierStart(character)) {
      i += character.length;
      while (i < end) {
        const next = String.fromCodePoint(text.codePointAt(i)!);
        if (!isIdentifierPart(next)) break;
        i += next.length;
      }
      push('word', start, i);
      continue;
    }
    i += character.length;
    push('unknown', start, i);
  }
  return tokens;
}
