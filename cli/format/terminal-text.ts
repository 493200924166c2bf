// Text meant for a terminal (the text, markdown and github formats, and every message on
// stderr) shows control characters the way git quotes them in paths (core.quotePath;
// engine/text/control-escapes): `\a \b \t \v \f \r` by name, any other C0 control, DEL
// and C1 control as the octal escapes of its UTF-8 bytes (ESC is `\033`). So an event type
// or channel name cannot move the cursor, retitle the terminal (`\033]0;…\a`) or hide
// text. Line breaks of the output itself are kept; one inside a value cannot be told
// apart from them (docs/security.md). JSON, SARIF and CSV are data and keep every
// character (JSON escapes control characters itself); JUnit keeps every character XML
// 1.0 can hold and writes the rest as U+FFFD (cli/commands/test.ts).

import { escapeCharacters } from '../../engine/text/control-escapes';

const CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/g;

/** `text` with every control character but the line feed escaped as git does. */
export function escapeControlCharacters(text: string): string {
  return escapeCharacters(text, CONTROL);
}

const CONTROL_OR_LINE_FEED = /[\x00-\x1f\x7f-\x9f]/g;

/** One line of a message (stderr): control characters escaped, line feeds too (`\n`). */
export function escapeLine(text: string): string {
  return escapeCharacters(text, CONTROL_OR_LINE_FEED);
}
