// A compact S-expression printer for syntax trees, so that expected trees in tests read
// like the source: `(channel "Direct" (when (and (= utm_source "x") (is-not-set ref))))`.
// An absent child prints as `?`.

import type {
  Condition,
  Expression,
  FieldReference,
  SourceFile,
  Statement,
  StringLiteral,
} from '../../grammar/syntax-tree';

const OPERATOR_WORDS: Record<Condition['operator'], string> = {
  equals: '=',
  in: 'in',
  contains: 'contains',
  startsWith: 'starts-with',
  endsWith: 'ends-with',
  matches: 'matches',
  exists: 'exists',
  isMissing: 'is-missing',
  isNull: 'is-null',
  isEmpty: 'is-empty',
  isSet: 'is-set',
  isNotSet: 'is-not-set',
};

function str(s: StringLiteral | undefined): string {
  return s ? JSON.stringify(s.value) : '?';
}

export function printField(field: FieldReference | undefined): string {
  if (!field) return '?';
  return field.parts.map((p) => (p.quoted ? `\`${p.name}\`` : p.name)).join('.');
}

export function printExpression(e: Expression | undefined): string {
  if (!e) return '?';
  switch (e.kind) {
    case 'or':
    case 'and':
      return `(${e.kind} ${e.operands.map(printExpression).join(' ')})`;
    case 'not':
      return `(not ${printExpression(e.operand)})`;
    case 'paren':
      return `(paren ${printExpression(e.expression)})`;
    case 'condition': {
      let op = OPERATOR_WORDS[e.operator];
      if (e.negated) op = op === '=' ? '!=' : `not-${op}`;
      const parts = [op, printField(e.field)];
      const operand = e.operand;
      if (operand) {
        switch (operand.kind) {
          case 'string': parts.push(str(operand)); break;
          case 'identifier': parts.push(operand.name); break;
          case 'list-literal': parts.push(`[${operand.values.map(str).join(' ')}]`); break;
          case 'regex': parts.push(`/${operand.pattern}/${operand.flags}`); break;
        }
      } else if (!['exists', 'isMissing', 'isNull', 'isEmpty', 'isSet', 'isNotSet'].includes(e.operator)) {
        parts.push('?');
      }
      if (e.caseModifier) parts.push(`${e.caseModifier.mode}-case`);
      return `(${parts.join(' ')})`;
    }
  }
}

export function printStatement(s: Statement): string {
  switch (s.kind) {
    case 'list':
      return `(list ${s.name?.name ?? '?'} [${s.values.map(str).join(' ')}])`;
    case 'channel':
      return `(channel ${str(s.name)}${s.rules.map((r) => ` (when ${printExpression(r.condition)})`).join('')})`;
    case 'otherwise':
      return `(otherwise ${str(s.name)})`;
    case 'expect': {
      const channel = s.channel?.kind === 'unclassified' ? 'unclassified' : str(s.channel);
      const pairs = s.pairs.map((p) => {
        const value = p.value?.kind === 'null' ? 'null' : str(p.value);
        return ` (${printField(p.field)} ${value})`;
      });
      return `(expect ${channel}${pairs.join('')})`;
    }
  }
}

/** One line per statement; a leading `case-insensitive` line when the file starts so. */
export function printTree(file: SourceFile): string {
  const lines = file.statements.map(printStatement);
  if (file.caseInsensitive) lines.unshift('case-insensitive');
  return lines.join('\n');
}
