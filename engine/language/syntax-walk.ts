// Walking the syntax tree: children of a node in source order, and the chain of
// nodes under an offset. The tree has no parent links (it stays a plain value), so
// features that need context ask for the path from the file down to the innermost
// node instead.

import type { Expression, SourceFile, Statement, SyntaxNode } from '../../grammar/syntax-tree';
import { appendAll } from '../collections/append-all';

/** The direct children of a node, in source order; absent (unwritten) children are skipped. */
export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const out: (SyntaxNode | undefined)[] = [];
  switch (node.kind) {
    case 'file':
      appendAll(out, node.statements);
      break;
    case 'list':
      out.push(node.name);
      appendAll(out, node.values);
      break;
    case 'channel':
      out.push(node.name);
      appendAll(out, node.rules);
      break;
    case 'when':
      out.push(node.condition);
      break;
    case 'otherwise':
      out.push(node.name);
      break;
    case 'expect':
      out.push(node.channel);
      appendAll(out, node.pairs);
      break;
    case 'pair':
      out.push(node.field, node.value);
      break;
    case 'or':
    case 'and':
      appendAll(out, node.operands);
      break;
    case 'not':
      out.push(node.operand);
      break;
    case 'paren':
      out.push(node.expression);
      break;
    case 'condition':
      out.push(node.field, node.operand, node.caseModifier);
      break;
    case 'list-literal':
      appendAll(out, node.values);
      break;
    case 'field':
    case 'string':
    case 'null':
    case 'regex':
    case 'identifier':
    case 'case-modifier':
    case 'unclassified':
      break;
  }
  return out.filter((child): child is SyntaxNode => child !== undefined);
}

/**
 * The nodes whose span contains `offset`, from the file down to the innermost.
 * A node contains the offsets from its start up to and including its end, so a
 * cursor just after a word still finds the word; when two siblings touch, the one
 * starting at the offset wins.
 */
export function nodePathAt(file: SourceFile, offset: number): SyntaxNode[] {
  const path: SyntaxNode[] = [file];
  let current: SyntaxNode = file;
  for (;;) {
    const children = childrenOf(current);
    let next: SyntaxNode | undefined;
    for (const child of children) {
      if (child.span.start <= offset && offset < child.span.end) {
        next = child;
        break;
      }
      if (child.span.end === offset && child.span.start < offset) next = child;
    }
    if (next === undefined) return path;
    path.push(next);
    current = next;
  }
}

/** Calls `visit` on every node under `node` (itself included), depth first, in source order. */
export function walk(node: SyntaxNode, visit: (node: SyntaxNode) => void): void {
  visit(node);
  for (const child of childrenOf(node)) walk(child, visit);
}

/** The innermost node of one of the given kinds on a path, or undefined. */
export function innermost<K extends SyntaxNode['kind']>(
  path: readonly SyntaxNode[],
  kind: K,
): Extract<SyntaxNode, { kind: K }> | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    if (path[i]!.kind === kind) return path[i] as Extract<SyntaxNode, { kind: K }>;
  }
  return undefined;
}

/** The statement of the file that contains the offset (see nodePathAt), or undefined. */
export function statementAt(file: SourceFile, offset: number): Statement | undefined {
  return nodePathAt(file, offset)[1] as Statement | undefined;
}

/** Every condition of an expression, in source order. */
export function conditionsOf(expression: Expression | undefined): Extract<Expression, { kind: 'condition' }>[] {
  const found: Extract<Expression, { kind: 'condition' }>[] = [];
  if (expression === undefined) return found;
  walk(expression, (node) => {
    if (node.kind === 'condition') found.push(node);
  });
  return found;
}
