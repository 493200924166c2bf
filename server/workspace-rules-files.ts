// The `.channels` files Check Workspace and workspace symbols go through: the open
// documents under the URIs their editor gave them, and the files of the workspace
// folders that no open document is. A file found on disk and open in the editor is one
// file: its URIs are compared by path (./file-uris sameFileKeyOf), since the server's
// spelling of a path and the editor's may differ; the editor would take the disk's
// URI for the same resource, and its diagnostics would replace the open buffer's.

import { sameFileKeyOf } from './file-uris';
import { rulesFilesIn } from './workspace-files';

/** The URIs, sorted, each file once; undefined when `isCancelled` says so (it is asked between the folders read). */
export async function workspaceRulesFiles(openUris: Iterable<string>, folders: readonly string[], isCancelled: () => boolean = () => false): Promise<string[] | undefined> {
  const byFile = new Map<string, string>();
  for (const uri of openUris) if (uri.endsWith('.channels')) byFile.set(sameFileKeyOf(uri), uri);
  for (const folder of folders) {
    for (const uri of await rulesFilesIn(folder, isCancelled)) {
      const key = sameFileKeyOf(uri);
      if (!byFile.has(key)) byFile.set(key, uri);
    }
    if (isCancelled()) return undefined;
  }
  return [...byFile.values()].sort();
}
