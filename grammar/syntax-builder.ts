// chevrotain's concrete syntax tree → our syntax tree (syntax-tree.ts).
//
// A CST node left by recovery may lack any child, and a token "inserted" by recovery
// has no position: such pieces become absent children, never invented ones. Spans are
// computed from the real tokens of each node, so they are exact.

import type { CstElement, CstNode, IToken } from 'chevrotain';
import { readQuotedName, readRegexLiteral, readStringLiteral, type StringLiteralReading } from './literals';
import type {
  CaseModifier,
  ChannelBlock,
  Condition,
  ConditionOperator,
  Expectation,
  ExpectationPair,
  Expression,
  FieldNamePart,
  FieldReference,
  Identifier,
  ListDeclaration,
  ListLiteral,
  NullLiteral,
  Otherwise,
  RegexLiteral,
  SourceFile,
  Span,
  Statement,
  StringLiteral,
  UnclassifiedKeyword,
  WhenClause,
} from './syntax-tree';

/** A mistake found while building (as opposed to one chevrotain reported). */
export interface BuildProblem {
  message: string;
  span: Span;
  /** Dropped when another error starts inside this span (it is then a consequence of that one). */
  unlessErrorIn?: Span;
}

export function isRealToken(token: IToken | undefined): token is IToken {
  return token !== undefined && !token.isInsertedInRecovery && !Number.isNaN(token.startOffset);
}

export function tokenSpan(token: IToken): Span {
  return { start: token.startOffset, end: token.startOffset + token.image.length };
}

function isToken(element: CstElement): element is IToken {
  return (element as IToken).tokenType !== undefined;
}

/**
 * The extent of a CST node's real tokens, or undefined when it has none. chevrotain
 * tracks it (`nodeLocationTracking: 'onlyOffset'`), skipping tokens inserted by recovery.
 */
function nodeSpan(node: CstNode | undefined): Span | undefined {
  const location = node?.location;
  if (!location || Number.isNaN(location.startOffset)) return undefined;
  return { start: location.startOffset, end: location.endOffset! + 1 };
}

export function joinSpans(first: Span, last: Span): Span {
  return { start: first.start, end: last.end };
}

/** The real tokens under `key` of a node, in source order. */
function tokens(node: CstNode, key: string): IToken[] {
  const list = node.children[key] as IToken[] | undefined;
  return list ? list.filter(isRealToken) : [];
}

function token(node: CstNode, key: string): IToken | undefined {
  const list = node.children[key] as IToken[] | undefined;
  if (list) for (const t of list) if (isRealToken(t)) return t;
  return undefined;
}

function nodes(node: CstNode, key: string): CstNode[] {
  return (node.children[key] as CstNode[] | undefined) ?? [];
}

function child(node: CstNode, key: string): CstNode | undefined {
  return nodes(node, key)[0];
}

/** The parser's top-level rules, in the order file() takes their statements (and so their problems). */
const STATEMENT_RULES = ['caseInsensitive', 'listDeclaration', 'channelBlock', 'expectation', 'otherwise', 'whenClause'] as const;

type FileItem =
  | { kind: 'case'; node: CstNode; span: Span }
  | { kind: 'statement'; statement: Statement; span: Span }
  | { kind: 'stray-when'; clause: WhenClause; span: Span };

/** One top-level statement, built as the parser finished it, with the problems its building found. */
interface BuiltStatement {
  item: FileItem | undefined;
  problems: BuildProblem[];
}

export class SyntaxBuilder {
  readonly problems: BuildProblem[] = [];
  /** By rule name: the statements handed over by statement(), in source order. */
  private readonly built = new Map<string, BuiltStatement[]>();

  constructor(private readonly text: string) {}

  /**
   * Builds one top-level statement from its CST, as the parser finishes it
   * (ChannelsParser.statementSink), so that the CST need not outlive it.
   */
  statement(ruleName: string, cst: CstNode): void {
    const from = this.problems.length;
    const item = this.fileItem(ruleName, cst);
    let list = this.built.get(ruleName);
    if (list === undefined) this.built.set(ruleName, (list = []));
    list.push({ item, problems: this.problems.splice(from) });
  }

  private fileItem(ruleName: string, cst: CstNode): FileItem | undefined {
    const statement = (built: Statement | undefined): FileItem | undefined => built && { kind: 'statement', statement: built, span: built.span };
    switch (ruleName) {
      case 'caseInsensitive': {
        const span = nodeSpan(cst);
        return span && { kind: 'case', node: cst, span };
      }
      case 'listDeclaration':
        return statement(this.listDeclaration(cst));
      case 'channelBlock':
        return statement(this.channelBlock(cst));
      case 'expectation':
        return statement(this.expectation(cst));
      case 'otherwise':
        return statement(this.otherwise(cst));
      case 'whenClause': {
        const clause = this.whenClause(cst);
        return clause && { kind: 'stray-when', clause, span: clause.span };
      }
      default:
        return undefined;
    }
  }

