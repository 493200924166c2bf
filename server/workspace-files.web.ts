// The web build's ./workspace-files: a web worker has no file system, so the server
// knows the open documents only (workspace symbols and Check Workspace cover the open
// files; README "In the browser").

import { sameFileKeyOf } from './file-uris';
import type { FileSnapshot } from './workspace-files';

export type { FileSnapshot } from './workspace-files';

export async function rulesFilesIn(_folderUri: string, _isCancelled?: () => boolean): Promise<string[]> {
  return [];
}

/** No links to resolve here: a URI's key is its path's (./file-uris sameFileKeyOf). */
export function sameFileKeysOfWalk(): (uri: string) => Promise<string> {
  return (uri) => Promise.resolve(sameFileKeyOf(uri));
}

export async function readIfChanged(uri: string, _known: { mtimeMs: number; size: number } | undefined): Promise<FileSnapshot | 'unchanged'> {
  throw new Error(`${uri}: files that are not open cannot be read in the browser`);
}
