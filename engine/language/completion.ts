// Completion in editor words: what may come at the cursor and what to insert there.
// The text before the cursor is scanned (./scan) and read back to the start of the
// clause it belongs to (`list`, `channel`, `when`, `expect`, `otherwise`, `case`);
// a small state machine over that clause, following the grammar of SPEC §2.2, says
// what is expected next. Names come from the file (fields, lists, channels), the
// standard UTM/referrer/click-id fields, and the sample events when one is loaded.

import type { SourceFile, Span } from '../../grammar/syntax-tree';
import { isIdentifierPart } from '../../grammar/lexer';
import type { SampleProfile } from './sample-profile';
import { scan, type Token } from './scan';
import { percent } from './percent';
import { STANDARD_FIELDS } from './standard-fields';
import { fieldsUsed } from './symbols';
import { isKeyword } from './references';
import { writeField } from './field-name-text';
import { appendAll } from '../collections/append-all';

export type CompletionKind = 'keyword' | 'operator' | 'field' | 'list' | 'channel' | 'value' | 'snippet';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  /** Text to insert (a snippet, with `$1` tab stops, when `snippet`). */
  insertText: string;
  snippet?: boolean;
  detail?: string;
  documentation?: string;
  sortText?: string;
  filterText?: string;
  /** The text the entry replaces (the partly typed word, string or field path). */
  replace: Span;
  /** Ask the editor to complete again after inserting (an operand comes next). */
  retrigger?: boolean;
}

export interface CompletionInput {
  text: string;
  offset: number;
  /** The file's current syntax tree (names of lists, channels and fields). */
  tree: SourceFile;
  profile?: SampleProfile;
  /** Scan from the start of the file instead of the clause's line (slower; the definition the fast path is tested against). */
  scanFromFileStart?: boolean;
}

type State =
  | { kind: 'top'; inChannel: boolean; fileStart: boolean }
  | { kind: 'listName' }
  | { kind: 'listEquals' }
  | { kind: 'listOpen' }
  | { kind: 'listValues' }
  | { kind: 'channelName' }
  | { kind: 'channelWhen' }
  | { kind: 'otherwiseName' }
  | { kind: 'expectChannel' }
  | { kind: 'expectFor' }
  | { kind: 'expectOpen' }
  | { kind: 'pairField' }
  | { kind: 'pairColon' }
  | { kind: 'pairValue'; field: string }
  | { kind: 'pairNext' }
  | { kind: 'insensitive' }
  | { kind: 'expression' }
  | { kind: 'operator'; field: string }
  | { kind: 'negatedOperator'; field: string }
  | { kind: 'is' }
  | { kind: 'isNot' }
  | { kind: 'with'; field: string }
  | { kind: 'stringOperand'; field: string }
  | { kind: 'inOperand'; field: string }
  | { kind: 'inValues'; field: string; written: Set<string> }
  | { kind: 'regexOperand' }
  | { kind: 'conditionDone'; caseModifierAllowed: boolean; depth: number }
  | { kind: 'caseWord' }
  | { kind: 'none' };

const AFTER_STATEMENT: State = { kind: 'top', inChannel: false, fileStart: false };

const CLAUSE_KEYWORDS = new Set(['list', 'channel', 'when', 'expect', 'otherwise', 'case']);

export function completeAt(input: CompletionInput): CompletionEntry[] {
  const { text, offset } = input;
  const start = input.scanFromFileStart ? 0 : clauseScanStart(text, offset);
  const tokens = scan(text, offset, start).filter((token) => token.kind !== 'comment');
  // Inside a comment: nothing to complete.
  if (insideComment(text, offset)) return [];
  const { current, before, fieldPath } = splitCurrent(tokens, offset, text);
  if (current !== undefined && current.kind === 'regex') return [];
  const replace: Span = current === undefined ? { start: offset, end: offset } : { start: current.start, end: current.end };
  const state = stateAt(before);
  return entriesFor(state, { ...input, replace, current, fieldPath });
}

