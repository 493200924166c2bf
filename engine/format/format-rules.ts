// The formatter: one canonical layout for a `.channels` file, whatever its input
// layout. Idempotent, keeps every comment, and refuses (returns undefined) rather
// than guess when the file has syntax errors.
//
// Layout, in short:
// - `case insensitive` first, then the statements, one blank line around each
//   `channel` block and between statements of different kinds; elsewhere a blank
//   line the author wrote is kept (several collapse into one);
// - `when` clauses indented by 2 under their channel, one per line; a condition too
//   long for the width breaks before each `or` (then `and`), indented by 2 more;
// - lists and list literals on one line when they fit, else as many values per line
//   as fit, with a trailing comma; expectation events on one line when they fit,
//   else one field per line; consecutive `expect`s align their `for`;
// - single spaces around operators, operators spelled canonically (`!=`, `not in`,
//   `starts with`, …); strings, regexes and field names kept as written;
// - a trailing comment stays at the end of its line, a comment on its own line stays
//   on its own line before what follows it.
// docs/editors.md ("Formatting") says the same for users.

import type {
  ChannelBlock,
  Comment,
  Condition,
  Expectation,
  Expression,
  ListDeclaration,
  ParseResult,
  Span,
  Statement,
  FieldReference,
  StringLiteral,
} from '../../grammar/syntax-tree';
import { lineEndingOf } from '../../grammar/line-ending';
import { parseChannels } from '../../grammar/parse';
import { type Doc, fill, group, hardline, ifBreak, indent, line, lineSuffix, mark, print, softline } from './layout';
import { appendAll, maxOf } from '../collections/append-all';
import { meaningFingerprint } from './meaning-fingerprint';

export interface FormatOptions {
  /** The width lines are kept within when they can be broken (default 100). */
  width?: number;
}

export interface FormattedStatement {
  /** The statement in the input, with comments absorbed into it (indented comments after a channel block). */
  source: Span;
  /** The same statement in the output. */
  output: Span;
}

export interface FormattedRules {
  text: string;
  statements: FormattedStatement[];
}

export const DEFAULT_WIDTH = 120;

/** Thrown while building when the tree lacks a part (only possible with syntax errors). */
class Incomplete extends Error {}

export function formatRules(text: string, parsed: ParseResult, options: FormatOptions = {}): FormattedRules | undefined {
  if (parsed.errors.length > 0) return undefined;
  const first = formatOnce(text, parsed, options);
  if (first === undefined) return undefined;
  // A comment written inside a construct (between a field and its operator, say) is
  // moved out of it; the first pass may place such a comment where a second pass would
  // lay it out slightly differently. Formatting until nothing changes keeps the
  // formatter idempotent whatever the input.
  let last = first;
  for (let pass = 0; pass < 3; pass++) {
    const again = formatOnce(last.text, last.reparsed, options);
    if (again === undefined || again.text === last.text) break;
    last = again;
  }
  const statements = first.sources.map((source, i) => ({ source, output: last.outputs[i]! }));
  return { text: last.text, statements };
}

interface Pass {
  text: string;
  reparsed: ParseResult;
  sources: Span[];
  outputs: Span[];
}

function formatOnce(text: string, parsed: ParseResult, options: FormatOptions): Pass | undefined {
  let built: { doc: Doc; sources: Span[] };
  try {
    built = new DocBuilder(text, parsed).build();
  } catch (error) {
    if (error instanceof Incomplete) return undefined;
    throw error;
  }
  const eol = lineEndingOf(text, parsed);
  // The layout's line breaks are the file's; a line break inside a backtick name stays as written.
  const printed = print(built.doc, options.width ?? DEFAULT_WIDTH, eol);
  // A leading U+FEFF is the file's byte order mark, not white space to lay out: VS Code
  // takes it off before sending the text, but other LSP clients send it, and an edit
  // deleting it would change the file's bytes for nothing.
  const byteOrderMark = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const outputText = byteOrderMark + printed.text;
  // The formatter must never change what the file means nor lose a comment: check by parsing its output.
  const reparsed = parseChannels(outputText);
  if (reparsed.errors.length > 0 || meaningFingerprint(reparsed) !== meaningFingerprint(parsed)) {
    throw new Error('formatting would change the file (a formatter bug): left unformatted');
  }
  const outputs = built.sources.map((_, i) => {
    return { start: printed.marks.get(`s${i}`)! + byteOrderMark.length, end: printed.marks.get(`e${i}`)! + byteOrderMark.length };
  });
  return { text: outputText, reparsed, sources: built.sources, outputs };
}


// A CR is a line break of its own only when no LF follows it: `\r\n` is one break, not two.
const BLANK_LINE = /(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r(?!\n)|\n)/;

