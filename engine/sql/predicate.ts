// Two-valued SQL predicates with constant folding and just enough parentheses.

export interface Predicate {
  sql: string;
  /** How tightly the text binds: constants and comparisons are atoms for AND/OR/NOT. */
  precedence: 'constant' | 'comparison' | 'not' | 'and' | 'or';
}

export const TRUE: Predicate = { sql: 'TRUE', precedence: 'constant' };
export const FALSE: Predicate = { sql: 'FALSE', precedence: 'constant' };

function isConstant(predicate: Predicate, value: boolean): boolean {
  return predicate.precedence === 'constant' && predicate.sql === (value ? 'TRUE' : 'FALSE');
}

function wrapUnless(predicate: Predicate, ok: Predicate['precedence'][]): string {
  return ok.includes(predicate.precedence) ? predicate.sql : `(${predicate.sql})`;
}

export function not(operand: Predicate): Predicate {
  if (isConstant(operand, true)) return FALSE;
  if (isConstant(operand, false)) return TRUE;
  return { sql: `NOT ${wrapUnless(operand, ['constant'])}`, precedence: 'not' };
}

export function and(operands: Predicate[]): Predicate {
  const kept: Predicate[] = [];
  for (const operand of operands) {
    if (isConstant(operand, false)) return FALSE;
    if (!isConstant(operand, true)) kept.push(operand);
  }
  if (kept.length === 0) return TRUE;
  if (kept.length === 1) return kept[0]!;
  return { sql: kept.map((operand) => wrapUnless(operand, ['constant', 'not', 'and'])).join(' AND '), precedence: 'and' };
}

export function or(operands: Predicate[]): Predicate {
  const kept: Predicate[] = [];
  for (const operand of operands) {
    if (isConstant(operand, true)) return TRUE;
    if (!isConstant(operand, false)) kept.push(operand);
  }
  if (kept.length === 0) return FALSE;
  if (kept.length === 1) return kept[0]!;
  return { sql: kept.map((operand) => wrapUnless(operand, ['constant', 'not', 'and', 'or'])).join(' OR '), precedence: 'or' };
}

export function isTrue(predicate: Predicate): boolean {
  return isConstant(predicate, true);
}

export function isFalse(predicate: Predicate): boolean {
  return isConstant(predicate, false);
}