const LINE_KEYWORD = /^[ \t]*(?:list|channel|expect|otherwise|case|when)(?![\p{L}\p{N}_$-])/u;
/** How far back a clause is looked for before scanning from the start of the file. */
const MAX_LINES_BACK = 5000;

/**
 * Where to start scanning for the clause at the cursor: the start of the nearest line
 * at or above the cursor's that begins with a statement keyword or `when` (ending
 * before the cursor), one line earlier in case that line starts a regex after a
 * `matches` at the end of the line above. Every line start is a safe place to start
 * scanning, since no token spans lines; starting near the cursor keeps completion
 * fast in long files.
 */
export function clauseScanStart(text: string, offset: number): number {
  let lineEnd = offset;
  for (let lines = 0; lines < MAX_LINES_BACK; lines++) {
    let lineStart = lineEnd;
    while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
    const keyword = LINE_KEYWORD.exec(text.slice(lineStart, Math.min(text.length, lineStart + 40)));
    if (keyword !== null && lineStart + keyword[0].length < offset) {
      let previous = lineStart - 1;
      if (previous > 0 && text[previous] === '\n' && text[previous - 1] === '\r') previous--;
      while (previous > 0 && text[previous - 1] !== '\n' && text[previous - 1] !== '\r') previous--;
      return Math.max(0, previous);
    }
    if (lineStart === 0) return 0;
    lineEnd = lineStart - 1;
    if (lineEnd > 0 && text[lineEnd] === '\n' && text[lineEnd - 1] === '\r') lineEnd--;
  }
  return 0;
}

interface Current {
  start: number;
  end: number;
  kind: 'word' | 'string' | 'field' | 'regex';
  /** What is typed so far (for strings, the raw text with its opening quote). */
  typed: string;
}

function insideComment(text: string, offset: number): boolean {
  let lineStart = offset;
  while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
  return scan(text.slice(lineStart, offset)).some((token) => token.kind === 'comment');
}

/** The token being typed at the cursor (a word, a string, a dotted field path), and the tokens before it. */
function splitCurrent(tokens: Token[], offset: number, text: string): { current?: Current; before: Token[]; fieldPath: boolean } {
  const last = tokens[tokens.length - 1];
  if (last === undefined || last.span.end !== offset) return { before: tokens, fieldPath: false };
  if (last.kind === 'string' || last.kind === 'regex') {
    const full = scan(text.slice(last.span.start))[0];
    const end = full !== undefined ? last.span.start + full.span.end : offset;
    // After a closed string the cursor is past it, not in it.
    if (last.terminated && end === offset) return { before: tokens, fieldPath: false };
    return { current: { start: last.span.start, end, kind: last.kind, typed: last.text }, before: tokens.slice(0, -1), fieldPath: false };
  }
  if (last.kind === 'word' || last.kind === 'quoted' || (last.kind === 'punctuation' && last.text === '.')) {
    // A dotted path: word ('.' word)* with nothing between the parts.
    let first = tokens.length - 1;
    while (first > 0) {
      const previous = tokens[first - 1]!;
      const here = tokens[first]!;
      if (previous.span.end !== here.span.start) break;
      const joinable =
        (here.text === '.' && (previous.kind === 'word' || previous.kind === 'quoted')) ||
        ((here.kind === 'word' || here.kind === 'quoted') && previous.text === '.');
      if (!joinable) break;
      first--;
    }
    const start = tokens[first]!.span.start;
    if (tokens[first]!.text === '.') return { before: tokens, fieldPath: false };
    let end = offset;
    while (end < text.length && isIdentifierPart(text[end]!)) end++;
    const fieldPath = first < tokens.length - 1;
    return {
      current: { start, end, kind: fieldPath ? 'field' : 'word', typed: text.slice(start, offset) },
      before: tokens.slice(0, first),
      fieldPath,
    };
  }
  return { before: tokens, fieldPath: false };
}

