// The browser's limit on a sample read whole into memory (README "In the browser"):
// what the panel and the language server's log say about a file over it.
import { describe, expect, it } from 'vitest';
import { MAX_IN_MEMORY_FILE, tooLargeForMemory } from '../../engine/events/in-memory-limits';

describe('samples read into memory', () => {
  it('up to 256 MiB are read; a larger file is refused, saying its size, the limit and where files of any size are read', () => {
    expect(MAX_IN_MEMORY_FILE).toBe(256 * 1024 * 1024);
    expect(tooLargeForMemory(0)).toBeUndefined();
    expect(tooLargeForMemory(MAX_IN_MEMORY_FILE)).toBeUndefined();
    expect(tooLargeForMemory(MAX_IN_MEMORY_FILE + 1)).toBe(
      "256 MiB is too large for the browser's memory (at most 256 MiB per sample file there; desktop VS Code and the CLI read files of any size)",
    );
    expect(tooLargeForMemory(3 * 1024 ** 3)).toMatch(/^3 GiB is too large for the browser's memory/);
  });

  it("desktop VS Code, reading a file of a virtual file system whole, does not say that desktop VS Code reads files of any size", () => {
    expect(tooLargeForMemory(300 * 1024 ** 2, 'the editor')).toBe(
      "300 MiB is too large for the editor's memory (at most 256 MiB per sample file there; a file on disk is read at any size)",
    );
  });
});
