// What must hold of every parse result, whatever the text: spans inside the text and
// inside their parent, statements in source order, and every leaf's span covering
// exactly what the node says was written. Returns the violations (empty when fine).

import type { Expression, ParseResult, Span, Statement } from '../../grammar/syntax-tree';

/** Between two words: whitespace, and comments. */
const GAP = String.raw`(?:\s|#[^\r\n]*)+`;
const OPERATOR_TEXT = new RegExp(
  `^(==?|!=|(not${GAP})?(in|contains|starts${GAP}with|ends${GAP}with|matches)|exists|is${GAP}(missing|null|empty|set|not${GAP}set))$`,
);

/** How the operator words of a condition may begin and end, when recovery skipped characters between them. */
const OPERATOR_START = /^(==?|!=|(not|in|contains|starts|ends|matches|exists|is)\b)/;
const OPERATOR_END = /(=|\b(in|contains|with|starts|ends|matches|exists|is|missing|null|empty|set|not))$/;

/**
 * `strict`: the text is valid, so each operator's span is exactly its words; otherwise
 * characters skipped by recovery may lie between them.
 */
export function treeViolations(text: string, result: ParseResult, { strict = true } = {}): string[] {
  const problems: string[] = [];
  const slice = (s: Span) => text.slice(s.start, s.end);

  const check = (what: string, span: Span | undefined, parent?: Span) => {
    if (!span) return;
    const ok =
      Number.isInteger(span.start) && Number.isInteger(span.end) &&
      span.start >= 0 && span.start <= span.end && span.end <= text.length;
    if (!ok) problems.push(`${what}: bad span ${JSON.stringify(span)}`);
    if (parent && (span.start < parent.start || span.end > parent.end)) {
      problems.push(`${what}: span ${JSON.stringify(span)} outside its parent ${JSON.stringify(parent)}`);
    }
  };
  const exact = (what: string, span: Span, expected: string | RegExp) => {
    const written = slice(span);
    const ok = typeof expected === 'string' ? written === expected : expected.test(written);
    if (!ok) problems.push(`${what}: span covers ${JSON.stringify(written)}, expected ${String(expected)}`);
  };
  const keyword = (word: string, span: Span, parent: Span) => {
    check(word, span, parent);
    exact(word, span, word);
  };

  const expression = (e: Expression | undefined, parent: Span) => {
    if (!e) return;
    check(e.kind, e.span, parent);
    switch (e.kind) {
      case 'and':
      case 'or': {
        if (e.operands.length < 2) problems.push(`${e.kind} with ${e.operands.length} operand(s)`);
        let last = -1;
        for (const operand of e.operands) {
          if (operand.kind === e.kind) problems.push(`nested ${e.kind} directly inside ${e.kind}`);
          if (operand.span.start < last) problems.push(`${e.kind} operands out of order`);
          last = operand.span.end;
          expression(operand, e.span);
        }
        break;
      }
      case 'not':
        keyword('not', e.keyword, e.span);
        expression(e.operand, e.span);
        break;
      case 'paren':
        exact('paren', e.span, /^\(/);
        expression(e.expression, e.span);
        break;
      case 'condition': {
        check('field', e.field.span, e.span);
        for (const part of e.field.parts) {
          check('field part', part.span, e.field.span);
          if (part.quoted) exact('quoted part', part.span, new RegExp(`^\`${escape(part.name)}\`?$`));
          else exact('field part', part.span, part.name);
        }
        check('operator', e.operatorSpan, e.span);
        if (strict) exact('operator', e.operatorSpan, OPERATOR_TEXT);
        else {
          exact('operator start', e.operatorSpan, OPERATOR_START);
          exact('operator end', e.operatorSpan, OPERATOR_END);
        }
        if (e.field.span.end > e.operatorSpan.start) problems.push('operator before its field');
        const operand = e.operand;
        if (operand) {
          check(operand.kind, operand.span, e.span);
          if (operand.kind === 'string' || operand.kind === 'regex') exact(operand.kind, operand.span, operand.raw);
          if (operand.kind === 'identifier') exact('list name', operand.span, operand.name);
          if (operand.kind === 'list-literal') {
            for (const value of operand.values) {
              check('value', value.span, operand.span);
              exact('value', value.span, value.raw);
            }
          }
        }
        if (e.caseModifier) {
          check('case modifier', e.caseModifier.span, e.span);
          // (`case` may be missing in a broken input)
          exact('case modifier', e.caseModifier.span, new RegExp(`^${e.caseModifier.mode}(${strict ? GAP : '[^]*'}case)?$`));
        }
        break;
      }
    }
  };

  const statement = (s: Statement, file: Span) => {
    check(s.kind, s.span, file);
    switch (s.kind) {
      case 'list':
        keyword('list', s.keyword, s.span);
        if (s.name) exact('list name', s.name.span, s.name.name);
        check('list values', s.valuesSpan, s.span);
        for (const value of s.values) {
          check('value', value.span, s.valuesSpan ?? s.span);
          exact('value', value.span, value.raw);
        }
        break;
      case 'channel': {
        keyword('channel', s.keyword, s.span);
        if (s.name) exact('channel name', s.name.span, s.name.raw);
        let last = s.name?.span.end ?? s.keyword.end;
        for (const rule of s.rules) {
          check('when', rule.span, s.span);
          if (rule.span.start < last) problems.push('rules out of order');
          last = rule.span.end;
          keyword('when', rule.keyword, rule.span);
          expression(rule.condition, rule.span);
        }
        break;
      }
      case 'otherwise':
        keyword('otherwise', s.keyword, s.span);
        if (s.name) exact('otherwise name', s.name.span, s.name.raw);
        break;
      case 'expect':
        keyword('expect', s.keyword, s.span);
        if (s.channel?.kind === 'unclassified') exact('unclassified', s.channel.span, 'unclassified');
        else if (s.channel) exact('expected channel', s.channel.span, s.channel.raw);
        for (const pair of s.pairs) {
          check('pair', pair.span, s.span);
          check('pair field', pair.field?.span, pair.span);
          if (pair.value) exact('pair value', pair.value.span, pair.value.kind === 'null' ? 'null' : pair.value.raw);
        }
        break;
    }
  };

  const file = result.tree.span;
  if (file.start !== 0 || file.end !== text.length) problems.push('file span is not the whole text');
  if (result.tree.caseInsensitive) exact('case insensitive', result.tree.caseInsensitive, new RegExp(`^case${strict ? GAP : '[^]*'}insensitive$`));
  let last = 0;
  for (const s of result.tree.statements) {
    if (s.span.start < last) problems.push(`statement at ${s.span.start} out of order`);
    last = s.span.end;
    statement(s, file);
  }
  for (const error of result.errors) {
    check(`error "${error.message}"`, error.span);
    if (!error.message) problems.push('error without a message');
  }
  for (const comment of result.comments) {
    check('comment', comment.span);
    exact('comment', comment.span, comment.text);
  }
  return problems;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