function isClauseStart(tokens: readonly Token[], i: number): boolean {
  const token = tokens[i]!;
  if (token.kind !== 'word' || !CLAUSE_KEYWORDS.has(token.text)) return false;
  if (token.text === 'case') {
    const previous = tokens[i - 1];
    return !(previous !== undefined && previous.kind === 'word' && (previous.text === 'ignoring' || previous.text === 'matching'));
  }
  return true;
}

function stateAt(tokens: readonly Token[]): State {
  let clause = -1;
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (isClauseStart(tokens, i)) {
      clause = i;
      break;
    }
  }
  if (clause < 0) return tokens.length === 0 ? { kind: 'top', inChannel: false, fileStart: true } : { kind: 'none' };
  const keyword = tokens[clause]!.text;
  const rest = tokens.slice(clause + 1);
  switch (keyword) {
    case 'case':
      if (rest.length === 0) return { kind: 'insensitive' };
      return rest.length === 1 && rest[0]!.text === 'insensitive' ? { kind: 'top', inChannel: false, fileStart: false } : { kind: 'none' };
    case 'list':
      return listState(rest);
    case 'channel':
      if (rest.length === 0) return { kind: 'channelName' };
      return rest.length === 1 && rest[0]!.kind === 'string' ? { kind: 'channelWhen' } : { kind: 'none' };
    case 'otherwise':
      if (rest.length === 0) return { kind: 'otherwiseName' };
      return rest.length === 1 && rest[0]!.kind === 'string' ? AFTER_STATEMENT : { kind: 'none' };
    case 'expect':
      return expectState(rest);
    case 'when':
      return expressionState(rest);
  }
  return { kind: 'none' };
}

function listState(rest: readonly Token[]): State {
  if (rest.length === 0) return { kind: 'listName' };
  if (rest.length === 1) return rest[0]!.kind === 'word' ? { kind: 'listEquals' } : { kind: 'none' };
  if (rest.length === 2) return rest[1]!.text === '=' ? { kind: 'listOpen' } : { kind: 'none' };
  if (rest[2]!.text !== '[') return { kind: 'none' };
  const closed = rest.slice(3).some((token) => token.text === ']');
  return closed ? AFTER_STATEMENT : { kind: 'listValues' };
}

function expectState(rest: readonly Token[]): State {
  if (rest.length === 0) return { kind: 'expectChannel' };
  if (rest.length === 1) return { kind: 'expectFor' };
  if (rest.length === 2) return rest[1]!.text === 'for' ? { kind: 'expectOpen' } : { kind: 'none' };
  if (rest[2]!.text !== '{') return { kind: 'none' };
  let state: State = { kind: 'pairField' };
  let field = '';
  let dotted = false;
  for (const token of rest.slice(3)) {
    switch (state.kind) {
      case 'pairField':
        if (token.text === '}' && !dotted) return AFTER_STATEMENT;
        if (token.kind === 'word' || token.kind === 'quoted') {
          field = dotted ? `${field}.${unquoteField(token)}` : unquoteField(token);
          dotted = false;
          state = { kind: 'pairColon' };
        } else return { kind: 'none' };
        break;
      case 'pairColon':
        if (token.text === '.') {
          dotted = true;
          state = { kind: 'pairField' };
        } else if (token.text === ':') state = { kind: 'pairValue', field };
        else return { kind: 'none' };
        break;
      case 'pairValue':
        if (token.kind === 'string' || token.text === 'null') state = { kind: 'pairNext' };
        else return { kind: 'none' };
        break;
      case 'pairNext':
        if (token.text === ',') state = { kind: 'pairField' };
        else if (token.text === '}') return AFTER_STATEMENT;
        else return { kind: 'none' };
        break;
      default:
        return { kind: 'none' };
    }
  }
  return state;
}

function unquoteField(token: Token): string {
  return token.kind === 'quoted' ? token.text.replace(/^`|`$/g, '') : token.text;
}

