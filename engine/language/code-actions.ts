// Code actions in editor words: quick fixes for diagnostics, and rewrites offered
// where the cursor is. Each is a title and text edits (offsets); the server turns
// them into LSP code actions. Every edit keeps the file valid, and changes what the
// rules do only in the way its title says: its words are kept apart from tokens they
// touch (`g="h"or` takes `ignoring case` as `g="h" ignoring case or`), and a rewrite
// of a condition the parser could not read whole is not offered.

import type { ChannelBlock, Comment, Condition, Expression, ParseResult, SourceFile, Span, WhenClause } from '../../grammar/syntax-tree';
import { parseChannels } from '../../grammar/parse';
import { commentsKept } from '../../grammar/comments-kept';
import { lineEndingOf } from '../../grammar/line-ending';
import { spacedReplacement } from '../../grammar/token-joins';
import { PLACEHOLDER_VALUES } from '../check/check-rules';
import type { Diagnostic, DiagnosticCode } from '../diagnostics';
import { fieldText } from '../format/format-rules';
import { writeField } from './field-name-text';
import type { RulesDocument } from './document';
import { formatEvent } from './hover';
import type { TextEdit } from './references';
import { innermost, nodePathAt, walk } from './syntax-walk';

export interface CodeActionEdit {
  title: string;
  kind: 'quickfix' | 'refactor.rewrite' | 'refactor.move';
  edits: TextEdit[];
  /** The fix the editor applies first (e.g. on "Fix all"). */
  preferred?: boolean;
}

/** A diagnostic as it comes back from the editor: its code, range and the engine's data. */
export interface DiagnosticRef {
  code: DiagnosticCode | string;
  span: Span;
  example?: Diagnostic['example'];
  data?: Record<string, unknown>;
  /** Spans of the related information (same file). */
  related?: Span[];
}

const PLACEHOLDERS: ReadonlySet<string> = new Set(PLACEHOLDER_VALUES);

/**
 * What the code actions of one request share (the server makes one per request):
 * which actions the editor is offered (the kinds it asked for, a rewrite not offered
 * already as a quick fix), and the parses of their results. Only an action offered is
 * checked, and each result once: two diagnostics of one rule offer the same fix, and
 * each check parses the whole file.
 */
export interface ActionsRequest {
  offered?: (action: CodeActionEdit) => boolean;
  checks?: SyntaxChecks;
}

export function quickFixes(document: RulesDocument, diagnostic: DiagnosticRef, request: ActionsRequest = {}): CodeActionEdit[] {
  return offeredAndChecked(document, quickFixesOf(document, diagnostic), request);
}

/** Rewrites offered at the cursor (no diagnostic needed). */
export function refactorsAt(document: RulesDocument, span: Span, request: ActionsRequest = {}): CodeActionEdit[] {
  return offeredAndChecked(document, rewritesAt(document, span), request);
}

function offeredAndChecked(document: RulesDocument, actions: CodeActionEdit[], { offered = () => true, checks = new SyntaxChecks(document) }: ActionsRequest): CodeActionEdit[] {
  return actions
    .filter(offered)
    .map((action) => keptApart(document, action))
    .filter((action) => checks.addsNoSyntaxError(action));
}

/**
 * In a file with syntax errors an edit can change how the parser recovers around them
 * (an expectation added after an `expect` that lacks its channel splits it in two): there,
 * an action is offered only when its result, parsed, has no more errors than the file.
 * A file without errors is not parsed again: every action keeps it valid by construction.
 * The results of one document's actions are parsed once each (keyed by their edits).
 */
export class SyntaxChecks {
  private readonly byEdits = new Map<string, boolean>();

  constructor(private readonly document: RulesDocument) {}

  addsNoSyntaxError(action: CodeActionEdit): boolean {
    const errors = this.document.parsed.errors.length;
    if (errors === 0) return true;
    const edits = [...action.edits].sort((a, b) => b.span.start - a.span.start);
    const key = JSON.stringify(edits.map((edit) => [edit.span.start, edit.span.end, edit.newText]));
    let kept = this.byEdits.get(key);
    if (kept === undefined) {
      let text = this.document.text;
      for (const edit of edits) text = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
      kept = parseChannels(text).errors.length <= errors;
      this.byEdits.set(key, kept);
    }
    return kept;
  }
}

/** The action with a space added to an edit wherever its new text would otherwise run into a token beside it. */
function keptApart(document: RulesDocument, action: CodeActionEdit): CodeActionEdit {
  return { ...action, edits: action.edits.map((edit) => ({ span: edit.span, newText: spacedReplacement(document.text, edit.span, edit.newText) })) };
}

