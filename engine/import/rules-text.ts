// What an importer builds before it becomes `.channels` text: channels with `when`
// conditions as small boolean trees over the language's operators, each with the
// comment saying where it came from. `rulesText` prints it and runs the project's
// formatter, then checks the result: an importer never hands out a file with errors.

import { parseChannels } from '../../grammar/parse';
import { checkRules } from '../check/check-rules';
import { formatRules, OPERATOR_TEXT } from '../format/format-rules';
import { commentText } from '../text/comment-text';
import { ImportError } from './import-error';
import { writeField } from '../language/field-name-text';

export type TestOperator = 'equals' | 'in' | 'contains' | 'startsWith' | 'endsWith' | 'matches' | 'isSet';

/** One condition `field OP operand`; `negated` is the language's negative form (`!=`, `not in`, `is not set`, …). */
export interface TestCondition {
  kind: 'test';
  field: string;
  operator: TestOperator;
  /** The string (equals, contains, …), the strings (in) or the regex body (matches). */
  operand?: string | readonly string[];
  negated: boolean;
  ignoreCase?: boolean;
}

export type Condition =
  | { kind: 'and' | 'or'; items: Condition[] }
  | { kind: 'not'; item: Condition }
  | { kind: 'const'; value: boolean }
  | TestCondition;

export const TRUE: Condition = { kind: 'const', value: true };
export const FALSE: Condition = { kind: 'const', value: false };

export function test(field: string, operator: TestOperator, operand?: string | readonly string[], options: { negated?: boolean; ignoreCase?: boolean } = {}): TestCondition {
  return { kind: 'test', field, operator, operand, negated: options.negated ?? false, ...(options.ignoreCase ? { ignoreCase: true } : {}) };
}

export function and(...items: Condition[]): Condition {
  const kept = new DistinctConditions();
  for (const item of items) {
    if (item.kind === 'const') {
      if (!item.value) return FALSE;
      continue;
    }
    for (const part of item.kind === 'and' ? item.items : [item]) kept.add(part);
  }
  if (kept.items.length === 0) return TRUE;
  return kept.items.length === 1 ? kept.items[0]! : { kind: 'and', items: kept.items };
}

export function or(...items: Condition[]): Condition {
  const kept = new DistinctConditions();
  for (const item of items) {
    if (item.kind === 'const') {
      if (item.value) return TRUE;
      continue;
    }
    for (const part of item.kind === 'or' ? item.items : [item]) kept.add(part);
  }
  if (kept.items.length === 0) return FALSE;
  return kept.items.length === 1 ? kept.items[0]! : { kind: 'or', items: kept.items };
}

/**
 * The items of an `and` / `or` in first-seen order, each written once. Two conditions
 * are the same when their JSON is; a set of those strings makes an n-way group cost n
 * look-ups, where comparing each item with every kept one cost n² (a GA4 `orGroup`
 * of 10,000 EXACT filters took 41 s).
 */
class DistinctConditions {
  readonly items: Condition[] = [];
  private readonly seen = new Set<string>();

  add(condition: Condition): void {
    const key = JSON.stringify(condition);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.items.push(condition);
  }
}

/** The exact negation, written with the language's negative operators where there is one. */
export function not(item: Condition): Condition {
  switch (item.kind) {
    case 'const':
      return { kind: 'const', value: !item.value };
    case 'not':
      return item.item;
    case 'test':
      return { ...item, negated: !item.negated };
    default:
      return { kind: 'not', item };
  }
}

export interface ImportedRule {
  /** Comment lines written above the `when` (without `#`). */
  comments: string[];
  condition: Condition;
}

export interface ImportedChannel {
  name: string;
  comments: string[];
  rules: ImportedRule[];
}

export interface ImportedRules {
  /** Comment lines at the top of the file (without `#`). */
  header: string[];
  caseInsensitive: boolean;
  channels: ImportedChannel[];
  otherwise?: { name: string; comments: string[] };
  /** Comment lines at the end (rules that never fire, …). */
  footer?: string[];
}

/** A field as the language writes it (writeField: each part an identifier or in backticks); importers refuse an unwritable one first. */
export function fieldText(field: string): string {
  const text = writeField(field);
  if (text === undefined) throw new Error(`an unwritable field name reached the printer: ${JSON.stringify(field)}`);
  return text;
}

function stringText(value: string): string {
  return JSON.stringify(value);
}

function testText(condition: TestCondition): string {
  const field = fieldText(condition.field);
  if (condition.operator === 'isSet') return `${field} ${condition.negated ? 'is not set' : 'is set'}`;
  const operator = OPERATOR_TEXT[condition.operator][condition.negated ? 1 : 0];
  const operand = condition.operand!;
  let operandText: string;
  if (condition.operator === 'in') operandText = `[${(operand as readonly string[]).map(stringText).join(', ')}]`;
  else if (condition.operator === 'matches') operandText = `/${operand as string}/`;
  else operandText = stringText(operand as string);
  return `${field} ${operator} ${operandText}${condition.ignoreCase ? ' ignoring case' : ''}`;
}

/** Condition text; `parent` decides parentheses (or < and < not). */
export function conditionText(condition: Condition, parent: 'top' | 'or' | 'and' | 'not' = 'top'): string {
  switch (condition.kind) {
    case 'test':
      return testText(condition);
    case 'const':
      throw new Error('a constant condition reached the printer');
    case 'not':
      return `not ${conditionText(condition.item, 'not')}`;
    case 'and': {
      const text = condition.items.map((item) => conditionText(item, 'and')).join(' and ');
      return parent === 'not' ? `(${text})` : text;
    }
    case 'or': {
      const text = condition.items.map((item) => conditionText(item, 'or')).join(' or ');
      return parent === 'and' || parent === 'not' ? `(${text})` : text;
    }
  }
}

/** Comment lines; a line break inside one (a file name's) is escaped, else it would end the comment. */
function commentLines(lines: readonly string[], indent: string): string {
  return lines.map((line) => `${indent}# ${commentText(line)}`.trimEnd() + '\n').join('');
}

/** The `.channels` text, formatted by engine/format and free of errors (else an internal ImportError). */
export function rulesText(rules: ImportedRules): string {
  let text = commentLines(rules.header, '');
  if (rules.caseInsensitive) text += 'case insensitive\n';
  for (const channel of rules.channels) {
    text += `\n${commentLines(channel.comments, '')}channel ${stringText(channel.name)}\n`;
    for (const rule of channel.rules) {
      text += commentLines(rule.comments, '  ');
      text += `  when ${conditionText(rule.condition)}\n`;
    }
  }
  if (rules.otherwise !== undefined) text += `\n${commentLines(rules.otherwise.comments, '')}otherwise ${stringText(rules.otherwise.name)}\n`;
  if (rules.footer !== undefined && rules.footer.length > 0) text += `\n${commentLines(rules.footer, '')}`;
  const parsed = parseChannels(text);
  const formatted = formatRules(text, parsed);
  if (formatted === undefined) {
    const first = parsed.errors[0];
    throw new ImportError(`internal error: the imported rules do not parse (${first?.message ?? 'unknown'})`, `offset ${first?.span.start ?? 0}`);
  }
  const checked = checkRules(parseChannels(formatted.text), formatted.text);
  const error = checked.diagnostics.find((diagnostic) => diagnostic.severity === 'error');
  if (error !== undefined) {
    throw new ImportError(`the imported rules would not check: ${error.message}`, `offset ${error.span.start}`);
  }
  return formatted.text;
}