  /**
   * The file: the statements handed over by statement() and any still in the file's CST;
   * none when the parser gave no CST at all.
   */
  file(cst: CstNode | undefined): SourceFile {
    const file: SourceFile = { kind: 'file', statements: [], span: { start: 0, end: this.text.length } };
    if (!cst) return file;

    for (const ruleName of STATEMENT_RULES) for (const node of nodes(cst, ruleName)) this.statement(ruleName, node);
    const items: FileItem[] = [];
    for (const ruleName of STATEMENT_RULES) {
      for (const { item, problems } of this.built.get(ruleName) ?? []) {
        if (item) items.push(item);
        for (const problem of problems) this.problems.push(problem);
      }
    }
    items.sort((a, b) => a.span.start - b.span.start);

    items.forEach((item, index) => {
      switch (item.kind) {
        case 'case': {
          const complete = token(item.node, 'Insensitive') !== undefined;
          if (index === 0) {
            if (complete) file.caseInsensitive = item.span;
          } else if (complete) {
            this.problems.push({
              message: '`case insensitive` must come first in the file, before any list, channel, expect or otherwise',
              span: item.span,
            });
          }
          break;
        }
        case 'statement':
          file.statements.push(item.statement);
          break;
        case 'stray-when': {
          // Recovery skipped stray text after a channel's rules and resumed at this `when`:
          // it still belongs to that channel (the stray text has its own error).
          const previous = file.statements[file.statements.length - 1];
          if (previous?.kind === 'channel' && items[index - 1]?.kind !== 'case') {
            previous.rules.push(item.clause);
            previous.span = { start: previous.span.start, end: item.clause.span.end };
          } else {
            this.problems.push({
              message: 'a `when` rule must belong to a channel: write `channel "Name"` before it',
              span: item.clause.keyword,
              // Text that failed to parse just before (a misspelt `channel`?) is the real mistake.
              unlessErrorIn: { start: items[index - 1]?.span.end ?? 0, end: item.clause.span.start },
            });
          }
          break;
        }
      }
    });

    let firstOtherwise: Otherwise | undefined;
    file.statements.forEach((statement, index) => {
      if (statement.kind === 'channel' && statement.name && statement.rules.length === 0) {
        const next = file.statements[index + 1];
        this.problems.push({
          message: `channel ${statement.name.raw} has no rules: add a \`when\` condition after it`,
          span: joinSpans(statement.keyword, statement.name.span),
          // Text that failed to parse after the name is the real mistake; say only that.
          unlessErrorIn: { start: statement.span.end, end: next ? next.span.start : this.text.length },
        });
      }
      if (statement.kind === 'otherwise') {
        if (!firstOtherwise) firstOtherwise = statement;
        else {
          this.problems.push({
            message: 'a file has at most one `otherwise`: remove this one or the earlier one',
            span: statement.span,
          });
        }
      }
    });
    return file;
  }

  listDeclaration(cst: CstNode): ListDeclaration | undefined {
    const span = nodeSpan(cst);
    const keyword = token(cst, 'List');
    if (!span || !keyword) return undefined;
    const nameToken = token(cst, 'Identifier');
    const literal = child(cst, 'listLiteral');
    const list: ListDeclaration = {
      kind: 'list',
      keyword: tokenSpan(keyword),
      values: literal ? this.stringsOf(literal) : [],
      span,
    };
    if (nameToken) list.name = this.identifier(nameToken);
    if (literal && token(literal, 'LBracket')) list.valuesSpan = nodeSpan(literal);
    return list;
  }

  channelBlock(cst: CstNode): ChannelBlock | undefined {
    const span = nodeSpan(cst);
    const keyword = token(cst, 'Channel');
    if (!span || !keyword) return undefined;
    const nameToken = token(cst, 'StringLiteral');
    const rules: WhenClause[] = [];
    for (const n of nodes(cst, 'whenClause')) {
      const clause = this.whenClause(n);
      if (clause) rules.push(clause);
    }
    const channel: ChannelBlock = { kind: 'channel', keyword: tokenSpan(keyword), rules, span };
    if (nameToken) channel.name = this.string(nameToken);
    return channel;
  }

  whenClause(cst: CstNode): WhenClause | undefined {
    const span = nodeSpan(cst);
    const keyword = token(cst, 'When');
    if (!span || !keyword) return undefined;
    const clause: WhenClause = { kind: 'when', keyword: tokenSpan(keyword), span };
    const condition = this.orExpression(child(cst, 'orExpression'));
    if (condition) clause.condition = condition;
    return clause;
  }

