// The URIs the server makes for files no editor has open must be the ones VS Code
// writes for them (vscode-uri's URI.file(path).toString(), copied below), and any
// client's URI of a file must compare equal to them: VS Code reads two spellings of
// one path as one resource, and diagnostics published under the second replaced the
// open buffer's.
import { describe, expect, it } from 'vitest';
import { decodeEscapes, fileUriOf, pathOfFileUri, sameFileKeyOf } from '../../server/file-uris';

describe('fileUriOf', () => {
  it('escapes a path as VS Code does', () => {
    expect(fileUriOf('/tmp/Q1 (old)/my rules.channels', false)).toBe('file:///tmp/Q1%20%28old%29/my%20rules.channels');
    expect(fileUriOf("/a/!$&'()*+,;=@~:[]#?%x/é 日本.channels", false)).toBe(
      'file:///a/%21%24%26%27%28%29%2A%2B%2C%3B%3D%40~%3A%5B%5D%23%3F%25x/%C3%A9%20%E6%97%A5%E6%9C%AC.channels',
    );
    expect(fileUriOf('/x/a%20b.channels', false)).toBe('file:///x/a%2520b.channels');
  });

  it('writes a Windows drive in lower case with its colon escaped, and a share as the authority', () => {
    expect(fileUriOf('C:\\Users\\Me\\a b.channels', true)).toBe('file:///c%3A/Users/Me/a%20b.channels');
    expect(fileUriOf('\\\\Server\\share\\r.channels', true)).toBe('file://server/share/r.channels');
  });

  it('reads back as the same path', () => {
    for (const file of ['/tmp/Q1 (old)/my rules.channels', "/a/!$&'()*+,;=@~:[]#?%x/é 日本.channels", '/x/a%20b.channels']) {
      expect(pathOfFileUri(fileUriOf(file, false), false)).toBe(file);
    }
    expect(pathOfFileUri(fileUriOf('C:\\Users\\Me\\a b.channels', true), true)).toBe('c:\\Users\\Me\\a b.channels');
  });
});

describe('sameFileKeyOf', () => {
  it('is the same for every spelling of one file', () => {
    const key = sameFileKeyOf('file:///tmp/Q1%20%28old%29/r.channels');
    // Neovim's spelling.
    expect(sameFileKeyOf('file:///tmp/Q1%20(old)/r.channels')).toBe(key);
    expect(sameFileKeyOf('file://localhost/tmp/Q1%20%28old%29/r.channels')).toBe(key);
    expect(sameFileKeyOf('file:///tmp/Q1%20(new)/r.channels')).not.toBe(key);
    expect(sameFileKeyOf('file:///c%3A/x/r.channels')).toBe(sameFileKeyOf('file:///C:/x/r.channels'));
    expect(sameFileKeyOf('file:///tmp/%c3%a9.channels')).toBe(sameFileKeyOf('file:///tmp/%C3%A9.channels'));
    expect(sameFileKeyOf('untitled:Untitled-1')).toBe('untitled:Untitled-1');
  });
});

describe('decodeEscapes', () => {
  it('decodes UTF-8 escapes and keeps those that are not, and a bare %, as they are', () => {
    expect(decodeEscapes('/tmp/%C3%A9t%C3%A9%20x')).toBe('/tmp/été x');
    expect(decodeEscapes('/tmp/x%E9.channels')).toBe('/tmp/x%E9.channels');
    expect(decodeEscapes('/tmp/50%.channels')).toBe('/tmp/50%.channels');
    expect(decodeEscapes('%C3%A9%E9%C3%A9%C3')).toBe('é%E9é%C3');
    expect(decodeEscapes('%F0%9F%98%80%ED%A0%80')).toBe('😀%ED%A0%80');
  });

  it('takes linear time on a long run of escapes that are not UTF-8', () => {
    const run = '%E9'.repeat(300_000);
    const started = performance.now();
    expect(decodeEscapes(run)).toBe(run);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
