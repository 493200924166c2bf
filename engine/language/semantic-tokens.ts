// Semantic tokens in editor words: what each word of the file is, beyond what the
// TextMate grammar can tell from the text alone: a field (property), a list name
// (variable; `declaration` where it is declared), a channel name (type), keywords
// and operators. Keywords come from the scanner; roles come from the syntax tree.

import type { SourceFile, Span } from '../../grammar/syntax-tree';
import { isKeyword } from './references';
import { scan } from './scan';
import { walk } from './syntax-walk';

export const SEMANTIC_TOKEN_TYPES = ['keyword', 'operator', 'string', 'regexp', 'comment', 'property', 'variable', 'type'] as const;
export const SEMANTIC_TOKEN_MODIFIERS = ['declaration', 'readonly'] as const;

export type SemanticTokenType = (typeof SEMANTIC_TOKEN_TYPES)[number];
export type SemanticTokenModifier = (typeof SEMANTIC_TOKEN_MODIFIERS)[number];

export interface SemanticToken {
  span: Span;
  type: SemanticTokenType;
  modifiers: SemanticTokenModifier[];
}

/** Tokens in source order, none overlapping, none spanning a line break. */
export function semanticTokens(tree: SourceFile, text: string, range?: Span): SemanticToken[] {
  const fieldParts = new Set<number>();
  const listNames = new Map<number, boolean>(); // start → is declaration
  const channelNames = new Set<number>();
  walk(tree, (node) => {
    switch (node.kind) {
      case 'field':
        for (const part of node.parts) fieldParts.add(part.span.start);
        break;
      case 'list':
        if (node.name !== undefined) listNames.set(node.name.span.start, true);
        break;
      case 'condition':
        if (node.operand?.kind === 'identifier') listNames.set(node.operand.span.start, false);
        break;
      case 'channel':
      case 'otherwise':
        if (node.name !== undefined) channelNames.add(node.name.span.start);
        break;
      case 'expect':
        if (node.channel?.kind === 'string') channelNames.add(node.channel.span.start);
        break;
      default:
        break;
    }
  });
  const tokens: SemanticToken[] = [];
  // A range is scanned from the start of its first line to the end of its last (no token spans lines).
  let from = 0;
  let to = text.length;
  if (range !== undefined) {
    from = Math.max(0, Math.min(range.start, text.length));
    while (from > 0 && text[from - 1] !== '\n' && text[from - 1] !== '\r') from--;
    to = Math.max(from, Math.min(range.end, text.length));
    while (to < text.length && text[to] !== '\n' && text[to] !== '\r') to++;
  }
  for (const token of scan(text, to, from)) {
    if (range !== undefined && (token.span.end < range.start || token.span.start > range.end)) continue;
    const start = token.span.start;
    switch (token.kind) {
      case 'word':
        if (fieldParts.has(start)) tokens.push({ span: token.span, type: 'property', modifiers: [] });
        else if (listNames.has(start)) {
          tokens.push({ span: token.span, type: 'variable', modifiers: listNames.get(start) ? ['declaration', 'readonly'] : ['readonly'] });
        } else if (isKeyword(token.text)) tokens.push({ span: token.span, type: 'keyword', modifiers: [] });
        break;
      case 'quoted':
        if (fieldParts.has(start)) tokens.push({ span: token.span, type: 'property', modifiers: [] });
        break;
      case 'string':
        tokens.push({ span: token.span, type: channelNames.has(start) ? 'type' : 'string', modifiers: [] });
        break;
      case 'regex':
        tokens.push({ span: token.span, type: 'regexp', modifiers: [] });
        break;
      case 'comment':
        tokens.push({ span: token.span, type: 'comment', modifiers: [] });
        break;
      case 'punctuation':
        if (token.text === '=' || token.text === '!=') tokens.push({ span: token.span, type: 'operator', modifiers: [] });
        break;
      case 'unknown':
        break;
    }
  }
  return tokens;
}