/** Each operator as written, positive and negated (the formatter's, and import's, one spelling). */
export const OPERATOR_TEXT: Record<Condition['operator'], [positive: string, negative: string]> = {
  equals: ['=', '!='],
  in: ['in', 'not in'],
  contains: ['contains', 'not contains'],
  startsWith: ['starts with', 'not starts with'],
  endsWith: ['ends with', 'not ends with'],
  matches: ['matches', 'not matches'],
  exists: ['exists', 'exists'],
  isMissing: ['is missing', 'is missing'],
  isNull: ['is null', 'is null'],
  isEmpty: ['is empty', 'is empty'],
  isSet: ['is set', 'is set'],
  isNotSet: ['is not set', 'is not set'],
};

/** The canonical spelling of a condition's operator. */
export function operatorText(condition: Pick<Condition, 'operator' | 'negated'>): string {
  const [positive, negative] = OPERATOR_TEXT[condition.operator];
  return condition.negated ? negative : positive;
}

export function fieldText(field: FieldReference): string {
  return field.parts.map((part) => (part.quoted ? `\`${part.name}\`` : part.name)).join('.');
}

class DocBuilder {
  private next = 0;
  private readonly comments: Comment[];

  constructor(
    private readonly text: string,
    private readonly parsed: ParseResult,
  ) {
    // Trailing white space is not part of what a comment says.
    this.comments = parsed.comments
      .map((comment) => ({ ...comment, text: comment.text.trimEnd() }))
      .sort((a, b) => a.span.start - b.span.start);
  }

  /** Consecutive expectations (no blank line between) align their `for`. */
  private readonly expectWidth = new Map<Statement, number>();

  private alignExpectations(statements: readonly Statement[]): void {
    let run: Expectation[] = [];
    const close = () => {
      const width = maxOf(run.map((expectation) => expectationHead(expectation).length), 0);
      for (const expectation of run) this.expectWidth.set(expectation, width);
      run = [];
    };
    statements.forEach((statement, i) => {
      const previous = statements[i - 1];
      const adjacent =
        previous !== undefined && previous.kind === 'expect' && !BLANK_LINE.test(this.text.slice(previous.span.end, statement.span.start));
      if (statement.kind !== 'expect' || !adjacent) close();
      if (statement.kind === 'expect') run.push(statement);
    });
    close();
  }

  build(): { doc: Doc; sources: Span[] } {
    const { tree } = this.parsed;
    this.alignExpectations(tree.statements);
    const parts: Doc[] = [];
    const sources: Span[] = [];
    let previousEnd: number | undefined;
    let previous: Statement | 'header' | undefined;

    const items: { start: number; end: number; doc: () => Doc; statement: Statement | 'header'; index?: number }[] = [];
    if (tree.caseInsensitive !== undefined) {
      items.push({ ...tree.caseInsensitive, doc: () => 'case insensitive', statement: 'header' });
    }
    tree.statements.forEach((statement, index) => {
      items.push({ start: statement.span.start, end: statement.span.end, statement, index, doc: () => this.statement(statement) });
    });

    // Comments moved out of the previous statement that need lines of their own, and
    // whether its last line already ends in a comment.
    let spilled: Comment[] = [];
    let suffixUsed = false;
    const placeGap = (gap: Comment[], next: Statement | 'header' | undefined, nextStart: number) => {
      const ownLine: Comment[] = [...spilled];
      spilled = [];
      gap.forEach((comment, i) => {
        if (i === 0 && previousEnd !== undefined && !suffixUsed && !this.ownLine(comment)) parts.push(lineSuffix(` ${comment.text}`));
        else ownLine.push(comment);
      });
      let cursor = previousEnd;
      let firstOwnLine = true;
      const forced = previous !== undefined && next !== undefined && this.forcesBlankLine(previous, next);
      for (const comment of ownLine) {
        if (cursor !== undefined) {
          parts.push(hardline);
          const blank = comment.span.start > cursor && BLANK_LINE.test(this.text.slice(cursor, comment.span.start));
          if (blank || (firstOwnLine && forced)) parts.push(hardline);
        }
        parts.push(comment.text);
        cursor = Math.max(cursor ?? 0, comment.span.end);
        firstOwnLine = false;
      }
      if (next !== undefined && cursor !== undefined) {
        parts.push(hardline);
        if (BLANK_LINE.test(this.text.slice(cursor, nextStart)) || (firstOwnLine && forced)) parts.push(hardline);
      }
    };

    for (const item of items) {
      placeGap(this.take(item.start), item.statement, item.start);
      if (item.index !== undefined) {
        parts.push(mark(`s${item.index}`), item.doc());
        // Comments written inside the statement's last part (between `otherwise` and its
        // name, say) end its line; a second one gets a line of its own after it.
        const leftovers = this.take(item.end);
        suffixUsed = leftovers.length > 0;
        if (leftovers[0] !== undefined) parts.push(lineSuffix(` ${leftovers[0].text}`));
        spilled = leftovers.slice(1);
        const end = this.absorbedEnd(item.statement as Statement);
        parts.push(mark(`e${item.index}`));
        sources.push({ start: item.start, end });
        previousEnd = end;
      } else {
        parts.push(item.doc());
        previousEnd = item.end;
        suffixUsed = false;
      }
      previous = item.statement;
    }
    placeGap(this.take(Number.POSITIVE_INFINITY), undefined, this.text.length);
    if (parts.length > 0) parts.push(hardline);
    return { doc: parts, sources };
  }