/** Reads a `when` clause's tokens; the state after the last one. */
function expressionState(tokens: readonly Token[]): State {
  let state: State = { kind: 'expression' };
  let depth = 0;
  let field = '';
  let dotted = false;
  for (const token of tokens) {
    const word = token.kind === 'word' ? token.text : undefined;
    switch (state.kind) {
      case 'expression':
        if (word === 'not') continue;
        if (token.text === '(') {
          depth++;
          continue;
        }
        if ((token.kind === 'word' && !isKeyword(token.text)) || token.kind === 'quoted') {
          field = dotted ? `${field}${unquoteField(token)}` : unquoteField(token);
          dotted = false;
          state = { kind: 'operator', field };
          continue;
        }
        return { kind: 'none' };
      case 'operator':
        if (token.text === '.') {
          field += '.';
          dotted = true;
          state = { kind: 'expression' };
          continue;
        }
        if (token.text === '=' || token.text === '!=' || word === 'contains') state = { kind: 'stringOperand', field };
        else if (word === 'in') state = { kind: 'inOperand', field };
        else if (word === 'not') state = { kind: 'negatedOperator', field };
        else if (word === 'starts' || word === 'ends') state = { kind: 'with', field };
        else if (word === 'matches') state = { kind: 'regexOperand' };
        else if (word === 'exists') state = { kind: 'conditionDone', caseModifierAllowed: false, depth };
        else if (word === 'is') state = { kind: 'is' };
        else return { kind: 'none' };
        continue;
      case 'negatedOperator':
        if (word === 'in') state = { kind: 'inOperand', field };
        else if (word === 'contains') state = { kind: 'stringOperand', field };
        else if (word === 'starts' || word === 'ends') state = { kind: 'with', field };
        else if (word === 'matches') state = { kind: 'regexOperand' };
        else return { kind: 'none' };
        continue;
      case 'with':
        if (word === 'with') state = { kind: 'stringOperand', field };
        else return { kind: 'none' };
        continue;
      case 'is':
        if (word === 'not') state = { kind: 'isNot' };
        else if (word === 'missing' || word === 'null' || word === 'empty' || word === 'set') {
          state = { kind: 'conditionDone', caseModifierAllowed: false, depth };
        } else return { kind: 'none' };
        continue;
      case 'isNot':
        if (word === 'set') state = { kind: 'conditionDone', caseModifierAllowed: false, depth };
        else return { kind: 'none' };
        continue;
      case 'stringOperand':
        if (token.kind === 'string') state = { kind: 'conditionDone', caseModifierAllowed: true, depth };
        else return { kind: 'none' };
        continue;
      case 'inOperand':
        if (token.text === '[') state = { kind: 'inValues', field, written: new Set() };
        else if (token.kind === 'word') state = { kind: 'conditionDone', caseModifierAllowed: true, depth };
        else return { kind: 'none' };
        continue;
      case 'inValues':
        if (token.kind === 'string') state.written.add(token.text);
        else if (token.text === ']') state = { kind: 'conditionDone', caseModifierAllowed: true, depth };
        else if (token.text !== ',') return { kind: 'none' };
        continue;
      case 'regexOperand':
        if (token.kind === 'regex') state = { kind: 'conditionDone', caseModifierAllowed: true, depth };
        else return { kind: 'none' };
        continue;
      case 'conditionDone':
        if (word === 'and' || word === 'or') state = { kind: 'expression' };
        else if ((word === 'ignoring' || word === 'matching') && state.caseModifierAllowed) state = { kind: 'caseWord' };
        else if (token.text === ')' && depth > 0) {
          depth--;
          state = { kind: 'conditionDone', caseModifierAllowed: false, depth };
        } else return { kind: 'none' };
        continue;
      case 'caseWord':
        if (word === 'case') state = { kind: 'conditionDone', caseModifierAllowed: false, depth };
        else return { kind: 'none' };
        continue;
      default:
        return { kind: 'none' };
    }
  }
  return state;
}

interface EntryContext extends CompletionInput {
  replace: Span;
  current?: Current;
  fieldPath: boolean;
}

