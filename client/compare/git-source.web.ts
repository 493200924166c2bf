// The web build's ./git-source: there is no git command in the browser. In github.dev
// and vscode.dev a GitHub repository is served by the "GitHub Repositories" extension
// (RemoteHub) as `vscode-vfs://github…` files, and any ref of the repository can be
// read through the same file system (./github-vfs names the file at a ref). So:
//   - HEAD is the commit the workspace was opened at (RemoteHub's getRevision), i.e.
//     the text before the edits made in the browser;
//   - a branch, tag or full commit id typed in the picker is read at that ref;
//   - when the workspace is a pull request (github.dev on a PR page, or a PR opened
//     from the GitHub Pull Requests view), "the pull request's base" is offered: its
//     base commit, from GitHub's REST API (signed in silently when the editor already
//     has a GitHub session; public repositories without one).
// Elsewhere (code-server's `vscode-remote:`, a local folder in vscode.dev) there is no
// git here: the picker's "Another file…" and "The same file in another folder…" work
// on every host (./register-compare).

import * as vscode from 'vscode';
import { parseVfs, RefType, VFS_SCHEME, vfsAuthority, type VfsLocation } from './github-vfs';

import { GitReadError, type GitSource, type RefChoice } from './git-source-types';

// The part of RemoteHub's API used here (its extension ids: GitHub.remotehub, ms-vscode.remote-repositories).
interface RemoteHubApi {
  getProviderUri?(uri: vscode.Uri): vscode.Uri;
  getMetadata?(uri: vscode.Uri): Promise<{ getRevision(): Promise<{ revision: string; name: string }> } | undefined>;
}

export async function gitSourceFor(file: vscode.Uri): Promise<GitSource> {
  const location = file.scheme === VFS_SCHEME ? parseVfs(file.authority, file.path) : undefined;
  if (location === undefined || location.provider !== 'github') return noGit(file);
  return new RemoteHubSource(file, location, await remoteHubApi());
}

function noGit(file: vscode.Uri): GitSource {
  const reason = `there is no git in the browser for ${file.scheme}: files; compare with another file or folder instead`;
  return {
    via: 'the browser',
    available: false,
    refs: async () => [],
    show: async () => {
      throw new GitReadError(reason);
    },
  };
}

async function remoteHubApi(): Promise<RemoteHubApi | undefined> {
  const extension = vscode.extensions.getExtension<RemoteHubApi>('GitHub.remotehub') ?? vscode.extensions.getExtension<RemoteHubApi>('ms-vscode.remote-repositories');
  if (extension === undefined) return undefined;
  try {
    return extension.isActive ? extension.exports : await extension.activate();
  } catch {
    return undefined;
  }
}

const PULL_REQUEST_BASE = 'PR-BASE';

class RemoteHubSource implements GitSource {
  readonly via = 'GitHub Repositories';
  readonly available = true;
  private pullBase: Promise<{ sha: string; ref: string } | undefined> | undefined;

  constructor(
    private readonly file: vscode.Uri,
    private readonly location: VfsLocation,
    private readonly api: RemoteHubApi | undefined,
  ) {}

  async refs(): Promise<RefChoice[]> {
    const choices: RefChoice[] = [];
    const head = await this.headRevision().catch(() => undefined);
    choices.push({ ref: 'HEAD', kind: 'head', ...(head === undefined ? {} : { commit: head.slice(0, 8) }) });
    if (this.location.ref?.type === RefType.PullRequest) {
      const base = await this.pullRequestBase();
      if (base !== undefined) choices.push({ ref: PULL_REQUEST_BASE, kind: 'branch', commit: base.sha.slice(0, 8), label: `pull request #${this.location.ref.id}'s base (${base.ref})` });
    }
    return choices;
  }

  async show(ref: string): Promise<string> {
    let at = ref;
    if (ref === 'HEAD') {
      const head = await this.headRevision();
      if (head === undefined) throw new GitReadError(`cannot read ${this.name()} at HEAD: GitHub Repositories did not say which commit the workspace is at`);
      at = head;
    } else if (ref === PULL_REQUEST_BASE) {
      const base = await this.pullRequestBase();
      if (base === undefined) throw new GitReadError(`cannot read ${this.name()} at the pull request's base: GitHub did not answer`);
      at = base.sha;
    }
    const virtual = this.file.with({ authority: vfsAuthority(this.location.provider, at) });
    const uri = this.api?.getProviderUri?.(virtual) ?? virtual;
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch (error) {
      throw new GitReadError(`cannot read ${this.name()} at ${ref}: ${(error as Error).message}`);
    }
  }

  private name(): string {
    return this.location.path.slice(this.location.path.lastIndexOf('/') + 1);
  }

  private async headRevision(): Promise<string | undefined> {
    const metadata = await this.api?.getMetadata?.(this.file);
    return (await metadata?.getRevision())?.revision;
  }

  /** The pull request's base commit and branch, from GitHub's REST API. */
  private pullRequestBase(): Promise<{ sha: string; ref: string } | undefined> {
    this.pullBase ??= (async () => {
      const { owner, repo, ref } = this.location;
      const session = await Promise.resolve(vscode.authentication.getSession('github', ['repo'], { silent: true })).catch(() => undefined);
      const response = await fetch(`https://api.github.com/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/pulls/${encodeURIComponent(ref!.id)}`, {
        headers: { Accept: 'application/vnd.github+json', ...(session === undefined ? {} : { Authorization: `Bearer ${session.accessToken}` }) },
      });
      if (!response.ok) return undefined;
      const pull = (await response.json()) as { base?: { sha?: string; ref?: string } };
      return typeof pull.base?.sha === 'string' ? { sha: pull.base.sha, ref: pull.base.ref ?? 'base' } : undefined;
    })().catch(() => undefined);
    return this.pullBase;
  }
}
