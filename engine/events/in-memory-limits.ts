// Limits for a sample read whole into memory: in the browser (github.dev,
// vscode.dev) a web worker has no file system, so the editor reads the sample file
// through vscode.workspace.fs in one piece and the worker reads it from memory
// (./read-event-bytes). A web worker's heap is a few GB at most, and parsed events
// take several times their text, so: a file of at most 256 MiB, each `.gz` or zip
// entry expanding to at most 1 GiB (the CLI and desktop VS Code stream files of any
// size, with --max-entry-size 4 GiB). Documented in the README ("In the browser").

import { formatByteSize } from './expansion-limit';

export const MAX_IN_MEMORY_FILE = 256 * 1024 ** 2;
export const MAX_IN_MEMORY_ENTRY = 1024 ** 3;

/**
 * Why a file of `size` bytes is not read into memory, or undefined when it may be.
 * `where`: the browser, or desktop VS Code reading a file of a virtual file system
 * (`the editor`), which streams only the files on disk.
 */
export function tooLargeForMemory(size: number, where: 'the browser' | 'the editor' = 'the browser'): string | undefined {
  if (size <= MAX_IN_MEMORY_FILE) return undefined;
  const elsewhere = where === 'the browser' ? 'desktop VS Code and the CLI read files of any size' : 'a file on disk is read at any size';
  return `${formatByteSize(size)} is too large for ${where}'s memory (at most ${formatByteSize(MAX_IN_MEMORY_FILE)} per sample file there; ${elsewhere})`;
}
