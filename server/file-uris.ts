// File URIs as VS Code writes and reads them (vscode-uri: `URI.file(path).toString()`
// and `fsPath`). The server makes URIs for files no editor has open (Check Workspace,
// workspace symbols) and meets them again beside the open documents' URIs: Node's
// pathToFileURL escapes fewer characters than VS Code (`(`, `)`, `!`, `&`, `@`, …),
// and other clients escape fewer still (Neovim leaves `(` as it is), so two URIs are
// one file when they name one path, however each spells it. A client's URI may hold
// escapes that are not UTF-8 (Neovim writes a Latin-1 byte as `%E9`) or a bare `%`:
// read as well as they can be, never thrown on. No Node modules here: the web build
// compares open documents' URIs and names them the same way.

/** The escapes VS Code writes for the reserved characters (encodeURIComponent keeps `!'()*`). */
const RESERVED_ESCAPES: Record<string, string> = { '!': '%21', "'": '%27', '(': '%28', ')': '%29', '*': '%2A' };

/**
 * The URI VS Code gives an absolute path (`windows`: `\` separates, `C:` is a drive,
 * `\\host\share` a network share). Every character but the unreserved ones and `/`
 * is escaped, as UTF-8; a lone surrogate (a Windows file name can hold one) as U+FFFD.
 */
export function fileUriOf(file: string, windows: boolean): string {
  let filePath = windows ? file.replaceAll('\\', '/') : file;
  let authority = '';
  if (filePath.startsWith('//')) {
    const end = filePath.indexOf('/', 2);
    authority = end === -1 ? filePath.slice(2) : filePath.slice(2, end);
    filePath = end === -1 ? '/' : filePath.slice(end);
  }
  if (!filePath.startsWith('/')) filePath = `/${filePath}`;
  filePath = withLowerCaseDrive(filePath);
  return `file://${escaped(authority.toLowerCase(), /[A-Za-z0-9\-._~[\]:]/)}${escaped(filePath, /[A-Za-z0-9\-._~/]/)}`;
}

function escaped(text: string, kept: RegExp): string {
  let result = '';
  for (const character of text) {
    if (kept.test(character)) result += character;
    else if (character.length === 1 && character >= '\uD800' && character <= '\uDFFF') result += '%EF%BF%BD';
    else result += RESERVED_ESCAPES[character] ?? encodeURIComponent(character);
  }
  return result;
}

/**
 * The path a `file:` URI names as VS Code reads it (its `fsPath`), its escapes decoded
 * (decodeEscapes): an authority makes it a network path (`//host/share`); on Windows a
 * drive letter is in lower case and `\` separates. Undefined for a URI of another scheme.
 */
export function pathOfFileUri(uri: string, windows: boolean): string | undefined {
  const parts = parsedFileUri(uri);
  if (parts === undefined) return undefined;
  let file = parts.path;
  if (parts.authority !== '' && file.length > 1) file = `//${parts.authority}${file}`;
  else if (windows && /^\/[A-Za-z]:/.test(file)) file = withLowerCaseDrive(file).slice(1);
  return windows ? file.replaceAll('/', '\\') : file;
}

/**
 * What two URIs of one file share, however each escapes its path: for a `file:` URI
 * its authority and decoded path, a drive letter in lower case (VS Code writes
 * `c%3A`, Neovim `C:`); any other URI as it is.
 */
export function sameFileKeyOf(uri: string): string {
  const parts = parsedFileUri(uri);
  if (parts === undefined) return uri;
  return `file://${parts.authority.toLowerCase()}${withLowerCaseDrive(parts.path)}`;
}

/** `/C:/x` as `/c:/x`: VS Code writes a drive letter in lower case. */
function withLowerCaseDrive(path: string): string {
  return /^\/[A-Z]:/.test(path) ? `/${path[1]!.toLowerCase()}${path.slice(2)}` : path;
}

function parsedFileUri(uri: string): { authority: string; path: string } | undefined {
  const parts = /^file:(?:\/\/([^/?#]*))?([^?#]*)/i.exec(uri);
  if (parts === null) return undefined;
  // `file://localhost/x` is `/x` (RFC 8089).
  const authority = decodeEscapes(parts[1] ?? '');
  return { authority: authority.toLowerCase() === 'localhost' ? '' : authority, path: decodeEscapes(parts[2] ?? '') || '/' };
}

/** How `file:line` references name a document: the last segment of its URI's path, decoded. */
export function fileNameOf(uri: string): string {
  const file = decodeEscapes(uri.replace(/[?#].*$/, ''));
  return file.slice(file.lastIndexOf('/') + 1);
}

/**
 * The text with its `%XX` escapes decoded as UTF-8, those that are not UTF-8 (a
 * Latin-1 byte, as Neovim writes `é` of a Latin-1 file name) and a `%` that starts no
 * escape kept as they are: decodeURIComponent throws on both. Each escape is looked at
 * with at most the three after it, so the cost is linear.
 */
export function decodeEscapes(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    let decoded = '';
    for (let at = 0; at < run.length; ) {
      const length = utf8SequenceLength(run, at);
      if (length === 0) {
        decoded += run.slice(at, at + 3);
        at += 3;
      } else {
        decoded += decodeURIComponent(run.slice(at, at + 3 * length));
        at += 3 * length;
      }
    }
    return decoded;
  });
}

/** How many escapes from `at` (in a run of escapes) make one UTF-8 character; 0 when they make none. */
function utf8SequenceLength(run: string, at: number): number {
  const byteAt = (index: number) => Number.parseInt(run.slice(at + 3 * index + 1, at + 3 * index + 3), 16);
  const lead = byteAt(0);
  if (lead < 0x80) return 1;
  const length = lead >= 0xc2 && lead < 0xe0 ? 2 : lead >= 0xe0 && lead < 0xf0 ? 3 : lead >= 0xf0 && lead < 0xf5 ? 4 : 0;
  if (length === 0 || at + 3 * length > run.length) return 0;
  // The second byte's range excludes overlong forms, surrogates and code points above U+10FFFF.
  const second = byteAt(1);
  const [low, high] = lead === 0xe0 ? [0xa0, 0xbf] : lead === 0xed ? [0x80, 0x9f] : lead === 0xf0 ? [0x90, 0xbf] : lead === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
  if (second < low || second > high) return 0;
  for (let index = 2; index < length; index++) {
    const next = byteAt(index);
    if (next < 0x80 || next > 0xbf) return 0;
  }
  return length;
}
