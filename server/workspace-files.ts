// The server's access to files that are not open in the editor (Node: the disk).
// The web build replaces this module by ./workspace-files.web: a web worker has no
// file system, so there the server knows the open documents only.

import type { Dirent, Stats } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { decodeRulesBytes, MAX_RULES_FILE_BYTES } from '../engine/text/rules-file';
import { fileUriOf, pathOfFileUri, sameFileKeyOf } from './file-uris';

const MAX_WORKSPACE_FILES = 2000;
/**
 * Folders read per workspace folder at most: links are followed wherever they point, and
 * one to `/usr/share` alone made a walk of 3,600 folders, started again by every query of
 * workspace symbols.
 */
export const MAX_WORKSPACE_FOLDERS = 5000;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test']);

/** A file's text and what tells whether it changed since. */
export interface FileSnapshot {
  text: string;
  mtimeMs: number;
  size: number;
}

const WINDOWS = path.sep === '\\';

/** The `.channels` files of a workspace folder (as URIs VS Code would write, sorted); none for a folder not on disk. */
export async function rulesFilesIn(folderUri: string, isCancelled: () => boolean = () => false): Promise<string[]> {
  const folder = pathOfFileUri(folderUri, WINDOWS);
  if (folder === undefined) return [];
  return (await findRulesFiles(folder, isCancelled)).map((file) => fileUriOf(file, WINDOWS));
}

/**
 * What two URIs of one file share, for one walk: the URI of its real path (links
 * resolved; a file open in the editor through a link is the file the walk finds
 * under its own name), else, for a path that cannot be resolved (gone, or not a
 * `file:` URI), sameFileKeyOf's. Each URI is resolved once per walk.
 */
export function sameFileKeysOfWalk(): (uri: string) => Promise<string> {
  const resolved = new Map<string, Promise<string>>();
  return (uri) => {
    const key = sameFileKeyOf(uri);
    let real = resolved.get(key);
    if (real === undefined) {
      const file = pathOfFileUri(uri, WINDOWS);
      real = file === undefined ? Promise.resolve(key) : realpath(file).then((found) => sameFileKeyOf(fileUriOf(found, WINDOWS)), () => key);
      resolved.set(key, real);
    }
    return real;
  };
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

/**
 * Every `.channels` file under a folder (skipping dependency and build folders), up to
 * MAX_WORKSPACE_FILES files and MAX_WORKSPACE_FOLDERS folders read, until `isCancelled`. Links are followed, as the editor's explorer does: a folder of rules linked
 * into the workspace is part of it. Each real folder is read once (a link to a folder
 * above it is no loop; twice when a link reaches it before its own name) and each real
 * file listed once: under a name reached through no link when it has one (the name the
 * editor opens it by), else the first in sort order.
 */
export async function findRulesFiles(root: string, isCancelled: () => boolean = () => false): Promise<string[]> {
  /** Real path → the name it is listed under, and whether that name is reached through no link. */
  const found = new Map<string, { listed: string; direct: boolean }>();
  /** Real path → whether it was read under a name reached through no link. */
  const readFolders = new Map<string, boolean>();
  const queue = [{ folder: root, direct: true }];
  let foldersRead = 0;
  for (let next = 0; next < queue.length && found.size < MAX_WORKSPACE_FILES && foldersRead < MAX_WORKSPACE_FOLDERS; next++) {
    // Between folders: a walk nobody waits for any more stops (the next query of workspace symbols starts its own).
    if (isCancelled()) break;
    const { folder, direct } = queue[next]!;
    let realFolder;
    let entries;
    try {
      realFolder = await realpath(folder);
      // Read again (once) under its own name after a link's, so that its files get their own names.
      const readBefore = readFolders.get(realFolder);
      if (readBefore === true || (readBefore === false && !direct)) continue;
      readFolders.set(realFolder, direct);
      foldersRead++;
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const listed = path.join(folder, entry.name);
      const link = entry.isSymbolicLink();
      let kind: Dirent | Stats = entry;
      let realFile = path.join(realFolder, entry.name);
      if (link) {
        try {
          kind = await stat(listed);
          if (kind.isFile()) realFile = await realpath(listed);
        } catch {
          // A link to nothing, or a loop of links.
          continue;
        }
      }
      if (kind.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) queue.push({ folder: listed, direct: direct && !link });
      } else if (kind.isFile() && entry.name.endsWith('.channels')) {
        const candidate = { listed, direct: direct && !link };
        const known = found.get(realFile);
        if (known === undefined || (candidate.direct && !known.direct) || (candidate.direct === known.direct && listed < known.listed)) found.set(realFile, candidate);
      }
    }
  }
  return [...found.values()].map((file) => file.listed).sort();
}
