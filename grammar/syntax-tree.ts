// The syntax tree of a `.channels` file (SPEC §2.2).
//
// Plain values, no behaviour. Every node carries its exact source span as UTF-16
// offsets into the text (`start` inclusive, `end` exclusive); `engine/text/line-index`
// converts offsets to LSP-style line/character positions. Because the parser never
// fails, every child that a broken input can lack is optional: downstream code must
// treat an absent child as "not written" and keep going.

export interface Span {
  start: number;
  end: number;
}

export interface SyntaxError {
  code: 'syntax';
  message: string;
  span: Span;
}

export interface ParseResult {
  tree: SourceFile;
  errors: SyntaxError[];
  /** Every comment in the file, in order (kept for the formatter). */
  comments: Comment[];
}

export interface Comment {
  text: string; // including the leading '#'
  span: Span;
}

export interface SourceFile {
  kind: 'file';
  /** Present when the file starts with `case insensitive`. */
  caseInsensitive?: Span;
  statements: Statement[];
  span: Span;
}

export type Statement = ListDeclaration | ChannelBlock | Expectation | Otherwise;

export interface Identifier {
  kind: 'identifier';
  name: string;
  span: Span;
}

export interface StringLiteral {
  kind: 'string';
  /** The decoded value (JSON string semantics). */
  value: string;
  /** The text as written, quotes included. */
  raw: string;
  span: Span;
}

export interface NullLiteral {
  kind: 'null';
  span: Span;
}

export interface RegexLiteral {
  kind: 'regex';
  /** The body between the slashes, as written. */
  pattern: string;
  /** The flags as written after the closing slash ('' or 'i'). */
  flags: string;
  raw: string;
  span: Span;
  /** No closing slash before the end of its line: the parser reports that, and nothing inside it is checked. */
  unterminated?: true;
}

export interface ListLiteral {
  kind: 'list-literal';
  values: StringLiteral[];
  span: Span;
}

export interface ListDeclaration {
  kind: 'list';
  keyword: Span;
  name?: Identifier;
  values: StringLiteral[];
  /** Span of the `[ … ]`, when written. */
  valuesSpan?: Span;
  span: Span;
}

export interface ChannelBlock {
  kind: 'channel';
  keyword: Span;
  name?: StringLiteral;
  rules: WhenClause[];
  span: Span;
}

export interface WhenClause {
  kind: 'when';
  keyword: Span;
  condition?: Expression;
  span: Span;
}

export interface Otherwise {
  kind: 'otherwise';
  keyword: Span;
  name?: StringLiteral;
  span: Span;
}

export interface UnclassifiedKeyword {
  kind: 'unclassified';
  span: Span;
}

export interface Expectation {
  kind: 'expect';
  keyword: Span;
  channel?: StringLiteral | UnclassifiedKeyword;
  pairs: ExpectationPair[];
  span: Span;
}

export interface ExpectationPair {
  kind: 'pair';
  field?: FieldReference;
  value?: StringLiteral | NullLiteral;
  span: Span;
}

export interface FieldNamePart {
  /** The name with backticks removed. */
  name: string;
  quoted: boolean;
  span: Span;
}

export interface FieldReference {
  kind: 'field';
  /** The flattened dotted path, e.g. `event_properties.utm_source`. */
  name: string;
  parts: FieldNamePart[];
  span: Span;
}

export type Expression = OrExpression | AndExpression | NotExpression | ParenExpression | Condition;

export interface OrExpression {
  kind: 'or';
  operands: Expression[];
  span: Span;
}

export interface AndExpression {
  kind: 'and';
  operands: Expression[];
  span: Span;
}

export interface NotExpression {
  kind: 'not';
  keyword: Span;
  operand?: Expression;
  span: Span;
}

export interface ParenExpression {
  kind: 'paren';
  expression?: Expression;
  span: Span;
}

/**
 * The operator of a condition, positive form. `!=` is `equals` with `negated`;
 * `not in`, `not contains`, … are the positive operator with `negated`.
 * `is not set` is its own operator (`isNotSet`, never negated).
 */
export type ConditionOperator =
  | 'equals'
  | 'in'
  | 'contains'
  | 'startsWith'
  | 'endsWith'
  | 'matches'
  | 'exists'
  | 'isMissing'
  | 'isNull'
  | 'isEmpty'
  | 'isSet'
  | 'isNotSet';

export interface CaseModifier {
  kind: 'case-modifier';
  mode: 'ignoring' | 'matching';
  span: Span;
}

export interface Condition {
  kind: 'condition';
  field: FieldReference;
  operator: ConditionOperator;
  negated: boolean;
  /** Span of the operator words (`not starts with`, `!=`, `is not set`, …). */
  operatorSpan: Span;
  /** `equals`, `contains`, `startsWith`, `endsWith`: a string; `in`: a list name or literal; `matches`: a regex. */
  operand?: StringLiteral | Identifier | ListLiteral | RegexLiteral;
  caseModifier?: CaseModifier;
  span: Span;
}

export type SyntaxNode =
  | SourceFile
  | Statement
  | WhenClause
  | Expression
  | ExpectationPair
  | FieldReference
  | StringLiteral
  | NullLiteral
  | RegexLiteral
  | ListLiteral
  | Identifier
  | CaseModifier
  | UnclassifiedKeyword;