  /** A blank line always separates channel blocks from their neighbours and statements of different kinds. */
  private forcesBlankLine(previous: Statement | 'header', next: Statement | 'header'): boolean {
    if (previous === 'header' || next === 'header') return true;
    return previous.kind === 'channel' || next.kind === 'channel' || previous.kind !== next.kind;
  }

  /** Comments not yet placed that start before `offset`, in order. */
  private take(offset: number): Comment[] {
    const taken: Comment[] = [];
    while (this.next < this.comments.length && this.comments[this.next]!.span.start < offset) {
      taken.push(this.comments[this.next++]!);
    }
    return taken;
  }

  private peek(): Comment | undefined {
    return this.comments[this.next];
  }

  /** Whether the comment is the first thing on its line. */
  private ownLine(comment: Comment): boolean {
    let i = comment.span.start - 1;
    while (i >= 0 && (this.text[i] === ' ' || this.text[i] === '\t')) i--;
    return i < 0 || this.text[i] === '\n' || this.text[i] === '\r';
  }

  private column(comment: Comment): number {
    let i = comment.span.start;
    while (i > 0 && this.text[i - 1] !== '\n' && this.text[i - 1] !== '\r') i--;
    return comment.span.start - i;
  }

  /** Where a statement ends once the indented comments that follow a channel block are counted in. */
  private absorbedEnd(statement: Statement): number {
    return this.absorbed.get(statement) ?? statement.span.end;
  }
  private readonly absorbed = new Map<Statement, number>();

  /** Comments before `offset` as docs: trailing ones end the current line, own-line ones precede what follows. */
  private commentsBefore(offset: number): { trailing: Doc[]; leading: Doc[] } {
    const trailing: Doc[] = [];
    const leading: Doc[] = [];
    for (const comment of this.take(offset)) {
      // One trailing comment per line: a second one (moved here from inside a condition) gets its own line.
      if (trailing.length === 0 && leading.length === 0 && !this.ownLine(comment)) trailing.push(lineSuffix(` ${comment.text}`));
      else leading.push(comment.text, hardline);
    }
    return { trailing, leading };
  }

  private statement(statement: Statement): Doc {
    switch (statement.kind) {
      case 'list':
        return this.list(statement);
      case 'channel':
        return this.channel(statement);
      case 'otherwise':
        return ['otherwise ', required(statement.name).raw];
      case 'expect':
        return this.expectation(statement);
    }
  }

  private list(list: ListDeclaration): Doc {
    const name = required(list.name);
    const valuesSpan = required(list.valuesSpan);
    return ['list ', name.name, ' = ', this.bracketed('[', ']', false, list.values.map(stringItem), valuesSpan.end - 1, true)];
  }

  private channel(channel: ChannelBlock): Doc {
    const name = required(channel.name);
    if (channel.rules.length === 0) throw new Incomplete();
    const body: Doc[] = [];
    let cursor = name.span.end;
    const blankSince = (from: number, to: number) => from !== name.span.end && BLANK_LINE.test(this.text.slice(from, to));
    for (const rule of channel.rules) {
      for (const [i, comment] of this.take(rule.span.start).entries()) {
        if (i === 0 && !this.ownLine(comment)) {
          body.push(lineSuffix(` ${comment.text}`));
        } else {
          body.push(hardline);
          if (blankSince(cursor, comment.span.start)) body.push(hardline);
          body.push(comment.text);
        }
        cursor = comment.span.end;
      }
      body.push(hardline);
      if (blankSince(cursor, rule.span.start)) body.push(hardline);
      body.push('when ', this.expression(required(rule.condition)));
      cursor = rule.span.end;
    }
    // Comments inside the last rule's condition end its line (one per line, the others under it).
    const leftovers = this.take(channel.span.end);
    leftovers.forEach((comment, i) => body.push(i === 0 ? lineSuffix(` ${comment.text}`) : [hardline, comment.text]));
    const suffixUsed = leftovers.length > 0;
    // The block's trailing comment, then indented own-line comments right under it
    // (a commented-out rule, say), stay in the block.
    let end = channel.span.end;
    for (let comment = this.peek(); comment !== undefined; comment = this.peek()) {
      const between = this.text.slice(end, comment.span.start);
      if (/\S/.test(between) || BLANK_LINE.test(between)) break;
      if (this.ownLine(comment)) {
        if (this.column(comment) === 0) break;
        body.push(hardline, comment.text);
      } else if (end === channel.span.end) body.push(suffixUsed ? [hardline, comment.text] : lineSuffix(` ${comment.text}`));
      else break;
      this.take(comment.span.end);
      end = comment.span.end;
    }
    if (end !== channel.span.end) this.absorbed.set(channel, end);
    return ['channel ', name.raw, indent(body)];
  }