function quickFixesOf(document: RulesDocument, diagnostic: DiagnosticRef): CodeActionEdit[] {
  const tree = document.parsed.tree;
  switch (diagnostic.code) {
    case 'unreachable-rule': {
      const found = whenAt(tree, diagnostic.span);
      if (found === undefined) return [];
      const fixes = [deleteRule(document, found, 'Delete the unreachable rule')];
      const move = moveAboveCovering(document, found, diagnostic);
      if (move !== undefined) fixes.push(move);
      return fixes.map((fix, i) => (i === 0 ? { ...fix, preferred: true } : fix));
    }
    case 'unsatisfiable-rule': {
      const found = whenAt(tree, diagnostic.span);
      return found === undefined ? [] : [{ ...deleteRule(document, found, 'Delete the rule no event can match'), preferred: true }];
    }
    case 'placeholder-value': {
      const given = checkerEdit(diagnostic.data, 'replace');
      if (given !== undefined) {
        // The edit's text starts with the comments it keeps; the title names what the condition becomes.
        const replacement = typeof diagnostic.data?.replacement === 'string' ? diagnostic.data.replacement : given.newText.trim();
        return [{ title: `Replace with \`${replacement}\``, kind: 'quickfix', edits: [given], preferred: true }];
      }
      const condition = conditionAt(tree, diagnostic.span);
      const fix = condition === undefined ? undefined : placeholderFix(document, condition);
      return fix === undefined ? [] : [{ ...fix, preferred: true }];
    }
    case 'suspicious-regex': {
      const replacement = diagnostic.data?.replacement;
      if (typeof replacement === 'string') {
        return [{ title: `Write \`${replacement}\` to match a literal dot`, kind: 'quickfix', edits: [{ span: diagnostic.span, newText: replacement }], preferred: true }];
      }
      const condition = conditionAt(tree, diagnostic.span);
      if (condition?.operand?.kind !== 'regex') return [];
      const escaped = escapeDomainDots(condition.operand.pattern);
      if (escaped === condition.operand.pattern) return [];
      return [
        {
          title: `Escape the dots: /${escaped}/${condition.operand.flags}`,
          kind: 'quickfix',
          edits: [{ span: condition.operand.span, newText: `/${escaped}/${condition.operand.flags}` }],
          preferred: true,
        },
      ];
    }
    case 'overlapping-rule': {
      if (diagnostic.example === undefined) return [];
      const expectation = addExpectation(document, diagnostic.example.event, diagnostic.example.channel);
      return expectation === undefined ? [] : [expectation];
    }
    case 'failed-expectation': {
      const expectation = tree.statements.find(
        (statement) => statement.kind === 'expect' && statement.span.start <= diagnostic.span.start && diagnostic.span.end <= statement.span.end,
      );
      if (expectation?.kind !== 'expect' || expectation.channel === undefined || diagnostic.example === undefined) return [];
      const actual = diagnostic.example.channel;
      return [
        {
          title: actual === null ? 'Expect unclassified, as the rules do' : `Expect ${JSON.stringify(actual)}, as the rules do`,
          kind: 'quickfix',
          edits: [{ span: expectation.channel.span, newText: actual === null ? 'unclassified' : JSON.stringify(actual) }],
        },
      ];
    }
    case 'unknown-field': {
      const suggestion = diagnostic.data?.suggestion;
      const written = typeof suggestion === 'string' ? writeField(suggestion) : undefined;
      if (written === undefined) return [];
      return [{ title: `Change to ${suggestion}`, kind: 'quickfix', edits: [{ span: diagnostic.span, newText: written }], preferred: true }];
    }
    case 'redundant-condition': {
      const edit = removeOperand(document, diagnostic.span);
      return edit === undefined ? [] : [{ title: 'Remove the redundant condition', kind: 'quickfix', edits: [edit], preferred: true }];
    }
    case 'duplicate-value': {
      const removed = checkerEdit(diagnostic.data, 'remove')?.span ?? removeListValue(document, diagnostic.span);
      if (removed === undefined) return [];
      // The value goes with the comma before it: a comment written after that comma (the
      // previous value's, in a list of a value a line) stays.
      const edit = { span: removed, newText: commentsKept(document.text, document.parsed, removed) };
      return [{ title: 'Remove the repeated value', kind: 'quickfix', edits: [edit], preferred: true }];
    }
    default:
      return [];
  }
}

