// The one `CASE … END` of a SQL file, parsed into the few constructs SPEC §8 imports.
// A hand-written reader rather than node-sql-parser: its trees carry no positions for
// expressions (refusals must say `line:column`), it decodes string literals with one
// dialect's rules for all, and it cannot parse Jinja; docs/import-export.md says more.

import type { DialectName } from '../../sql/dialect';
import { tokenize, TokenError, type Token } from './sql-tokens';

export class SqlRefusal extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export type Value =
  | { kind: 'column'; field: string; offset: number }
  | { kind: 'string'; value: string; offset: number }
  | { kind: 'null'; offset: number }
  | { kind: 'call'; name: string; args: Value[]; offset: number; end: number };

export type Predicate =
  | { kind: 'and' | 'or'; items: Predicate[]; offset: number }
  | { kind: 'not'; item: Predicate; offset: number }
  | { kind: 'bool'; value: boolean | null; offset: number }
  | { kind: 'compare'; operator: '=' | '<>'; left: Value; right: Value; offset: number }
  | { kind: 'in'; value: Value; list: Value[]; negated: boolean; offset: number }
  | { kind: 'like'; value: Value; pattern: Value; escape: Value | undefined; negated: boolean; ignoreCase: boolean; offset: number }
  | { kind: 'isNull'; value: Value; negated: boolean; offset: number }
  | { kind: 'regex'; function: string; value: Value; pattern: Value; flags: Value | undefined; negated: boolean; offset: number };

export interface WhenClause {
  condition: Predicate;
  /** The channel, or null for THEN NULL. */
  channel: string | null;
  offset: number;
}

export interface CaseExpression {
  whens: WhenClause[];
  otherwise: string | null;
  offset: number;
}

const KEYWORDS = new Set(['case', 'when', 'then', 'else', 'end', 'and', 'or', 'not', 'in', 'like', 'ilike', 'rlike', 'regexp', 'is', 'null', 'true', 'false', 'escape', 'between', 'similar', 'select', 'from', 'as', 'any', 'all', 'some', 'exists']);

export function parseCase(text: string, dialect: DialectName): CaseExpression {
  let tokens: Token[];
  try {
    tokens = tokenize(text, dialect);
  } catch (error) {
    if (error instanceof TokenError) throw new SqlRefusal(`cannot read ${error.message}`, error.offset);
    throw error;
  }
  const starts = tokens.filter((token) => isWord(token, 'case'));
  if (starts.length === 0) throw new SqlRefusal('no CASE expression found', 0);
  const caseStart = tokens.indexOf(starts[0]!);
  const parser = new CaseParser(tokens, caseStart);
  const expression = parser.parseCase();
  refuseJinjaInLiterals(text, tokens.slice(caseStart, parser.position));
  const after = tokens.slice(parser.position).find((token) => isWord(token, 'case'));
  if (after !== undefined) throw new SqlRefusal('a second CASE expression (import reads one CASE per file)', after.offset);
  return expression;
}