const OPERATORS: { label: string; insert: string; snippet?: boolean; retrigger?: boolean; doc: string }[] = [
  { label: '=', insert: '= "$1"', snippet: true, retrigger: true, doc: 'The value is exactly this string (false when missing or null).' },
  { label: '!=', insert: '!= "$1"', snippet: true, retrigger: true, doc: 'Not `=`: also true when the field is missing or null.' },
  { label: 'in', insert: 'in ', retrigger: true, doc: 'The value is one of the strings of a list (a `list` name or `[…]`).' },
  { label: 'not in', insert: 'not in ', retrigger: true, doc: 'Not `in`: also true when the field is missing or null.' },
  { label: 'contains', insert: 'contains "$1"', snippet: true, retrigger: true, doc: 'The value contains this string.' },
  { label: 'not contains', insert: 'not contains "$1"', snippet: true, retrigger: true, doc: 'Not `contains`: also true when missing or null.' },
  { label: 'starts with', insert: 'starts with "$1"', snippet: true, retrigger: true, doc: 'The value starts with this string.' },
  { label: 'not starts with', insert: 'not starts with "$1"', snippet: true, retrigger: true, doc: 'Not `starts with`: also true when missing or null.' },
  { label: 'ends with', insert: 'ends with "$1"', snippet: true, retrigger: true, doc: 'The value ends with this string.' },
  { label: 'not ends with', insert: 'not ends with "$1"', snippet: true, retrigger: true, doc: 'Not `ends with`: also true when missing or null.' },
  { label: 'matches', insert: 'matches /$1/', snippet: true, doc: 'The regex is found in the value (anchor with `^` and `$` for a full match).' },
  { label: 'not matches', insert: 'not matches /$1/', snippet: true, doc: 'Not `matches`: also true when missing or null.' },
  { label: 'exists', insert: 'exists', doc: 'The field is present: a string (`""` included) or null.' },
  { label: 'is missing', insert: 'is missing', doc: 'The field is absent (not even null).' },
  { label: 'is null', insert: 'is null', doc: 'The field is JSON null.' },
  { label: 'is empty', insert: 'is empty', doc: 'The value is the empty string `""`.' },
  { label: 'is set', insert: 'is set', doc: 'The value is a string, `""` included.' },
  { label: 'is not set', insert: 'is not set', doc: 'The field is missing or null (Amplitude\'s "(none)").' },
];

const STATEMENT_SNIPPETS: CompletionEntry[] = [
  {
    label: 'channel',
    kind: 'snippet',
    insertText: 'channel "${1:Name}"\n  when ${2:utm_medium} = "${3:value}"',
    snippet: true,
    detail: 'a channel block with one rule',
    replace: { start: 0, end: 0 },
  },
  {
    label: 'list',
    kind: 'snippet',
    insertText: 'list ${1:name} = ["${2:value}"]',
    snippet: true,
    detail: 'a named list of strings',
    replace: { start: 0, end: 0 },
  },
  {
    label: 'expect',
    kind: 'snippet',
    insertText: 'expect "${1:Channel}" for { ${2:utm_medium}: "${3:value}" }',
    snippet: true,
    detail: 'an expectation: this event gets this channel',
    replace: { start: 0, end: 0 },
  },
];

const WHEN_SNIPPET: CompletionEntry = {
  label: 'when',
  kind: 'snippet',
  insertText: 'when ${1:utm_medium} = "${2:value}"',
  snippet: true,
  detail: 'a rule of this channel',
  replace: { start: 0, end: 0 },
};