/** An edit the checker put in a diagnostic's data: `{ [key]: span, newText? }`. */
function checkerEdit(data: Record<string, unknown> | undefined, key: 'replace' | 'remove'): TextEdit | undefined {
  const span = data?.[key] as Partial<Span> | undefined;
  if (span === undefined || typeof span.start !== 'number' || typeof span.end !== 'number') return undefined;
  const newText = key === 'remove' ? '' : data?.newText;
  if (typeof newText !== 'string') return undefined;
  return { span: { start: span.start, end: span.end }, newText };
}

function rewritesAt(document: RulesDocument, span: Span): CodeActionEdit[] {
  const tree = document.parsed.tree;
  const path = nodePathAt(tree, span.start);
  const found = innermost(path, 'condition');
  // `a = 5` is a condition without its operand: `ignoring case` after `=` would be one more error.
  const condition = found !== undefined && readWhole(document.parsed, found) ? found : undefined;
  const actions: CodeActionEdit[] = [];
  if (condition !== undefined && condition.caseModifier === undefined && comparesStrings(condition) && tree.caseInsensitive === undefined) {
    if (!(condition.operand?.kind === 'regex' && condition.operand.flags.includes('i'))) {
      actions.push({
        title: 'Add `ignoring case`',
        kind: 'refactor.rewrite',
        edits: [{ span: { start: condition.span.end, end: condition.span.end }, newText: ' ignoring case' }],
      });
    }
  }
  if (condition !== undefined) {
    const fix = placeholderFix(document, condition);
    if (fix !== undefined) actions.push({ ...fix, kind: 'refactor.rewrite' });
  }
  return actions;
}

/** Whether the parser read a comparison whole: its operand is there and no syntax error touches it. */
function readWhole(parsed: ParseResult, condition: Condition): boolean {
  return condition.operand !== undefined && !parsed.errors.some((error) => error.span.start <= condition.span.end && error.span.end >= condition.span.start);
}

function comparesStrings(condition: Condition): boolean {
  return ['equals', 'in', 'contains', 'startsWith', 'endsWith', 'matches'].includes(condition.operator);
}

function whenAt(tree: SourceFile, span: Span): { when: WhenClause; channel: ChannelBlock } | undefined {
  for (const statement of tree.statements) {
    if (statement.kind !== 'channel') continue;
    for (const when of statement.rules) {
      if (when.span.start <= span.start && span.end <= when.span.end) return { when, channel: statement };
    }
  }
  return undefined;
}

function conditionAt(tree: SourceFile, span: Span): Condition | undefined {
  let found: Condition | undefined;
  walk(tree, (node) => {
    if (node.kind === 'condition' && node.span.start <= span.start && span.end <= node.span.end) found = node;
  });
  return found;
}