// dbt renders Jinja before the warehouse reads the SQL, inside string literals and quoted
// names too: `'{{ var("brand") }}'` compares with the rendered text, never with the
// braces. What the rendering gives is not in the file, so such a literal in the CASE is
// refused at the Jinja's position (outside the CASE it changes nothing import reads).
function refuseJinjaInLiterals(text: string, caseTokens: Token[]): void {
  for (const token of caseTokens) {
    if (token.kind !== 'string' && token.kind !== 'quoted') continue;
    const jinja = /\{[{%#]/.exec(text.slice(token.offset, token.endOffset));
    if (jinja !== null) {
      const what = token.kind === 'string' ? 'a string literal' : 'a quoted name';
      throw new SqlRefusal(`the Jinja ${jinja[0]} inside ${what} (dbt renders it; import cannot know the rendered text)`, token.offset + jinja.index);
    }
  }
}

function isWord(token: Token, word: string): boolean {
  return token.kind === 'word' && token.value.toLowerCase() === word;
}

/** Nesting deeper than this is refused (a stack overflow is no answer). */
export const MAX_NESTING = 200;

class CaseParser {
  private depth = 0;

  private enter(offset: number): void {
    if (++this.depth > MAX_NESTING) throw new SqlRefusal(`nesting deeper than ${MAX_NESTING} levels`, offset);
  }

  constructor(
    private readonly tokens: Token[],
    public position: number,
  ) {}

  private get token(): Token {
    return this.tokens[this.position]!;
  }

  private next(): Token {
    return this.tokens[this.position++]!;
  }

  private atWord(...words: string[]): boolean {
    return words.some((word) => isWord(this.token, word));
  }

  private atSymbol(...symbols: string[]): boolean {
    return this.token.kind === 'symbol' && symbols.includes(this.token.value);
  }

  private expectWord(word: string): Token {
    if (!this.atWord(word)) this.unexpected(word.toUpperCase());
    return this.next();
  }

  private expectSymbol(symbol: string): Token {
    if (!this.atSymbol(symbol)) this.unexpected(`"${symbol}"`);
    return this.next();
  }

  private unexpected(expected: string): never {
    const token = this.token;
    const found = token.kind === 'end' ? 'the end of the file' : token.kind === 'string' ? 'a string' : `"${token.kind === 'jinja' ? `{{ ${token.value} }}` : token.value}"`;
    throw new SqlRefusal(`expected ${expected}, found ${found}`, token.offset);
  }

  parseCase(): CaseExpression {
    const start = this.expectWord('case');
    let subject: Value | undefined;
    if (!this.atWord('when')) subject = this.value();
    const whens: WhenClause[] = [];
    while (this.atWord('when')) {
      const when = this.next();
      let condition: Predicate;
      if (subject === undefined) condition = this.predicate();
      else {
        const compared = this.value();
        condition = { kind: 'compare', operator: '=', left: subject, right: compared, offset: compared.offset };
      }
      this.expectWord('then');
      whens.push({ condition, channel: this.channel(), offset: when.offset });
    }
    if (whens.length === 0) this.unexpected('WHEN');
    let otherwise: string | null = null;
    if (this.atWord('else')) {
      this.next();
      otherwise = this.channel();
    }
    this.expectWord('end');
    return { whens, otherwise, offset: start.offset };
  }

  private channel(): string | null {
    const token = this.token;
    if (token.kind === 'string') {
      this.next();
      return token.value;
    }
    if (isWord(token, 'null')) {
      this.next();
      return null;
    }
    if (isWord(token, 'case')) throw new SqlRefusal('a nested CASE as the channel', token.offset);
    throw new SqlRefusal('a channel that is not a string literal (import needs the channel names written in the CASE)', token.offset);
  }

  predicate(): Predicate {
    const offset = this.token.offset;
    const items = [this.conjunction()];
    while (this.atWord('or')) {
      this.next();
      items.push(this.conjunction());
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items, offset };
  }

  private conjunction(): Predicate {
    const offset = this.token.offset;
    const items = [this.negation()];
    while (this.atWord('and')) {
      this.next();
      items.push(this.negation());
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items, offset };
  }

  private negation(): Predicate {
    this.enter(this.token.offset);
    try {
      if (this.atWord('not')) {
        const not = this.next();
        return { kind: 'not', item: this.negation(), offset: not.offset };
      }
      return this.comparison();
    } finally {
      this.depth--;
    }
  }

  private comparison(): Predicate {
    const offset = this.token.offset;
    // A parenthesized predicate, or a parenthesized value compared below.
    if (this.atSymbol('(')) {
      const open = this.position;
      this.next();
      if (this.atWord('select')) throw new SqlRefusal('a subquery', this.token.offset);
      const inner = this.predicate();
      this.expectSymbol(')');
      if (!this.atComparisonOperator()) return inner;
      this.position = open;
    }
    if (this.atWord('true', 'false')) return { kind: 'bool', value: this.next().value.toLowerCase() === 'true', offset };
    if (this.atWord('null') && !this.atComparisonOperatorAfterNull()) {
      this.next();
      return { kind: 'bool', value: null, offset };
    }
    if (this.atWord('exists')) throw new SqlRefusal('EXISTS (a subquery)', offset);
    const left = this.value();
    // Named before the rest of the comparison is read: `udf.f(x) = ('a', 'b')` is a function first.
    if (left.kind === 'call' && !REGEX_FUNCTIONS.has(left.name) && !VALUE_FUNCTIONS.has(left.name)) throw new SqlRefusal(`the function ${left.name.toUpperCase()}`, left.offset);
    if (left.kind === 'call' && REGEX_FUNCTIONS.has(left.name)) {
      if (left.args.length < 2 || left.args.length > 3) throw new SqlRefusal(`${left.name.toUpperCase()} with ${left.args.length} arguments`, left.offset);
      // `REGEXP_CONTAINS(x, r) = true`: a truth value compared, which the CASE's WHEN would read below as its end.
      if (this.atComparisonOperator()) {
        throw new SqlRefusal(`${left.name.toUpperCase()}(…) ${this.token.value.toUpperCase()} …: a condition compared with a value (write the condition alone, or NOT it)`, this.token.offset);
      }
      return { kind: 'regex', function: left.name, value: left.args[0]!, pattern: left.args[1]!, flags: left.args[2], negated: false, offset };
    }
    const operatorToken = this.token;
    if (this.atWord('is')) {
      this.next();
      const negated = this.atWord('not') ? (this.next(), true) : false;
      if (!this.atWord('null')) throw new SqlRefusal(`IS ${negated ? 'NOT ' : ''}${this.token.value.toUpperCase()} (only IS [NOT] NULL is imported)`, this.token.offset);
      this.next();
      return { kind: 'isNull', value: left, negated, offset };
    }
    let negated = false;
    if (this.atWord('not')) {
      this.next();
      negated = true;
      if (!this.atWord('in', 'like', 'ilike', 'rlike', 'regexp')) this.unexpected('IN, LIKE, ILIKE, RLIKE or REGEXP after NOT');
    }
    if (this.atWord('in')) {
      this.next();
      this.expectSymbol('(');
      if (this.atWord('select')) throw new SqlRefusal('IN (a subquery)', this.token.offset);
      const list = [this.value()];
      while (this.atSymbol(',')) {
        this.next();
        list.push(this.value());
      }
      this.expectSymbol(')');
      return { kind: 'in', value: left, list, negated, offset };
    }
    if (this.atWord('like', 'ilike')) {
      const ignoreCase = this.next().value.toLowerCase() === 'ilike';
      if (this.atWord('any', 'all', 'some')) throw new SqlRefusal(`LIKE ${this.token.value.toUpperCase()}`, this.token.offset);
      const pattern = this.value();
      let escape: Value | undefined;
      if (this.atWord('escape')) {
        this.next();
        escape = this.value();
      }
      return { kind: 'like', value: left, pattern, escape, negated, ignoreCase, offset };
    }
    if (this.atWord('rlike', 'regexp')) {
      const name = this.next().value.toLowerCase();
      return { kind: 'regex', function: `${name} operator`, value: left, pattern: this.value(), flags: undefined, negated, offset };
    }
    if (this.atSymbol('=', '==', '<>', '!=')) {
      const symbol = this.next().value;
      return { kind: 'compare', operator: symbol === '=' || symbol === '==' ? '=' : '<>', left, right: this.value(), offset };
    }
    if (this.atSymbol('~', '~*', '!~', '!~*')) {
      const symbol = this.next().value;
      return { kind: 'regex', function: symbol.replace('!', ''), value: left, pattern: this.value(), flags: undefined, negated: symbol.startsWith('!'), offset };
    }
    if (this.atWord('between', 'similar') || this.atSymbol('<', '>', '<=', '>=')) {
      throw new SqlRefusal(`the operator ${operatorToken.value.toUpperCase()}`, operatorToken.offset);
    }
    if (left.kind === 'column') throw new SqlRefusal('a column used as a condition by itself', left.offset);
    this.unexpected('a comparison');
  }

  private atComparisonOperatorAfterNull(): boolean {
    this.position++;
    const at = this.atComparisonOperator();
    this.position--;
    return at;
  }

  private atComparisonOperator(): boolean {
    return this.atWord('is', 'in', 'not', 'like', 'ilike', 'rlike', 'regexp', 'between', 'similar') || this.atSymbol('=', '==', '<>', '!=', '~', '~*', '!~', '!~*', '<', '>', '<=', '>=', '||');
  }

  value(): Value {
    this.enter(this.token.offset);
    try {
      return this.valueInside();
    } finally {
      this.depth--;
    }
  }

  private valueInside(): Value {
    const token = this.token;
    let value: Value;
    if (token.kind === 'string') {
      this.next();
      value = { kind: 'string', value: token.value, offset: token.offset };
    } else if (isWord(token, 'null')) {
      this.next();
      value = { kind: 'null', offset: token.offset };
    } else if (token.kind === 'jinja') {
      this.next();
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(token.value)) throw new SqlRefusal(`the Jinja expression {{ ${token.value} }} (only {{ name }} is a field)`, token.offset);
      value = { kind: 'column', field: token.value, offset: token.offset };
    } else if (token.kind === 'number') {
      throw new SqlRefusal(`the number ${token.value} (import compares strings only)`, token.offset);
    } else if (this.atSymbol('(')) {
      this.next();
      value = this.value();
      this.expectSymbol(')');
    } else if (token.kind === 'quoted' || (token.kind === 'word' && !KEYWORDS.has(token.value.toLowerCase())) || this.atKeywordCall()) {
      value = this.nameOrCall();
    } else if (isWord(token, 'case')) {
      throw new SqlRefusal('a nested CASE', token.offset);
    } else this.unexpected('a column, a string or NULL');
    if (this.atSymbol('::')) throw new SqlRefusal('a cast', this.token.offset);
    if (this.atSymbol('||')) throw new SqlRefusal('string concatenation', this.token.offset);
    return value;
  }

  /**
   * `RLIKE(x, r)`, `REGEXP(x, r)`: keywords as operators (`x RLIKE r`), but also function
   * names (Snowflake's RLIKE, Spark SQL's rlike and regexp). Where a value starts, the
   * keyword cannot be the operator, so followed by "(" it is a call.
   */
  private atKeywordCall(): boolean {
    return this.atWord(...KEYWORD_FUNCTIONS) && this.tokens[this.position + 1]?.kind === 'symbol' && this.tokens[this.position + 1]!.value === '(';
  }

  private nameOrCall(): Value {
    const first = this.next();
    let name = first.value;
    let last = first;
    while (this.atSymbol('.')) {
      this.next();
      const part = this.token;
      if (part.kind !== 'word' && part.kind !== 'quoted') this.unexpected('a name after "."');
      this.next();
      name += `.${part.value}`;
      last = part;
    }
    // A call, of a function of the dialect or one qualified by its dataset (`vpn.channel_group(…)`, BigQuery's `SAFE.`).
    if (last.kind === 'word' && this.atSymbol('(')) {
      this.next();
      const args: Value[] = [];
      if (!this.atSymbol(')')) {
        args.push(this.value());
        while (this.atSymbol(',')) {
          this.next();
          args.push(this.value());
        }
      }
      const close = this.expectSymbol(')');
      return { kind: 'call', name: name.toLowerCase(), args, offset: first.offset, end: close.endOffset };
    }
    return { kind: 'column', field: last.value, offset: first.offset };
  }
}

/** Keywords that are also the names of functions. */
const KEYWORD_FUNCTIONS = ['rlike', 'regexp'];

/** The functions of a compared value that import translates (../import-sql's operands). */
const VALUE_FUNCTIONS = new Set(['lower', 'upper', 'lcase', 'ucase', 'coalesce']);

/** Every function name the parser reads as a regex test (the dialect decides what each means). */
export const REGEX_FUNCTIONS = new Set(['regexp_contains', 'regexp_like', 'regexp_matches', 'regexp_full_match', 'rlike', 'regexp']);