function entriesFor(state: State, context: EntryContext): CompletionEntry[] {
  const { replace } = context;
  const keyword = (label: string, insertText = label, detail?: string, retrigger = false): CompletionEntry => ({
    label,
    kind: 'keyword',
    insertText,
    replace,
    ...(detail === undefined ? {} : { detail }),
    ...(retrigger ? { retrigger } : {}),
  });
  const snippets = (entries: CompletionEntry[]) => entries.map((entry) => ({ ...entry, replace, sortText: `9${entry.label}` }));
  switch (state.kind) {
    case 'top': {
      const entries: CompletionEntry[] = [];
      if (state.fileStart && context.tree.statements.every((statement) => statement.span.start >= context.offset)) {
        entries.push(keyword('case insensitive', 'case insensitive', 'every comparison of the file ignores case'));
      }
      if (state.inChannel) entries.push(keyword('when', 'when ', 'another rule of this channel', true), ...snippets([WHEN_SNIPPET]));
      entries.push(
        keyword('channel', 'channel ', 'a channel block'),
        keyword('list', 'list ', 'a named list of strings'),
        keyword('expect', 'expect ', 'an expectation', true),
        keyword('otherwise', 'otherwise ', 'the channel of events no rule matches'),
        ...snippets(STATEMENT_SNIPPETS),
      );
      return entries;
    }
    case 'insensitive':
      return [keyword('insensitive')];
    case 'channelName':
    case 'otherwiseName':
    case 'expectChannel': {
      const entries = channelNames(context.tree).map((name) => stringEntry(name, 'channel', replace));
      if (state.kind === 'expectChannel' && context.current?.kind !== 'string') entries.push(keyword('unclassified', 'unclassified', 'no rule and no otherwise gives it a channel'));
      return entries;
    }
    case 'channelWhen':
      return [keyword('when', 'when ', 'the first rule of this channel', true), { ...WHEN_SNIPPET, replace, sortText: '9when' }];
    case 'listEquals':
      return [keyword('=', '= [$1]')].map((entry) => ({ ...entry, snippet: true }));
    case 'listOpen':
      return [{ ...keyword('[…]', '[$1]'), snippet: true }];
    case 'expectFor':
      return [{ ...keyword('for', 'for { $1 }'), snippet: true, retrigger: true }];
    case 'expectOpen':
      return [{ ...keyword('{ … }', '{ $1 }'), snippet: true, retrigger: true }];
    case 'pairField':
      return fieldEntries(context);
    case 'pairColon':
      return [keyword(':', ': ', undefined, true)];
    case 'pairValue':
      return [...valueEntries(state.field, context, new Set()), keyword('null', 'null', 'the field is JSON null')];
    case 'pairNext':
      return [keyword(',', ', ', undefined, true), keyword('}')];
    case 'expression':
      if (context.current?.kind === 'string') return [];
      return [...fieldEntries(context), keyword('not', 'not ', 'negates what follows', true), keyword('(', '(')];
    case 'operator':
      return OPERATORS.map((operator, i) => ({
        label: operator.label,
        kind: 'operator' as const,
        insertText: operator.insert,
        ...(operator.snippet ? { snippet: true } : {}),
        ...(operator.retrigger ? { retrigger: true } : {}),
        documentation: operator.doc,
        sortText: String(i).padStart(2, '0'),
        replace,
      }));
    case 'negatedOperator':
      return OPERATORS.filter((operator) => operator.label.startsWith('not ')).map((operator) => ({
        label: operator.label.slice(4),
        kind: 'operator' as const,
        insertText: operator.insert.slice(4),
        ...(operator.snippet ? { snippet: true } : {}),
        ...(operator.retrigger ? { retrigger: true } : {}),
        documentation: operator.doc,
        replace,
      }));
    case 'is':
      return ['missing', 'null', 'empty', 'set', 'not set'].map((word) => ({ ...keyword(word), kind: 'operator' as const }));
    case 'isNot':
      return [{ ...keyword('set'), kind: 'operator' as const }];
    case 'with':
      return [keyword('with', 'with "$1"', undefined, true)].map((entry) => ({ ...entry, snippet: true }));
    case 'stringOperand':
      return valueEntries(state.field, context, new Set());
    case 'inOperand':
      return [
        ...listNames(context.tree).map((name) => ({ label: name, kind: 'list' as const, insertText: name, detail: listDetail(context.tree, name), replace })),
        { ...keyword('[…]', '[$1]', 'a list of strings'), snippet: true, retrigger: true },
      ];
    case 'inValues':
      return valueEntries(state.field, context, state.written);
    case 'regexOperand':
      return [];
    case 'conditionDone': {
      const entries = [keyword('and', 'and ', undefined, true), keyword('or', 'or ', undefined, true)];
      if (state.caseModifierAllowed) {
        entries.push(keyword('ignoring case', 'ignoring case', 'compare without regard to case'));
        entries.push(keyword('matching case', 'matching case', 'compare case-sensitively (in a `case insensitive` file)'));
      }
      if (state.depth > 0) entries.push(keyword(')'));
      else appendAll(entries, entriesFor({ kind: 'top', inChannel: true, fileStart: false }, context));
      return entries;
    }
    case 'caseWord':
      return [keyword('case')];
    case 'listName':
    case 'listValues':
    case 'none':
      return [];
  }
}