/** From the start of the line (when only blanks precede) through the line break after `span` (when only blanks or a comment follow). */
function wholeLines(text: string, span: Span): Span {
  let start = span.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  if (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start = span.start;
  const rest = /^[ \t]*(#[^\r\n]*)?(\r\n|\r|\n)?/.exec(text.slice(span.end))![0];
  return { start, end: span.end + rest.length };
}

function deleteRule(document: RulesDocument, found: { when: WhenClause; channel: ChannelBlock }, title: string): CodeActionEdit {
  const { text } = document;
  if (found.channel.rules.length === 1) {
    // The block's only rule: the block goes with it, and one blank line after it.
    const block = wholeLines(text, found.channel.span);
    const blank = /^[ \t]*(\r\n|\r|\n)/.exec(text.slice(block.end));
    return { title, kind: 'quickfix', edits: [{ span: { start: block.start, end: block.end + (blank?.[0].length ?? 0) }, newText: '' }] };
  }
  return { title, kind: 'quickfix', edits: [{ span: wholeLines(text, found.when.span), newText: '' }] };
}

/** The checked rules of a diagnostic's covering set, from its data or its related spans. */
function coveringWhens(document: RulesDocument, diagnostic: DiagnosticRef): { when: WhenClause; channel: ChannelBlock }[] {
  const tree = document.parsed.tree;
  const spans: Span[] = [];
  const indexes = diagnostic.data?.coveredBy;
  if (Array.isArray(indexes)) {
    for (const index of indexes) {
      const rule = typeof index === 'number' ? document.checked.rules[index] : undefined;
      if (rule !== undefined) spans.push(rule.span);
    }
  } else for (const span of diagnostic.related ?? []) spans.push(span);
  return spans
    .map((span) => whenAt(tree, span))
    .filter((found): found is { when: WhenClause; channel: ChannelBlock } => found !== undefined)
    .sort((a, b) => a.when.span.start - b.when.span.start);
}

function indentationOf(text: string, offset: number): string {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  return /^[ \t]*/.exec(text.slice(start))![0];
}

function lineStart(text: string, offset: number): number {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  return start;
}

/**
 * Where text goes in front of the statement or rule at `offset`: the start of its line
 * when only blanks precede it there, else the offset itself (`channel "A" when …` on one
 * line: text at the line's start would come before the channel).
 */
function startOfOwnLine(text: string, offset: number): number {
  const start = lineStart(text, offset);
  return /^[ \t]*$/.test(text.slice(start, offset)) ? start : offset;
}

/**
 * Moves an unreachable rule to just above the first rule that covers it, so it gets
 * the events it was written for. Above a rule of another channel that means a block
 * of its own (splitting the other channel's block when the rule is in its middle).
 */
function moveAboveCovering(
  document: RulesDocument,
  found: { when: WhenClause; channel: ChannelBlock },
  diagnostic: DiagnosticRef,
): CodeActionEdit | undefined {
  const covering = coveringWhens(document, diagnostic);
  const target = covering[0];
  if (target === undefined || found.when.condition === undefined || found.channel.name === undefined) return undefined;
  const { text } = document;
  const eol = lineEndingOf(text, document.parsed);
  const condition = text.slice(found.when.condition.span.start, found.when.condition.span.end);
  // The rule's comments go with it: the lines of comments right above it, and one after it on its line.
  const above = commentLinesAbove(document, found);
  const after = /^[ \t]*(#[^\r\n]*)?/.exec(text.slice(found.when.span.end))![1];
  const indent = indentationOf(text, found.when.span.start);
  const comments = (at: string) => above.map((comment) => `${at}${comment.text}${eol}`).join('');
  const ruleText = `when ${condition}${after === undefined ? '' : ` ${after}`}`;
  const name = found.channel.name.raw;
  const line = document.lines.lineNumber(target.when.span.start);
  const removal = deleteRule(document, found, '').edits[0]!;
  if (above.length > 0 && found.channel.rules.length > 1) removal.span = { start: lineStart(text, above[0]!.span.start), end: removal.span.end };
  let insertion: TextEdit;
  if (target.channel === found.channel || target.channel.name?.value === found.channel.name.value) {
    const at = startOfOwnLine(text, target.when.span.start);
    // Mid-line (`channel "A" when …`), the rule goes right before the `when` and the line breaks after it.
    const midLine = at !== lineStart(text, target.when.span.start);
    const targetIndent = midLine ? '' : indentationOf(text, target.when.span.start);
    const lineBreak = midLine ? `${eol}${indent || '  '}` : eol;
    insertion = { span: { start: at, end: at }, newText: `${comments(targetIndent)}${targetIndent}${ruleText}${lineBreak}` };
  } else if (target.channel.rules[0] === target.when) {
    const at = startOfOwnLine(text, target.channel.span.start);
    insertion = { span: { start: at, end: at }, newText: `channel ${name}${eol}${comments(indent || '  ')}  ${ruleText}${eol}${eol}` };
  } else {
    const at = startOfOwnLine(text, target.when.span.start);
    const other = target.channel.name?.raw ?? '""';
    insertion = { span: { start: at, end: at }, newText: `${eol}channel ${name}${eol}${comments(indent || '  ')}  ${ruleText}${eol}${eol}channel ${other}${eol}` };
  }
  if (insertion.span.start > removal.span.start) return undefined;
  return { title: `Move the rule above the rule on line ${line} that covers it`, kind: 'quickfix', edits: [insertion, removal] };
}

/**
 * The comments on lines of their own right above a rule, after the rule or channel name
 * before it: what the author wrote about this rule, which moves with it.
 */
function commentLinesAbove(document: RulesDocument, found: { when: WhenClause; channel: ChannelBlock }): Comment[] {
  const index = found.channel.rules.indexOf(found.when);
  const from = index > 0 ? found.channel.rules[index - 1]!.span.end : (found.channel.name?.span.end ?? found.channel.span.start);
  const { text } = document;
  return document.parsed.comments.filter(
    (comment) => comment.span.start >= from && comment.span.end <= found.when.span.start && /^[ \t]*$/.test(text.slice(lineStart(text, comment.span.start), comment.span.start)),
  );
}

/** `f = "(none)"` → `f is not set`; `f != "(none)"` → `f is set`; the same for lists of placeholders only. */
function placeholderFix(document: RulesDocument, condition: Condition): CodeActionEdit | undefined {
  const operand = condition.operand;
  let values: string[];
  if ((condition.operator === 'equals' || condition.operator === 'in') && operand?.kind === 'string') values = [operand.value];
  else if (condition.operator === 'in' && operand?.kind === 'list-literal') values = operand.values.map((value) => value.value);
  else return undefined;
  if (values.length === 0 || !values.every((value) => PLACEHOLDERS.has(value))) return undefined;
  const replacement = `${fieldText(condition.field)} ${condition.negated ? 'is set' : 'is not set'}`;
  const kept = commentsKept(document.text, document.parsed, condition.span);
  return { title: `Replace with \`${replacement}\``, kind: 'quickfix', edits: [{ span: condition.span, newText: kept + replacement }] };
}

/**
 * Escapes the `.` of domain-like parts of a regex (`google.com` → `google\.com`): an
 * unescaped dot outside a character class, between a letter or digit and a letter,
 * or after `www`.
 */
export function escapeDomainDots(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      out += pattern.slice(i, i + 2);
      i++;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    const domainLike = /[\p{L}\p{N}]/u.test(pattern[i - 1] ?? '') && /\p{L}/u.test(pattern[i + 1] ?? '');
    if (c === '.' && !inClass && (domainLike || pattern.slice(Math.max(0, i - 3), i) === 'www')) {
      out += '\\.';
      continue;
    }
    out += c;
  }
  return out;
}

/** The expectation, or undefined when a field of the event cannot be written (formatEvent). */
function addExpectation(document: RulesDocument, event: Record<string, string | null>, channel: string | null): CodeActionEdit | undefined {
  const written = formatEvent(event);
  if (written === undefined) return undefined;
  const { text } = document;
  const eol = lineEndingOf(text, document.parsed);
  const statements = document.parsed.tree.statements;
  const lastExpect = [...statements].reverse().find((statement) => statement.kind === 'expect');
  const head = channel === null ? 'unclassified' : JSON.stringify(channel);
  const line = `expect ${head} for ${written}`;
  let edit: TextEdit;
  if (lastExpect !== undefined) {
    const end = wholeLines(text, lastExpect.span).end;
    const needsBreak = end === text.length && !/[\r\n]$/.test(text);
    edit = { span: { start: end, end }, newText: `${needsBreak ? eol : ''}${line}${eol}` };
  } else {
    const trimmed = text.replace(/\s+$/, '');
    edit = { span: { start: trimmed.length, end: text.length }, newText: `${trimmed.length > 0 ? eol + eol : ''}${line}${eol}` };
  }
  return {
    title: channel === null ? 'Add an expectation: this event is unclassified' : `Add an expectation: this event gets ${JSON.stringify(channel)}`,
    kind: 'quickfix',
    edits: [edit],
  };
}

/** Removes one operand of an `and` / `or` with the word that joins it. */
function removeOperand(document: RulesDocument, span: Span): TextEdit | undefined {
  const tree = document.parsed.tree;
  let parent: Extract<Expression, { kind: 'and' | 'or' }> | undefined;
  let index = -1;
  walk(tree, (node) => {
    if (node.kind !== 'and' && node.kind !== 'or') return;
    const at = node.operands.findIndex((operand) => operand.span.start === span.start && operand.span.end === span.end);
    if (at >= 0) {
      parent = node;
      index = at;
    }
  });
  if (parent === undefined) return undefined;
  const operands = parent.operands;
  const removed =
    index < operands.length - 1 ? { start: operands[index]!.span.start, end: operands[index + 1]!.span.start } : { start: operands[index - 1]!.span.end, end: operands[index]!.span.end };
  return { span: removed, newText: commentsKept(document.text, document.parsed, removed) };
}

/** Removes a string from a `[…]` list with its comma. */
function removeListValue(document: RulesDocument, span: Span): Span | undefined {
  let removed: Span | undefined;
  walk(document.parsed.tree, (node) => {
    const values = node.kind === 'list' || node.kind === 'list-literal' ? node.values : undefined;
    if (values === undefined) return;
    const index = values.findIndex((value) => value.span.start === span.start && value.span.end === span.end);
    if (index < 0) return;
    if (index < values.length - 1) removed = { start: values[index]!.span.start, end: values[index + 1]!.span.start };
    else if (index > 0) removed = { start: values[index - 1]!.span.end, end: values[index]!.span.end };
    else removed = values[index]!.span;
  });
  return removed;
}

