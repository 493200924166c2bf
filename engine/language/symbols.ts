// The outline of a file (channels with their rules in order, lists, expectations,
// `otherwise`) and the flat symbols a workspace search looks through.

import type { Condition, Expectation, SourceFile, Span, WhenClause } from '../../grammar/syntax-tree';
import { fieldText, operatorText } from '../format/format-rules';
import { walk } from './syntax-walk';

export type OutlineKind = 'channel' | 'rule' | 'list' | 'otherwise' | 'expectation' | 'setting';

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: OutlineKind;
  /** The whole statement. */
  span: Span;
  /** The name (what the editor highlights when the symbol is picked). */
  selectionSpan: Span;
  children: OutlineSymbol[];
}

const MAX_RULE_LABEL = 80;

export function documentSymbols(file: SourceFile, text: string): OutlineSymbol[] {
  const symbols: OutlineSymbol[] = [];
  if (file.caseInsensitive !== undefined) {
    symbols.push({
      name: 'case insensitive',
      kind: 'setting',
      span: file.caseInsensitive,
      selectionSpan: file.caseInsensitive,
      children: [],
    });
  }
  let ruleNumber = 0;
  const totalRules = file.statements.reduce((sum, statement) => sum + (statement.kind === 'channel' ? statement.rules.length : 0), 0);
  for (const statement of file.statements) {
    switch (statement.kind) {
      case 'channel': {
        const children = statement.rules.map((rule) => {
          ruleNumber++;
          return {
            name: ruleLabel(rule, text),
            detail: `rule ${ruleNumber} of ${totalRules}`,
            kind: 'rule' as const,
            span: rule.span,
            selectionSpan: rule.keyword,
            children: [],
          };
        });
        symbols.push({
          name: statement.name?.value ?? '(unnamed channel)',
          detail: children.length === 1 ? '1 rule' : `${children.length} rules`,
          kind: 'channel',
          span: statement.span,
          selectionSpan: statement.name?.span ?? statement.keyword,
          children,
        });
        break;
      }
      case 'list':
        symbols.push({
          name: statement.name?.name ?? '(unnamed list)',
          detail: statement.values.length === 1 ? '1 value' : `${statement.values.length} values`,
          kind: 'list',
          span: statement.span,
          selectionSpan: statement.name?.span ?? statement.keyword,
          children: [],
        });
        break;
      case 'otherwise':
        symbols.push({
          name: statement.name?.value ?? '(unnamed)',
          detail: 'otherwise',
          kind: 'otherwise',
          span: statement.span,
          selectionSpan: statement.name?.span ?? statement.keyword,
          children: [],
        });
        break;
      case 'expect':
        symbols.push({
          name: expectationLabel(statement),
          detail: statement.pairs.map((pair) => pair.field?.name).filter(Boolean).join(', '),
          kind: 'expectation',
          span: statement.span,
          selectionSpan: statement.keyword,
          children: [],
        });
        break;
    }
  }
  return symbols;
}

function expectationLabel(expectation: Expectation): string {
  const channel = expectation.channel;
  if (channel === undefined) return 'expect';
  return channel.kind === 'unclassified' ? 'expect unclassified' : `expect ${channel.raw}`;
}

/** `when utm_medium = "email" …`, the condition as written with spacing normalised, shortened. */
export function ruleLabel(rule: WhenClause, text: string): string {
  const condition = rule.condition === undefined ? '' : text.slice(rule.condition.span.start, rule.condition.span.end);
  const label = `when ${condition.replace(/#[^\n\r]*/g, ' ').replace(/\s+/g, ' ').trim()}`.trim();
  return label.length > MAX_RULE_LABEL ? `${label.slice(0, MAX_RULE_LABEL - 1)}…` : label;
}

/** A short text of one condition (for messages and hovers). */
export function conditionLabel(condition: Condition): string {
  const operand = condition.operand;
  let operandText = '';
  if (operand !== undefined) {
    switch (operand.kind) {
      case 'string':
      case 'regex':
        operandText = ` ${operand.raw}`;
        break;
      case 'identifier':
        operandText = ` ${operand.name}`;
        break;
      case 'list-literal':
        operandText = ` [${operand.values.map((value) => value.raw).join(', ')}]`;
        break;
    }
  }
  const modifier = condition.caseModifier === undefined ? '' : ` ${condition.caseModifier.mode} case`;
  return `${fieldText(condition.field)} ${operatorText(condition)}${operandText}${modifier}`;
}

export interface WorkspaceSymbol {
  name: string;
  kind: 'channel' | 'list';
  span: Span;
  selectionSpan: Span;
}

/** Channels (each block, and `otherwise`) and lists of a file, for workspace symbol search. */
export function workspaceSymbolsOf(file: SourceFile): WorkspaceSymbol[] {
  const found: WorkspaceSymbol[] = [];
  for (const statement of file.statements) {
    if ((statement.kind === 'channel' || statement.kind === 'otherwise') && statement.name !== undefined) {
      found.push({ name: statement.name.value, kind: 'channel', span: statement.span, selectionSpan: statement.name.span });
    } else if (statement.kind === 'list' && statement.name !== undefined) {
      found.push({ name: statement.name.name, kind: 'list', span: statement.span, selectionSpan: statement.name.span });
    }
  }
  return found;
}

/**
 * Whether a symbol name matches a workspace-symbol query: the query's characters
 * appear in the name in order, ignoring case (VS Code's own fuzzy rule).
 */
export function matchesQuery(name: string, query: string): boolean {
  const haystack = name.toLowerCase();
  let at = 0;
  for (const character of query.toLowerCase()) {
    if (character === ' ') continue;
    at = haystack.indexOf(character, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}

/** Every field name a file's conditions and expectations use, in order of first appearance. */
export function fieldsUsed(file: SourceFile): string[] {
  const seen = new Set<string>();
  walk(file, (node) => {
    if (node.kind === 'field' && node.name !== '') seen.add(node.name);
  });
  return [...seen];
}