function stringEntry(value: string, kind: CompletionKind, replace: Span, detail?: string): CompletionEntry {
  const quoted = JSON.stringify(value);
  const entry: CompletionEntry = { label: quoted, kind, insertText: quoted, replace, filterText: quoted };
  if (detail !== undefined) entry.detail = detail;
  return entry;
}

function channelNames(tree: SourceFile): string[] {
  const names = new Set<string>();
  for (const statement of tree.statements) {
    if ((statement.kind === 'channel' || statement.kind === 'otherwise') && statement.name !== undefined) names.add(statement.name.value);
  }
  return [...names];
}

function listNames(tree: SourceFile): string[] {
  const names = new Set<string>();
  for (const statement of tree.statements) if (statement.kind === 'list' && statement.name !== undefined) names.add(statement.name.name);
  return [...names];
}

function listDetail(tree: SourceFile, name: string): string {
  for (const statement of tree.statements) {
    if (statement.kind === 'list' && statement.name?.name === name) {
      const first = statement.values.slice(0, 3).map((value) => value.raw);
      return `${statement.values.length} values${first.length > 0 ? `: ${first.join(', ')}${statement.values.length > 3 ? ', …' : ''}` : ''}`;
    }
  }
  return '';
}

function fieldEntries(context: EntryContext): CompletionEntry[] {
  const { replace, profile, tree } = context;
  const entries = new Map<string, CompletionEntry>();
  const add = (name: string, detail: string, sortText: string, documentation?: string) => {
    if (name === '' || entries.has(name)) return;
    const written = writeField(name);
    // A sample's field with a backtick in its name: nothing inserted could name it.
    if (written === undefined) return;
    const entry: CompletionEntry = { label: name, kind: 'field', insertText: written, detail, sortText, replace, filterText: written };
    if (documentation !== undefined) entry.documentation = documentation;
    entries.set(name, entry);
  };
  const used = fieldsUsed(tree);
  used.forEach((name, i) => {
    const seen = profile?.fields.get(name);
    add(name, seen === undefined ? 'used in this file' : `used in this file; in ${percent(seen.present, profile!.events)} of the sample`, `0${String(i).padStart(5, '0')}`);
  });
  if (profile !== undefined) {
    const byPresence = [...profile.fields.values()].sort((a, b) => b.present - a.present || a.field.localeCompare(b.field));
    byPresence.forEach((field, i) => add(field.field, `in ${percent(field.present, profile.events)} of the sample events`, `1${String(i).padStart(5, '0')}`));
  }
  STANDARD_FIELDS.forEach((field, i) => add(field.name, 'standard field', `2${String(i).padStart(5, '0')}`, field.description));
  return [...entries.values()];
}

function valueEntries(field: string, context: EntryContext, written: Set<string>): CompletionEntry[] {
  const profile = context.profile;
  const fieldProfile = profile?.fields.get(field);
  if (profile === undefined || fieldProfile === undefined) return [];
  const entries: CompletionEntry[] = [];
  fieldProfile.values.forEach((value, i) => {
    if (value.value === null) return;
    const quoted = JSON.stringify(value.value);
    if (written.has(quoted)) return;
    entries.push({
      ...stringEntry(value.value, 'value', context.replace, `${value.count.toLocaleString('en-US')} of ${profile.events.toLocaleString('en-US')} sample events`),
      sortText: String(i).padStart(5, '0'),
    });
  });
  return entries;
}
