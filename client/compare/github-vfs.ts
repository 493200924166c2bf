// How github.dev and vscode.dev name a repository's files at a ref (no `vscode`
// import, so it is unit-tested). Their "GitHub Repositories" extension (RemoteHub)
// serves `vscode-vfs://github[+<ref>]/<owner>/<repo>/<path>`, where <ref> is the hex of
// the UTF-8 JSON `{"v":1,"ref":{"type":T,"id":ID}}` (types: 0 branch, 1 tag, 2 commit,
// 3 pull request, 4 tree: a branch or tag by name). Read from RemoteHub's published
// API shape (as GitLens uses it) and a URI reported in
// microsoft/vscode-remote-repositories-github#375.

export const VFS_SCHEME = 'vscode-vfs';

export const RefType = { Branch: 0, Tag: 1, Commit: 2, PullRequest: 3, Tree: 4 } as const;

export interface RepositoryRef {
  type: number;
  id: string;
}

export interface VfsLocation {
  provider: string;
  ref?: RepositoryRef;
  owner: string;
  repo: string;
  /** The file's path inside the repository, without a leading slash. */
  path: string;
}

/** Reads a `vscode-vfs` URI's authority and path; undefined when it is not one. */
export function parseVfs(authority: string, path: string): VfsLocation | undefined {
  const [provider = '', encoded] = authority.split('+', 2);
  const [, owner, repo, ...rest] = path.split('/');
  if (provider === '' || owner === undefined || repo === undefined || owner === '' || repo === '') return undefined;
  let ref: RepositoryRef | undefined;
  if (encoded !== undefined && /^(?:[0-9a-f]{2})+$/i.test(encoded)) {
    try {
      const metadata = JSON.parse(new TextDecoder().decode(hexBytes(encoded))) as { ref?: RepositoryRef };
      if (metadata.ref !== undefined && typeof metadata.ref.id === 'string' && typeof metadata.ref.type === 'number') ref = { type: metadata.ref.type, id: metadata.ref.id };
    } catch {
      // Not the metadata this module knows: the file at the workspace's own ref.
    }
  }
  return { provider, ...(ref === undefined ? {} : { ref }), owner, repo, path: rest.join('/') };
}

/** The authority naming `ref` on `provider`: a full commit id as a commit, anything else as a tree (branch or tag name). */
export function vfsAuthority(provider: string, ref: string): string {
  const type = /^[0-9a-f]{40}$/i.test(ref) ? RefType.Commit : RefType.Tree;
  return `${provider}+${hex(new TextEncoder().encode(JSON.stringify({ v: 1, ref: { type, id: ref } })))}`;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function hexBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}
