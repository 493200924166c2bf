// SQL predicates with constant folding and just enough parentheses.
//
// SQL's logic has three values; the language's has two. A predicate is *strict* when
// it is always TRUE or FALSE. A *loose* predicate may also be NULL, but only where its
// meaning is FALSE (`col = 'x'` on a NULL column): AND and OR keep that property, NOT
// does not, and neither does a CASE that must see TRUE. So each predicate carries its
// loose text (shorter; used in WHEN and under AND/OR) and, when different, its strict
// text (used under NOT).

type Precedence = 'constant' | 'comparison' | 'not' | 'and' | 'or';

interface Text {
  sql: string;
  /** How tightly the text binds: constants and comparisons are atoms for AND/OR/NOT. */
  precedence: Precedence;
}

export interface Predicate extends Text {
  /** The always-TRUE-or-FALSE form, when the text above may be NULL (meaning FALSE). */
  strict?: Text;
}

export const TRUE: Predicate = { sql: 'TRUE', precedence: 'constant' };
export const FALSE: Predicate = { sql: 'FALSE', precedence: 'constant' };

export function comparison(sql: string): Predicate {
  return { sql, precedence: 'comparison' };
}

/**
 * `loose` holds for non-NULL values of `column` and means FALSE for a NULL one (where
 * it is NULL, or a constant that does not look at the column).
 */
export function nullMeansFalse(loose: Predicate, column: string): Predicate {
  const isNotNull = comparison(`${column} IS NOT NULL`);
  if (isConstant(loose, true)) return isNotNull;
  if (isConstant(loose, false)) return FALSE;
  const strict = and([isNotNull, loose]);
  return { sql: loose.sql, precedence: loose.precedence, strict: strictText(strict) };
}

function strictText(predicate: Predicate): Text {
  return predicate.strict ?? predicate;
}

function isConstant(predicate: Predicate, value: boolean): boolean {
  return predicate.precedence === 'constant' && predicate.sql === (value ? 'TRUE' : 'FALSE');
}

function wrapUnless(text: Text, ok: Precedence[]): string {
  return ok.includes(text.precedence) ? text.sql : `(${text.sql})`;
}

export function not(operand: Predicate): Predicate {
  if (isConstant(operand, true)) return FALSE;
  if (isConstant(operand, false)) return TRUE;
  return { sql: `NOT ${wrapUnless(strictText(operand), ['constant'])}`, precedence: 'not' };
}

function join(operands: Text[], operator: 'AND' | 'OR'): Text {
  const ok: Precedence[] = operator === 'AND' ? ['constant', 'comparison', 'not', 'and'] : ['constant', 'comparison', 'not', 'and', 'or'];
  return { sql: operands.map((operand) => wrapUnless(operand, ok)).join(` ${operator} `), precedence: operator === 'AND' ? 'and' : 'or' };
}

function combine(operands: Predicate[], operator: 'AND' | 'OR'): Predicate {
  const absorbing = operator === 'AND' ? false : true;
  const kept: Predicate[] = [];
  for (const operand of operands) {
    if (isConstant(operand, absorbing)) return absorbing ? TRUE : FALSE;
    if (!isConstant(operand, !absorbing)) kept.push(operand);
  }
  if (kept.length === 0) return absorbing ? FALSE : TRUE;
  if (kept.length === 1) return kept[0]!;
  const loose = join(kept, operator);
  if (kept.every((operand) => operand.strict === undefined)) return loose;
  return { ...loose, strict: join(kept.map(strictText), operator) };
}

export function and(operands: Predicate[]): Predicate {
  return combine(operands, 'AND');
}

export function or(operands: Predicate[]): Predicate {
  return combine(operands, 'OR');
}

export function isTrue(predicate: Predicate): boolean {
  return isConstant(predicate, true);
}

export function isFalse(predicate: Predicate): boolean {
  return isConstant(predicate, false);
}
