// The regexes of SQL dialects read with their own meaning and turned into a RegexNode
// (engine/sql/regex-tree), which ../js-regex prints as a language regex:
//   re2        BigQuery REGEXP_CONTAINS, DuckDB regexp_matches / regexp_full_match / ~
//   java       Spark SQL RLIKE / REGEXP / regexp_like (java.util.regex)
//   are        PostgreSQL ~ ~* regexp_like (Advanced Regular Expressions)
//   ere        Snowflake REGEXP_LIKE / RLIKE (POSIX ERE with Perl classes)
// Each flavor's `.`, `\s`, `\w`, `\d`, `$` and escapes get the flavor's meaning;
// whatever is not certain (locale classes, word boundaries whose word characters
// differ, `$` before a final newline in Java, backreferences, lookaround, inline
// flags but a leading `(?i)`, POSIX bracket classes) is refused with its offset.

import { complement, normalize, singleton, union, type CodePointSet } from '../../sql/code-point-set';
import { alt, EMPTY, seq, type RegexNode } from '../../sql/regex-tree';
import { ASCII_WORD } from '../js-regex';
import { CaseRefusal, regexCaseClosure, type CaseModel } from '../case-mapping';

export type RegexFlavor = 're2' | 'java' | 'are' | 'ere';

export const FLAVOR_TITLE: Record<RegexFlavor, string> = {
  re2: 'RE2',
  java: 'Java regex',
  are: 'PostgreSQL regex',
  ere: 'Snowflake regex',
};

export class RegexRefusal extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const set = (ranges: { min: number; max: number }[]): CodePointSet => normalize(ranges);
const DIGIT = set([{ min: 0x30, max: 0x39 }]);
const RE2_SPACE = set([{ min: 9, max: 10 }, { min: 12, max: 13 }, { min: 32, max: 32 }]);
const JAVA_SPACE = set([{ min: 9, max: 13 }, { min: 32, max: 32 }]);
const ANY = complement([]);
const LINE_TERMINATORS_JAVA = set([{ min: 10, max: 10 }, { min: 13, max: 13 }, { min: 0x85, max: 0x85 }, { min: 0x2028, max: 0x2029 }]);

function dotSet(flavor: RegexFlavor): CodePointSet {
  switch (flavor) {
    case 're2':
    case 'ere':
      return complement(singleton(10));
    case 'java':
      return complement(LINE_TERMINATORS_JAVA);
    case 'are':
      return ANY;
  }
}

export interface DialectRegexOptions {
  flavor: RegexFlavor;
  ignoreCase: boolean;
  caseModel: CaseModel;
  /** The rules will match ignoring case (GA4's regexes in a `case insensitive` file): refuse what folding changes. */
  targetIgnoresCase?: boolean;
}

/** Parses `pattern`; the node matches where the flavor finds the pattern (unanchored search). */
export function parseDialectRegex(pattern: string, options: DialectRegexOptions): RegexNode {
  return new Parser(pattern, options).parse();
}

class Parser {
  private i = 0;
  private groups = 0;
  private ignoreCase: boolean;
  constructor(
    private readonly text: string,
    private readonly options: DialectRegexOptions,
  ) {
    this.ignoreCase = options.ignoreCase;
  }

  private refuse(message: string, offset = this.i): never {
    throw new RegexRefusal(message, offset);
  }

  parse(): RegexNode {
    if ((this.options.flavor === 're2' || this.options.flavor === 'java') && this.text.startsWith('(?i)')) {
      this.ignoreCase = true;
      this.i = 4;
    }
    const node = this.alternation();
    if (this.i < this.text.length) this.refuse(`unbalanced ")"`);
    return node;
  }

  private peek(): string | undefined {
    return this.text[this.i];
  }