  private expectation(expectation: Expectation): Doc {
    const head = expectationHead(expectation).padEnd(this.expectWidth.get(expectation) ?? 0);
    const pairs = expectation.pairs.map((pair) => ({
      span: pair.span,
      doc: [fieldText(required(pair.field)), ': ', required(pair.value).kind === 'null' ? 'null' : (pair.value as StringLiteral).raw] as Doc,
    }));
    return ['expect ', head, ' for ', this.bracketed('{', '}', true, pairs, expectation.span.end - 1)];
  }

  /**
   * `[a, b]` / `{ a, b }` on one line when it fits and holds no comment, else one
   * item per line with a trailing comma.
   */
  private bracketed(
    open: string,
    close: string,
    spaced: boolean,
    items: { span: Span; doc: Doc }[],
    closeAt: number,
    filled = false,
  ): Doc {
    const separator = spaced ? line : softline;
    const next = this.peek();
    if (filled && items.length > 0 && (next === undefined || next.span.start >= closeAt)) {
      // No comment inside: as many values on a line as fit.
      // Each value carries its comma, so a line's width counts it.
      const parts = (trailingComma: boolean): Doc[] =>
        items.flatMap((item, i) => {
          const comma = i < items.length - 1 || trailingComma ? ',' : '';
          return i === 0 ? [[item.doc, comma]] : [line, [item.doc, comma]];
        });
      return group([open, indent([separator, ifBreak(fill(parts(true)), fill(parts(false)))]), separator, close]);
    }
    const inner: Doc[] = [];
    items.forEach((item, i) => {
      const { trailing, leading } = this.commentsBefore(item.span.start);
      if (i > 0) inner.push(',');
      appendAll(inner, trailing);
      inner.push(i === 0 ? separator : line);
      appendAll(inner, leading);
      inner.push(item.doc);
    });
    const after = this.commentsBefore(closeAt);
    if (items.length === 0 && after.trailing.length === 0 && after.leading.length === 0) return open + close;
    if (items.length > 0) inner.push(ifBreak(','));
    appendAll(inner, after.trailing);
    if (after.leading.length > 0) {
      inner.push(hardline);
      appendAll(inner, after.leading.slice(0, -1));
    }
    return group([open, indent(inner), items.length === 0 && after.leading.length === 0 ? '' : separator, close]);
  }

  private expression(expression: Expression): Doc {
    switch (expression.kind) {
      case 'or':
      case 'and': {
        const [first, ...rest] = expression.operands;
        if (first === undefined) throw new Incomplete();
        const tail: Doc[] = [];
        for (const operand of rest) {
          const { trailing, leading } = this.commentsBefore(operand.span.start);
          appendAll(tail, trailing);
          tail.push(line);
          appendAll(tail, leading);
          tail.push(`${expression.kind} `, this.expression(operand));
        }
        return group([this.expression(first), indent(tail)]);
      }
      case 'not':
        return ['not ', this.expression(required(expression.operand))];
      case 'paren':
        return group(['(', indent([softline, this.expression(required(expression.expression))]), softline, ')']);
      case 'condition':
        return this.condition(expression);
    }
  }

  private condition(condition: Condition): Doc {
    const parts: Doc[] = [fieldText(condition.field), ' ', operatorText(condition)];
    const operand = condition.operand;
    if (operand !== undefined) {
      parts.push(' ');
      switch (operand.kind) {
        case 'string':
        case 'regex':
          parts.push(operand.raw);
          break;
        case 'identifier':
          parts.push(operand.name);
          break;
        case 'list-literal':
          parts.push(this.bracketed('[', ']', false, operand.values.map(stringItem), operand.span.end - 1, true));
          break;
      }
    } else if (['equals', 'in', 'contains', 'startsWith', 'endsWith', 'matches'].includes(condition.operator)) {
      throw new Incomplete();
    }
    if (condition.caseModifier !== undefined) parts.push(` ${condition.caseModifier.mode} case`);
    return parts;
  }
}

function expectationHead(expectation: Expectation): string {
  const channel = required(expectation.channel);
  return channel.kind === 'unclassified' ? 'unclassified' : channel.raw;
}

function stringItem(value: StringLiteral): { span: Span; doc: Doc } {
  return { span: value.span, doc: value.raw };
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Incomplete();
  return value;
}
