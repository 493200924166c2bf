// The server's access to files that are not open in the editor (Node: the disk).
// The web build replaces this module by ./workspace-files.web: a web worker has no
// file system, so there the server knows the open documents only.

import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { decodeRulesBytes, MAX_RULES_FILE_BYTES } from '../engine/text/rules-file';
import { fileUriOf, pathOfFileUri } from './file-uris';

const MAX_WORKSPACE_FILES = 2000;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test']);

/** A file's text and what tells whether it changed since. */
export interface FileSnapshot {
  text: string;
  mtimeMs: number;
  size: number;
}

const WINDOWS = path.sep === '\\';

/** The `.channels` files of a workspace folder (as URIs VS Code would write, sorted); none for a folder not on disk. */
export async function rulesFilesIn(folderUri: string): Promise<string[]> {
  const folder = pathOfFileUri(folderUri, WINDOWS);
  if (folder === undefined) return [];
  return (await findRulesFiles(folder)).map((file) => fileUriOf(file, WINDOWS));
}

/** Whether the file changed since `known` (its mtime and size); throws when it cannot be read. */
export async function readIfChanged(uri: string, known: { mtimeMs: number; size: number } | undefined): Promise<FileSnapshot | 'unchanged'> {
  const file = pathOfFileUri(uri, WINDOWS);
  if (file === undefined) throw new Error('not a file: URI');
  const info = await stat(file);
  // The CLI's limits (engine/text/rules-file.ts): no devices or FIFOs, at most 16 MiB.
  if (!info.isFile() || info.size > MAX_RULES_FILE_BYTES) throw new Error('not a readable rules file');
  if (known !== undefined && known.mtimeMs === info.mtimeMs && known.size === info.size) return 'unchanged';
  return { text: decodeRulesBytes(await readFile(file)).text, mtimeMs: info.mtimeMs, size: info.size };
}

/** Every `.channels` file under a folder (skipping dependency and build folders), up to a limit. */
export async function findRulesFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const queue = [root];
  while (queue.length > 0 && found.length < MAX_WORKSPACE_FILES) {
    const folder = queue.shift()!;
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) queue.push(path.join(folder, entry.name));
      } else if (entry.isFile() && entry.name.endsWith('.channels')) found.push(path.join(folder, entry.name));
    }
  }
  return found.sort();
}