  otherwise(cst: CstNode): Otherwise | undefined {
    const span = nodeSpan(cst);
    const keyword = token(cst, 'Otherwise');
    if (!span || !keyword) return undefined;
    const otherwise: Otherwise = { kind: 'otherwise', keyword: tokenSpan(keyword), span };
    const nameToken = token(cst, 'StringLiteral');
    if (nameToken) otherwise.name = this.string(nameToken);
    return otherwise;
  }

  expectation(cst: CstNode): Expectation | undefined {
    const span = nodeSpan(cst);
    const keyword = token(cst, 'Expect');
    if (!span || !keyword) return undefined;
    const expectation: Expectation = { kind: 'expect', keyword: tokenSpan(keyword), pairs: [], span };
    const channelName = token(cst, 'StringLiteral');
    const unclassified = token(cst, 'Unclassified');
    if (channelName) expectation.channel = this.string(channelName);
    else if (unclassified) expectation.channel = { kind: 'unclassified', span: tokenSpan(unclassified) } satisfies UnclassifiedKeyword;
    for (const n of nodes(cst, 'expectationPair')) {
      const pair = this.expectationPair(n);
      if (pair) expectation.pairs.push(pair);
    }
    return expectation;
  }

  expectationPair(cst: CstNode): ExpectationPair | undefined {
    const span = nodeSpan(cst);
    if (!span) return undefined;
    const pair: ExpectationPair = { kind: 'pair', span };
    const field = this.field(child(cst, 'field'));
    if (field) pair.field = field;
    const stringToken = token(cst, 'StringLiteral');
    const nullToken = token(cst, 'Null');
    if (stringToken) pair.value = this.string(stringToken);
    else if (nullToken) pair.value = { kind: 'null', span: tokenSpan(nullToken) } satisfies NullLiteral;
    return pair;
  }

  // ── expressions ────────────────────────────────────────────────────────────

  orExpression(cst: CstNode | undefined): Expression | undefined {
    if (!cst) return undefined;
    return this.flat('or', cst, nodes(cst, 'andExpression').map((n) => this.andExpression(n)));
  }

  andExpression(cst: CstNode): Expression | undefined {
    return this.flat('and', cst, nodes(cst, 'unaryExpression').map((n) => this.unaryExpression(n)));
  }

  /** `a and b and c` is one node with three operands; a single operand is not wrapped. */
  private flat(kind: 'and' | 'or', cst: CstNode, built: (Expression | undefined)[]): Expression | undefined {
    const operands = built.filter((e): e is Expression => e !== undefined);
    if (operands.length <= 1) return operands[0];
    const span = nodeSpan(cst)!;
    return { kind, operands, span };
  }

  unaryExpression(cst: CstNode | undefined): Expression | undefined {
    const span = nodeSpan(cst);
    if (!cst || !span) return undefined;
    const not = token(cst, 'Not');
    if (not) {
      const operand = this.unaryExpression(child(cst, 'unaryExpression'));
      return operand ? { kind: 'not', keyword: tokenSpan(not), operand, span } : { kind: 'not', keyword: tokenSpan(not), span };
    }
    const paren = child(cst, 'parenExpression');
    if (paren) {
      const parenSpan = nodeSpan(paren)!;
      const expression = this.orExpression(child(paren, 'orExpression'));
      return expression ? { kind: 'paren', expression, span: parenSpan } : { kind: 'paren', span: parenSpan };
    }
    const condition = child(cst, 'condition');
    return condition ? this.condition(condition) : undefined;
  }

