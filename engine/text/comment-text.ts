// Text that the project writes into a `#` comment of a `.channels` file, such as a file
// name (an importer's `# from model.sql:42`, the file names of `init`'s templates). A
// comment ends at the end of its line, so a line break in a file name ended it and put
// the rest of the name on a line of its own, which the rules then failed to parse
// ("nl\nname.json" imported as an internal error, and `init` wrote a file with syntax
// errors). Such characters are escaped as the CLI shows them on a terminal
// (cli/format/terminal-text, git's quoting of paths): `\n`, `\a \b \t \v \f \r` by name,
// any other C0 control, DEL and C1 control as the octal escapes of its UTF-8 bytes;
// U+2028 and U+2029 too, which editors may show as line breaks (./control-escapes).

import { escapeCharacters } from './control-escapes';

const ESCAPED = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/g;

/** `text` as one line of a `#` comment: control characters and line separators escaped. */
export function commentText(text: string): string {
  return escapeCharacters(text, ESCAPED);
}