  private alternation(): RegexNode {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.i++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0]! : alt(options);
  }

  private sequence(): RegexNode {
    const items: RegexNode[] = [];
    while (this.i < this.text.length && this.peek() !== '|' && this.peek() !== ')') {
      const start = this.i;
      const atom = this.atom();
      items.push(this.quantified(atom, start));
    }
    return items.length === 0 ? EMPTY : seq(items);
  }

  private quantified(atom: RegexNode, start: number): RegexNode {
    let node = atom;
    let quantifiers = 0;
    for (;;) {
      const c = this.peek();
      let min: number;
      let max: number;
      if (c === '*') [min, max] = [0, Infinity];
      else if (c === '+') [min, max] = [1, Infinity];
      else if (c === '?') [min, max] = [0, 1];
      else if (c === '{') {
        const match = /^\{(\d+)(,(\d*))?\}/.exec(this.text.slice(this.i));
        if (match === null) {
          if (this.options.flavor === 're2') return node; // RE2 reads a `{` that starts no repeat as itself
          this.refuse('a "{" that starts no repetition');
        }
        min = Number(match[1]);
        max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]);
        if (min > 1000 || (max !== Infinity && max > 1000)) this.refuse('repetition counts above 1000');
        if (max < min) this.refuse('a repetition whose maximum is below its minimum');
        this.i += match[0].length - 1;
      } else return node;
      if (atom.kind === 'start' || atom.kind === 'end' || atom.kind === 'wordBoundary') this.refuse('a repeated anchor', start);
      if (quantifiers > 0) this.refuse('a repetition of a repetition');
      this.i++;
      if (this.peek() === '?') {
        if (this.options.flavor === 'ere') this.refuse('lazy quantifiers');
        this.i++; // lazy: the same strings match
      } else if (this.peek() === '+' && this.options.flavor === 'java') this.refuse('possessive quantifiers (they can reject strings the plain form matches)');
      node = max === 0 ? EMPTY : min === 1 && max === 1 ? node : { kind: 'repeat', item: node, min, max };
      quantifiers++;
    }
  }

  private literal(codePoint: number): RegexNode {
    return this.setNode(singleton(codePoint));
  }

  private setNode(positive: CodePointSet, negate = false): RegexNode {
    let codePoints = positive;
    if (this.ignoreCase) {
      try {
        codePoints = regexCaseClosure(positive, this.options.caseModel);
      } catch (error) {
        if (error instanceof CaseRefusal) this.refuse(error.message);
        throw error;
      }
    }
    if (negate) codePoints = complement(codePoints);
    return codePoints.length === 0 ? { kind: 'never' } : { kind: 'set', set: codePoints };
  }

  private atom(): RegexNode {
    const start = this.i;
    const c = this.text.codePointAt(this.i)!;
    const char = String.fromCodePoint(c);
    switch (char) {
      case '(': {
        if (++this.groups > 200) this.refuse('groups nested deeper than 200 levels', start);
        this.i++;
        if (this.peek() === '?') {
          if (this.text.startsWith('?:', this.i) && this.options.flavor !== 'ere') this.i += 2;
          else this.refuse('group flags, lookaround and named groups', start);
        }
        const inner = this.alternation();
        if (this.peek() !== ')') this.refuse('an unclosed "("', start);
        this.i++;
        this.groups--;
        return inner;
      }
      case '[':
        return this.bracket();
      case '.':
        this.i++;
        return { kind: 'set', set: dotSet(this.options.flavor) };
      case '^':
        this.i++;
        return { kind: 'start' };
      case '$':
        this.i++;
        if (this.options.flavor === 'java') {
          if (this.i < this.text.length) this.refuse('"$" before more of the pattern (Java\'s "$" also matches before a final line terminator)', start);
          // Java's `$` also matches before a final line terminator: consume one, then the end.
          const terminator = alt([seq([this.literal(13), this.literal(10)]), { kind: 'set', set: LINE_TERMINATORS_JAVA }, EMPTY]);
          return seq([terminator, { kind: 'end' }]);
        }
        return { kind: 'end' };
      case '\\':
        return this.escape(false) as RegexNode;
      case '*':
      case '+':
      case '?':
        this.refuse(`a "${char}" with nothing to repeat`);
      // falls through (refuse throws)
      case '{':
        if (this.options.flavor === 're2') {
          this.i++;
          return this.literal(c);
        }
        this.refuse('a "{" that starts no repetition');
      // falls through
      case ']':
      case '}':
        if (this.options.flavor === 'java' && char === ']') this.refuse('an unescaped "]"');
        this.i++;
        return this.literal(c);
      default:
        this.i += char.length;
        return this.literal(c);
    }
  }

  /** An escape; in a bracket it returns a set (or a code point), outside a node. */
  private escape(inBracket: boolean): RegexNode | CodePointSet {
    const start = this.i;
    this.i++;
    const next = this.text.codePointAt(this.i);
    if (next === undefined) this.refuse('a trailing backslash', start);
    const char = String.fromCodePoint(next);
    this.i += char.length;
    const flavor = this.options.flavor;
    const classSet = (positive: CodePointSet, negate: boolean): RegexNode | CodePointSet => {
      if ((this.ignoreCase || this.options.targetIgnoresCase) && (char === 'w' || char === 'W')) this.refuse(`\\${char} matching case-insensitively`, start);
      if (inBracket) return negate ? complement(positive) : positive;
      return { kind: 'set', set: negate ? complement(positive) : positive };
    };
    switch (char) {
      case 'd':
      case 'D':
        if (flavor === 'are') this.refuse(`\\${char} (its digits depend on the database's locale)`, start);
        return classSet(DIGIT, char === 'D');
      case 'w':
      case 'W':
        if (flavor === 'are') this.refuse(`\\${char} (its word characters depend on the database's locale)`, start);
        return classSet(ASCII_WORD, char === 'W');
      case 's':
      case 'S':
        if (flavor === 'are' || flavor === 'ere') this.refuse(`\\${char} (its space characters are not documented exactly)`, start);
        return classSet(flavor === 'java' ? JAVA_SPACE : RE2_SPACE, char === 'S');
      case 'b':
      case 'B':
        if (inBracket || flavor !== 're2' || this.ignoreCase || this.options.targetIgnoresCase) this.refuse(`\\${char} (a word boundary whose word characters differ from the language's)`, start);
        // RE2 reads UTF-8 bytes: its \B also holds between two bytes of one character outside ASCII.
        if (char === 'B') this.refuse('\\B (RE2 also matches it between the bytes of a character outside ASCII, the language never does)', start);
        return { kind: 'wordBoundary', negate: false, word: ASCII_WORD };
      case 'A':
        if (inBracket || flavor === 'ere') break;
        return { kind: 'start' };
      case 'z':
        if (inBracket || flavor !== 're2') break;
        return { kind: 'end' };
      case 'Z':
        if (inBracket || flavor !== 'are') break;
        return { kind: 'end' };
      case 'n':
        return this.escaped(10, inBracket);
      case 't':
        return this.escaped(9, inBracket);
      case 'r':
        return this.escaped(13, inBracket);
      case 'f':
        return this.escaped(12, inBracket);
      case 'v':
        if (flavor === 'java') break;
        return this.escaped(11, inBracket);
      case 'x': {
        const braced = /^\{([0-9A-Fa-f]{1,6})\}/.exec(this.text.slice(this.i));
        if (braced !== null && (flavor === 're2' || flavor === 'java')) {
          this.i += braced[0].length;
          return this.escaped(parseInt(braced[1]!, 16), inBracket);
        }
        if (flavor === 'are') {
          // PostgreSQL's lexer reads every hex digit that follows (up to 255, at least one)
          // into 32 bits, dropping what overflows: '\x41b' is U+041B, '\x100000041' is "A".
          const digits = /^[0-9A-Fa-f]{1,255}/.exec(this.text.slice(this.i));
          if (digits === null) break;
          const significant = digits[0].replace(/^0+/, '');
          if (significant.length > 8) this.refuse('\\x with more than 32 bits of hex digits (PostgreSQL drops the overflow)', start);
          this.i += digits[0].length;
          return this.escaped(parseInt(significant || '0', 16), inBracket);
        }
        const plain = /^[0-9A-Fa-f]{2}/.exec(this.text.slice(this.i));
        if (plain !== null && flavor !== 'ere') {
          this.i += 2;
          return this.escaped(parseInt(plain[0], 16), inBracket);
        }
        break;
      }
      case 'u': {
        const hex = /^[0-9A-Fa-f]{4}/.exec(this.text.slice(this.i));
        if (hex !== null && (flavor === 'java' || flavor === 'are')) {
          this.i += 4;
          return this.escaped(parseInt(hex[0], 16), inBracket);
        }
        break;
      }
      default:
        if (next < 0x80 && !/[0-9A-Za-z]/.test(char)) return this.escaped(next, inBracket);
    }
    this.refuse(`the escape \\${char} in ${FLAVOR_TITLE[flavor]}`, start);
  }

  private escaped(codePoint: number, inBracket: boolean): RegexNode | CodePointSet {
    if (codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) this.refuse('an escape of no character');
    return inBracket ? singleton(codePoint) : this.literal(codePoint);
  }

  private bracket(): RegexNode {
    const start = this.i;
    this.i++;
    let negate = false;
    if (this.peek() === '^') {
      negate = true;
      this.i++;
    }
    let positive: CodePointSet = [];
    let first = true;
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.refuse('an unclosed "["', start);
      if (c === ']' && !first) {
        this.i++;
        break;
      }
      if (c === ']' && first && this.options.flavor === 'java') this.refuse('"]" first in a class', this.i);
      if (c === '[') {
        const next = this.text[this.i + 1];
        if (next === ':' || next === '.' || next === '=') this.refuse(`POSIX bracket expressions like "[${next}…${next}]"`, this.i);
        if (this.options.flavor === 'java') this.refuse('nested classes', this.i);
      }
      if (c === '&' && this.text[this.i + 1] === '&' && this.options.flavor === 'java') this.refuse('class intersections', this.i);
      first = false;
      const low = this.bracketAtom();
      if (this.peek() === '-' && this.text[this.i + 1] !== ']' && this.text[this.i + 1] !== undefined) {
        const dash = this.i;
        this.i++;
        const high = this.bracketAtom();
        if (typeof low !== 'number' || typeof high !== 'number') this.refuse('a range with a class at one end', dash);
        if (high < low) this.refuse('a range out of order', dash);
        positive = union(positive, [{ min: low, max: high }]);
      } else positive = union(positive, typeof low === 'number' ? singleton(low) : low);
    }
    return this.setNode(positive, negate);
  }

  /** A code point, or a set for an escape class. */
  private bracketAtom(): number | CodePointSet {
    if (this.peek() === '\\') {
      const escaped = this.escape(true) as CodePointSet;
      if (escaped.length === 1 && escaped[0]!.min === escaped[0]!.max) return escaped[0]!.min;
      return escaped;
    }
    const c = this.text.codePointAt(this.i)!;
    this.i += String.fromCodePoint(c).length;
    return c;
  }
}

/** The node for a search: found anywhere (`partial`) or matching the whole value. */
export function anchored(node: RegexNode, whole: boolean): RegexNode {
  return whole ? seq([{ kind: 'start' }, node, { kind: 'end' }]) : node;
}

export { union };
