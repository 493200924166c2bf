// The `.channels` files Check Workspace and workspace symbols go through: the open
// documents under the URIs their editor gave them, and the files of the workspace
// folders that no open document is. A file found on disk and open in the editor is one
// file: its URIs are compared by the path they reach (./workspace-files
// sameFileKeysOfWalk: links resolved, escapes decoded), since the server's spelling of
// a path and the editor's may differ, and the editor may have opened it through a link;
// the editor would take the disk's URI for the same resource, and its diagnostics
// would replace the open buffer's.

import { rulesFilesIn, sameFileKeysOfWalk } from './workspace-files';

/** The URIs, sorted, each file once; undefined when `isCancelled` says so (it is asked between the folders read). */
export async function workspaceRulesFiles(openUris: Iterable<string>, folders: readonly string[], isCancelled: () => boolean = () => false): Promise<string[] | undefined> {
  const byFile = new Map<string, string>();
  const keyOf = sameFileKeysOfWalk();
  for (const uri of openUris) if (uri.endsWith('.channels')) byFile.set(await keyOf(uri), uri);
  for (const folder of folders) {
    const uris = await rulesFilesIn(folder, isCancelled);
    const keys = await Promise.all(uris.map(keyOf));
    uris.forEach((uri, index) => {
      if (!byFile.has(keys[index]!)) byFile.set(keys[index]!, uri);
    });
    if (isCancelled()) return undefined;
  }
  return [...byFile.values()].sort();
}
