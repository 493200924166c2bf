// `‸` marks the cursor in test texts.
import { LineIndex } from '../../engine/text/line-index';

export const CURSOR = '‸';

export function withCursor(marked: string): { text: string; offset: number; position: { line: number; character: number } } {
  const offset = marked.indexOf(CURSOR);
  if (offset < 0 || marked.indexOf(CURSOR, offset + 1) >= 0) throw new Error(`exactly one ${CURSOR} expected in ${JSON.stringify(marked)}`);
  const text = marked.slice(0, offset) + marked.slice(offset + CURSOR.length);
  return { text, offset, position: new LineIndex(text).position(offset) };
}

/** The position of the first occurrence of `needle` (plus `delta` characters) in `text`. */
export function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`${JSON.stringify(needle)} not in the text`);
  return new LineIndex(text).position(offset + delta);
}

/** Applies LSP text edits to a text. */
export function applyEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lines = new LineIndex(text);
  let out = text;
  const sorted = edits
    .map((edit) => ({ start: lines.offset(edit.range.start), end: lines.offset(edit.range.end), newText: edit.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  for (const edit of sorted) out = out.slice(0, edit.start) + edit.newText + out.slice(edit.end);
  return out;
}