  condition(cst: CstNode): Condition | undefined {
    const span = nodeSpan(cst);
    const field = this.field(child(cst, 'field'));
    if (!span || !field) return undefined;

    let operator: ConditionOperator | undefined;
    let negated = false;
    let operatorTokens: IToken[] = [];
    let operand: Condition['operand'];

    const equals = token(cst, 'Equals');
    const notEquals = token(cst, 'NotEquals');
    const is = token(cst, 'Is');
    const exists = token(cst, 'Exists');
    const comparison = child(cst, 'negatableComparison');
    if (equals || notEquals) {
      operator = 'equals';
      negated = notEquals !== undefined;
      operatorTokens = [(equals ?? notEquals)!];
      const value = token(cst, 'StringLiteral');
      if (value) operand = this.string(value);
    } else if (exists) {
      operator = 'exists';
      operatorTokens = [exists];
    } else if (is) {
      const not = token(cst, 'Not');
      const word = token(cst, 'Missing') ?? token(cst, 'Null') ?? token(cst, 'Empty') ?? token(cst, 'Set');
      operatorTokens = [is, not, word].filter(isRealToken);
      if (not) operator = 'isNotSet';
      else if (word) {
        const byWord: Record<string, ConditionOperator> = {
          Missing: 'isMissing', Null: 'isNull', Empty: 'isEmpty', Set: 'isSet',
        };
        operator = byWord[word.tokenType.name];
      }
    } else if (comparison) {
      const not = token(cst, 'Not');
      negated = not !== undefined;
      const words: [string, ConditionOperator][] = [
        ['In', 'in'], ['Contains', 'contains'], ['Starts', 'startsWith'], ['Ends', 'endsWith'], ['Matches', 'matches'],
      ];
      for (const [key, op] of words) {
        const word = token(comparison, key);
        if (!word) continue;
        operator = op;
        operatorTokens = [not, word, token(comparison, 'With')].filter(isRealToken);
      }
      const string = token(comparison, 'StringLiteral');
      const regex = token(comparison, 'RegexLiteral');
      const listName = token(comparison, 'Identifier');
      const literal = child(comparison, 'listLiteral');
      if (string) operand = this.string(string);
      else if (regex) operand = this.regex(regex);
      else if (listName) operand = this.identifier(listName);
      else if (literal && nodeSpan(literal)) operand = this.listLiteral(literal);
    }
    if (!operator || operatorTokens.length === 0) return undefined;

    const condition: Condition = {
      kind: 'condition',
      field,
      operator,
      negated,
      operatorSpan: joinSpans(tokenSpan(operatorTokens[0]), tokenSpan(operatorTokens[operatorTokens.length - 1])),
      span,
    };
    if (operand) condition.operand = operand;
    const modifiers = nodes(cst, 'caseModifier')
      .map((n) => this.caseModifier(n))
      .filter((m): m is CaseModifier => m !== undefined);
    if (exists || is) {
      for (const m of modifiers) {
        this.problems.push({
          message: `\`${m.mode} case\` does not apply to \`${this.text.slice(condition.operatorSpan.start, condition.operatorSpan.end)}\`, which compares no text: remove it`,
          span: m.span,
        });
      }
    } else if (modifiers.length > 0) {
      condition.caseModifier = modifiers[0];
      for (const m of modifiers.slice(1)) {
        this.problems.push({ message: `a condition takes one case modifier: remove \`${m.mode} case\``, span: m.span });
      }
    }
    return condition;
  }

  caseModifier(cst: CstNode | undefined): CaseModifier | undefined {
    const span = nodeSpan(cst);
    if (!cst || !span) return undefined;
    const ignoring = token(cst, 'Ignoring');
    const matching = token(cst, 'Matching');
    if (!ignoring && !matching) return undefined;
    return { kind: 'case-modifier', mode: ignoring ? 'ignoring' : 'matching', span };
  }

  field(cst: CstNode | undefined): FieldReference | undefined {
    const span = nodeSpan(cst);
    if (!cst || !span) return undefined;
    const parts: FieldNamePart[] = [];
    for (const nameNode of nodes(cst, 'fieldName')) {
      const identifier = token(nameNode, 'Identifier');
      const quoted = token(nameNode, 'QuotedName');
      if (identifier) parts.push({ name: identifier.image, quoted: false, span: tokenSpan(identifier) });
      else if (quoted) {
        parts.push({ name: readQuotedName(quoted.image, quoted.startOffset).name, quoted: true, span: tokenSpan(quoted) });
      }
    }
    if (parts.length === 0) return undefined;
    return { kind: 'field', name: parts.map((p) => p.name).join('.'), parts, span };
  }

  // ── literals ───────────────────────────────────────────────────────────────

  listLiteral(cst: CstNode): ListLiteral {
    return { kind: 'list-literal', values: this.stringsOf(cst), span: nodeSpan(cst)! };
  }

  private stringsOf(listLiteral: CstNode): StringLiteral[] {
    return tokens(listLiteral, 'StringLiteral').map((t) => this.string(t));
  }

  string(token: IToken): StringLiteral {
    const reading = (token.payload as StringLiteralReading | undefined) ?? readStringLiteral(token.image, token.startOffset);
    return {
      kind: 'string',
      value: reading.value,
      raw: token.image,
      span: tokenSpan(token),
    };
  }

  regex(token: IToken): RegexLiteral {
    const { pattern, flags, closed } = readRegexLiteral(token.image, token.startOffset);
    return { kind: 'regex', pattern, flags, raw: token.image, span: tokenSpan(token), ...(closed ? {} : { unterminated: true }) };
  }

  identifier(token: IToken): Identifier {
    return { kind: 'identifier', name: token.image, span: tokenSpan(token) };
  }
}
