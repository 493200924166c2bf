// Text from rules and events inside Markdown (the diff and report formats, which GitHub
// renders in pull requests): it must read as itself, never as HTML or Markdown syntax,
// and never notify anyone. GitHub finds @mentions in the rendered text, after Markdown's
// backslash escapes are read (`\@org/team` still pings the team: github/markup#1168),
// so a zero-width space is put after every `@`: `@&#8203;org/team` reads as "@org/team"
// in any CommonMark renderer and mentions no one. Code spans need none: GitHub finds no
// mentions in them. scripts/action/comment.mjs has the same rules.
import { maxOf } from '../../engine/collections/append-all';

/** A zero-width space, as the character reference a CommonMark renderer decodes. */
const AFTER_AT = '&#8203;';

/** Plain text for Markdown: HTML and Markdown syntax characters neutralised, @mentions broken. */
export function text(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]#~])/g, '\\$1')
    .replace(/@/g, `@${AFTER_AT}`)
    .replace(/\r?\n/g, ' ');
}

/** Markdown already made safe (`text`, `code`) as a table cell: a `|` would end the cell, a line break the row. */
export function tableCell(markdown: string): string {
  return markdown.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A code span whose fence is longer than any run of backticks inside. */
export function code(value: string): string {
  const flat = value.replace(/\r?\n/g, ' ');
  const longest = maxOf(Array.from(flat.matchAll(/`+/g), (match) => match[0].length), 0);
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
