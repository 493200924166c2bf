// Formatting as edits: the whole document, or only the statements a range touches.
// Edits are trimmed to the part that changes, so the editor keeps cursors, folds and
// markers around the rest.

import { parseChannels } from '../../grammar/parse';
import type { ParseResult, Span } from '../../grammar/syntax-tree';
import { formatRules, type FormatOptions } from './format-rules';
import { meaningFingerprint } from './meaning-fingerprint';

export interface TextEdit {
  span: Span;
  newText: string;
}

/** The edits that format the whole file; undefined when it cannot be formatted (syntax errors). */
export function formatDocumentEdits(text: string, parsed: ParseResult, options?: FormatOptions): TextEdit[] | undefined {
  const formatted = formatRules(text, parsed, options);
  if (formatted === undefined) return undefined;
  return minimalEdits(text, { start: 0, end: text.length }, formatted.text);
}

/**
 * The edits that format the top-level statements the range touches (a statement is
 * formatted whole or not at all). Undefined when the file cannot be formatted.
 */
export function formatRangeEdits(text: string, parsed: ParseResult, range: Span, options?: FormatOptions): TextEdit[] | undefined {
  const formatted = formatRules(text, parsed, options);
  if (formatted === undefined) return undefined;
  const touched = formatted.statements.filter(
    (statement) => statement.source.start < range.end && statement.source.end > range.start,
  );
  const first = touched[0];
  const last = touched[touched.length - 1];
  if (first === undefined || last === undefined) {
    // Only blank lines or comments: nothing to format.
    return [];
  }
  const whole = () => minimalEdits(text, { start: 0, end: text.length }, formatted.text);
  // The white space before the first statement becomes the canonical one too.
  const start = afterPreviousText(text, first.source.start);
  const outputStart = afterPreviousText(formatted.text, first.output.start);
  let end = last.source.end;
  let outputEnd = last.output.end;
  const following = formatted.statements[formatted.statements.indexOf(last) + 1];
  if (following !== undefined && !/[\r\n]/.test(text.slice(end, following.source.start))) {
    // The next statement starts on the line the last one ends (`… when a exists channel "B" …`):
    // the edit runs up to it, so that it starts a line of its own as in the formatted text. Kept
    // on that line, it would run into the statement's end (`existschannel`) or into a comment
    // the formatter moved there, and be commented out.
    end = following.source.start;
    outputEnd = following.output.start;
  } else {
    // A comment the formatter moved to the end of the statement's line goes with it.
    const sourceRest = /^[^\S\r\n]*(#[^\r\n]*)?/.exec(text.slice(end))![0];
    const outputRest = /^[^\r\n]*/.exec(formatted.text.slice(outputEnd))![0];
    if (!/\S/.test(outputRest) || /^\s*#/.test(outputRest)) {
      end += sourceRest.length;
      outputEnd += outputRest.length;
    }
  }
  const replaced: Span = { start, end };
  const replacement = formatted.text.slice(outputStart, outputEnd);
  if (commentTexts(parsed, replaced).join('\n') !== commentTexts(parseOutput(formatted.text), { start: outputStart, end: outputEnd }).join('\n')) {
    // Comments moved across the range's edges: format the whole file rather than lose one.
    return whole();
  }
  // As the whole-document formatter proves its output, the file with the edit applied must
  // say what it said, with every comment; else the whole file is formatted (proven) instead
  // of giving an edit that changes what the rules do.
  const edited = text.slice(0, replaced.start) + replacement + text.slice(replaced.end);
  const reparsed = parseChannels(edited);
  if (reparsed.errors.length > 0 || meaningFingerprint(reparsed) !== meaningFingerprint(parsed)) return whole();
  return minimalEdits(text, replaced, replacement);
}

function afterPreviousText(text: string, offset: number): number {
  let start = offset;
  while (start > 0 && /\s/.test(text[start - 1]!)) start--;
  return start;
}

function commentTexts(parsed: ParseResult, span: Span): string[] {
  return parsed.comments.filter((comment) => comment.span.start >= span.start && comment.span.end <= span.end).map((comment) => comment.text);
}

function parseOutput(text: string): ParseResult {
  return parseChannels(text);
}

/** One edit replacing `span` of `text` with `replacement`, trimmed to what differs (none when nothing does). */
export function minimalEdits(text: string, span: Span, replacement: string): TextEdit[] {
  const original = text.slice(span.start, span.end);
  if (original === replacement) return [];
  let prefix = 0;
  const shorter = Math.min(original.length, replacement.length);
  while (prefix < shorter && original.charCodeAt(prefix) === replacement.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < shorter - prefix &&
    original.charCodeAt(original.length - 1 - suffix) === replacement.charCodeAt(replacement.length - 1 - suffix)
  ) {
    suffix++;
  }
  return [
    {
      span: { start: span.start + prefix, end: span.end - suffix },
      newText: replacement.slice(prefix, replacement.length - suffix),
    },
  ];
}
