// Control characters written as git quotes them in paths (core.quotePath): `\a \b \t
// \n \v \f \r` by name, any other character as the octal escapes of its UTF-8 bytes
// (ESC is `\033`, U+009B is `\302\233`). Which characters are escaped is the caller's
// choice (a terminal keeps its line feeds, a `#` comment cannot). TextEncoder, not
// Buffer: the web extension writes comments too.

const NAMED: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\v': '\\v', '\f': '\\f', '\r': '\\r' };

const encoder = new TextEncoder();

function octal(character: string): string {
  return Array.from(encoder.encode(character), (byte) => `\\${byte.toString(8).padStart(3, '0')}`).join('');
}

/** `text` with every character that `escaped` (a global regex of single characters) matches escaped. */
export function escapeCharacters(text: string, escaped: RegExp): string {
  escaped.lastIndex = 0;
  if (!escaped.test(text)) return text;
  return text.replace(escaped, (character) => NAMED[character] ?? octal(character));
}
