// Names that can be navigated and renamed: lists (declared by `list`, used after
// `in`) and channels (named by `channel` blocks and `otherwise`, used by `expect`).
// Both are file-local: each rules file is its own classifier.

import type { SourceFile, Span } from '../../grammar/syntax-tree';
import { isIdentifierPart, isIdentifierStart, KEYWORDS } from '../../grammar/lexer';
import { RESERVED_CHANNEL_NAMES } from '../check/check-rules';
import { nodePathAt, walk } from './syntax-walk';

export type NamedSymbol = { kind: 'list'; name: string } | { kind: 'channel'; name: string };

export interface Occurrence {
  span: Span;
  /** A list's declaration; a channel block's or `otherwise`'s name. */
  declaration: boolean;
}

export interface TextEdit {
  span: Span;
  newText: string;
}

/** The list or channel name under the offset, with the span of its name. */
export function symbolAt(file: SourceFile, offset: number): { symbol: NamedSymbol; span: Span } | undefined {
  const path = nodePathAt(file, offset);
  const node = path[path.length - 1];
  const parent = path[path.length - 2];
  if (node === undefined || parent === undefined) return undefined;
  if (node.kind === 'identifier' && (parent.kind === 'list' || parent.kind === 'condition')) {
    return { symbol: { kind: 'list', name: node.name }, span: node.span };
  }
  if (node.kind === 'string' && (parent.kind === 'channel' || parent.kind === 'otherwise') && parent.name === node) {
    return { symbol: { kind: 'channel', name: node.value }, span: node.span };
  }
  if (node.kind === 'string' && parent.kind === 'expect' && parent.channel === node) {
    return { symbol: { kind: 'channel', name: node.value }, span: node.span };
  }
  return undefined;
}

/** Every place the symbol is named in the file, in source order. */
export function occurrencesOf(file: SourceFile, symbol: NamedSymbol): Occurrence[] {
  const found: Occurrence[] = [];
  if (symbol.kind === 'list') {
    walk(file, (node) => {
      if (node.kind === 'list' && node.name?.name === symbol.name) found.push({ span: node.name.span, declaration: true });
      if (node.kind === 'condition' && node.operand?.kind === 'identifier' && node.operand.name === symbol.name) {
        found.push({ span: node.operand.span, declaration: false });
      }
    });
  } else {
    for (const statement of file.statements) {
      if ((statement.kind === 'channel' || statement.kind === 'otherwise') && statement.name?.value === symbol.name) {
        found.push({ span: statement.name.span, declaration: true });
      }
      if (statement.kind === 'expect' && statement.channel?.kind === 'string' && statement.channel.value === symbol.name) {
        found.push({ span: statement.channel.span, declaration: false });
      }
    }
  }
  return found.sort((a, b) => a.span.start - b.span.start);
}

export function definitionsOf(file: SourceFile, symbol: NamedSymbol): Span[] {
  return occurrencesOf(file, symbol)
    .filter((occurrence) => occurrence.declaration)
    .map((occurrence) => occurrence.span);
}


const KEYWORD_SET: ReadonlySet<string> = new Set(KEYWORDS);

export function isKeyword(word: string): boolean {
  return KEYWORD_SET.has(word);
}

/** Whether the text is one identifier of the language (keywords aside). */
export function isIdentifier(text: string): boolean {
  const characters = [...text];
  return characters.length > 0 && isIdentifierStart(characters[0]!) && characters.slice(1).every(isIdentifierPart);
}

const RESERVED_CHANNELS: ReadonlySet<string> = new Set(RESERVED_CHANNEL_NAMES);

/** What a rename would be given to edit: the name's span and its current text. */
export function prepareRename(file: SourceFile, offset: number): { span: Span; placeholder: string } | undefined {
  const found = symbolAt(file, offset);
  if (found === undefined) return undefined;
  return { span: found.span, placeholder: found.symbol.name };
}

/** The edits of a rename, or why it cannot be done. */
export function renameEdits(file: SourceFile, offset: number, newName: string): { edits: TextEdit[] } | { error: string } {
  const found = symbolAt(file, offset);
  if (found === undefined) return { error: 'Only a list name or a channel name can be renamed.' };
  const { symbol } = found;
  if (symbol.kind === 'list') {
    if (!isIdentifier(newName)) return { error: `"${newName}" is not a valid list name (letters, digits, _, $ and -, not starting with a digit or -).` };
    if (isKeyword(newName)) return { error: `"${newName}" is a keyword of the language and cannot name a list.` };
    // Any occurrence of the new name is taken, a use of an undeclared list too: the rename
    // would make that use (an unknown-list error) silently name this list.
    const taken = newName === symbol.name ? [] : occurrencesOf(file, { kind: 'list', name: newName });
    if (taken.some((o) => o.declaration)) return { error: `A list named ${newName} already exists.` };
    if (taken.length > 0) return { error: `A list named ${newName} is used (\`in ${newName}\`) but not declared: renaming would make that use name this list.` };
    return { edits: occurrencesOf(file, symbol).map((occurrence) => ({ span: occurrence.span, newText: newName })) };
  }
  const name = unquote(newName);
  if (RESERVED_CHANNELS.has(name)) return { error: `${JSON.stringify(name)} cannot name a channel.` };
  const taken = name === symbol.name ? [] : occurrencesOf(file, { kind: 'channel', name });
  if (taken.some((o) => o.declaration)) {
    return { error: `A channel named ${JSON.stringify(name)} already exists: renaming would merge the two channels.` };
  }
  if (taken.length > 0) {
    return { error: `A channel named ${JSON.stringify(name)} is expected (\`expect ${JSON.stringify(name)}\`) but not declared: renaming would make that expectation name this channel.` };
  }
  return { edits: occurrencesOf(file, symbol).map((occurrence) => ({ span: occurrence.span, newText: JSON.stringify(name) })) };
}

/** A new channel name may be typed with or without its quotes. */
function unquote(typed: string): string {
  if (typed.length >= 2 && typed.startsWith('"') && typed.endsWith('"')) {
    try {
      const value: unknown = JSON.parse(typed);
      if (typeof value === 'string') return value;
    } catch {
      // Not a JSON string: the quotes are part of the name.
    }
  }
  return typed;
}
