// Reading a file's older versions from git for "Compare with…": the refs to choose
// from (HEAD, branches, remote branches, tags) and the file's text at a ref.
//
// Through VS Code's built-in Git extension API (`vscode.git`, getAPI(1)) when it is
// enabled and knows the file's repository; otherwise by running `git` in the file's
// folder (code-server without the extension, or a repository it has not opened), the
// same commands the CLI's `REF:path` uses.

import { execFile } from 'node:child_process';
import path from 'node:path';
import * as vscode from 'vscode';

import { GitReadError, type GitSource, type RefChoice } from './git-source-types';

// The part of the Git extension's API (extensions/git/src/api/git.d.ts) used here.
interface GitRef {
  type: 0 | 1 | 2; // Head, RemoteHead, Tag
  name?: string;
  commit?: string;
  remote?: string;
}
interface GitRepository {
  rootUri: vscode.Uri;
  show(ref: string, path: string): Promise<string>;
  getRefs?(query: { pattern?: string; sort?: 'alphabetically' | 'committerdate' }): Promise<GitRef[]>;
  state: { HEAD?: { name?: string; commit?: string }; refs?: GitRef[] };
}
interface GitApi {
  state?: 'uninitialized' | 'initialized';
  getRepository(uri: vscode.Uri): GitRepository | null;
  openRepository?(root: vscode.Uri): Promise<GitRepository | null>;
}
interface GitExtension {
  enabled: boolean;
  getAPI(version: 1): GitApi;
}

/** The best way to read `file`'s versions. */
export async function gitSourceFor(file: vscode.Uri): Promise<GitSource> {
  if (file.scheme !== 'file') {
    // A virtual file system (a remote repository, a proposal): no git repository on disk.
    return {
      via: 'no git',
      available: false,
      refs: async () => [],
      show: async () => {
        throw new GitReadError(`${file.scheme}: files are not in a git repository on disk; compare with another file or folder instead`);
      },
    };
  }
  const viaApi = await apiSource(file).catch(() => undefined);
  return viaApi ?? new CommandSource(file);
}

async function apiSource(file: vscode.Uri): Promise<GitSource | undefined> {
  if (file.scheme !== 'file') return undefined;
  const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (extension === undefined) return undefined;
  const exports = extension.isActive ? extension.exports : await extension.activate();
  if (exports === undefined || !exports.enabled) return undefined;
  const api = exports.getAPI(1);
  let repository = api.getRepository(file);
  if (repository === null && api.openRepository !== undefined) {
    const root = await commandText(['rev-parse', '--show-toplevel'], path.dirname(file.fsPath)).catch(() => undefined);
    if (root !== undefined) repository = await api.openRepository(vscode.Uri.file(root.trim())).catch(() => null);
  }
  if (repository === null) return undefined;
  return new ApiSource(repository, file);
}

class ApiSource implements GitSource {
  readonly via = 'the Git extension';
  readonly available = true;

  constructor(
    private readonly repository: GitRepository,
    private readonly file: vscode.Uri,
  ) {}

  async refs(): Promise<RefChoice[]> {
    const refs = this.repository.getRefs !== undefined ? await this.repository.getRefs({ sort: 'committerdate' }) : (this.repository.state.refs ?? []);
    return withHead(
      refs.flatMap((ref): RefChoice[] => {
        if (ref.name === undefined) return [];
        const kind = ref.type === 0 ? 'branch' : ref.type === 1 ? 'remote' : 'tag';
        if (kind === 'remote' && ref.name.endsWith('/HEAD')) return [];
        return [{ ref: kind === 'remote' && ref.remote !== undefined && !ref.name.startsWith(`${ref.remote}/`) ? `${ref.remote}/${ref.name}` : ref.name, kind, ...shortCommit(ref.commit) }];
      }),
      this.repository.state.HEAD?.commit,
    );
  }

  async show(ref: string): Promise<string> {
    try {
      return await this.repository.show(ref, this.file.fsPath);
    } catch (error) {
      // The extension's errors carry git's stderr; say it in the CLI's words.
      const failure = error as { stderr?: string; message?: string };
      throw new GitReadError(gitReason(failure.stderr ?? failure.message ?? String(error), ref, this.file));
    }
  }
}

class CommandSource implements GitSource {
  readonly via = 'the git command';
  readonly available = true;
  private readonly folder: string;

  constructor(private readonly file: vscode.Uri) {
    this.folder = path.dirname(file.fsPath);
  }

  async refs(): Promise<RefChoice[]> {
    const text = await commandText(['for-each-ref', '--sort=-committerdate', '--format=%(refname)%09%(objectname:short)', 'refs/heads', 'refs/remotes', 'refs/tags'], this.folder).catch(
      (error: Error) => {
        throw new GitReadError(gitReason(error.message, 'HEAD', this.file));
      },
    );
    const head = await commandText(['rev-parse', '--short', 'HEAD'], this.folder).catch(() => undefined);
    const refs = text
      .split('\n')
      .filter((line) => line !== '')
      .flatMap((line): RefChoice[] => {
        const [full = '', commit] = line.split('\t');
        const kind = full.startsWith('refs/heads/') ? 'branch' : full.startsWith('refs/remotes/') ? 'remote' : 'tag';
        const ref = full.replace(/^refs\/(heads|remotes|tags)\//, '');
        if (kind === 'remote' && ref.endsWith('/HEAD')) return [];
        return [{ ref, kind, ...shortCommit(commit) }];
      });
    return withHead(refs, head?.trim());
  }

  async show(ref: string): Promise<string> {
    // `./name` is relative to the folder git runs in (SPEC'd CLI form: REF:./path).
    const spec = `${ref}:./${path.basename(this.file.fsPath)}`;
    try {
      return await commandText(['show', spec], this.folder);
    } catch (error) {
      throw new GitReadError(gitReason((error as Error).message, ref, this.file));
    }
  }
}

function withHead(refs: RefChoice[], headCommit: string | undefined): RefChoice[] {
  return [{ ref: 'HEAD', kind: 'head', ...shortCommit(headCommit) }, ...refs];
}

function shortCommit(commit: string | undefined): { commit?: string } {
  return commit === undefined || commit === '' ? {} : { commit: commit.slice(0, 8) };
}

function commandText(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) resolve(stdout);
      else if ((error as NodeJS.ErrnoException).code === 'ENOENT') reject(new Error('git is not installed (or not on PATH)'));
      else reject(new Error(stderr || error.message));
    });
  });
}

/** git's complaint as one line: "path 'x' does not exist in 'main'", "invalid object name 'nope'". */
function gitReason(stderr: string, ref: string, file: vscode.Uri): string {
  const line = stderr
    .split('\n')
    .map((text) => text.replace(/^(fatal|error):\s*/, '').trim())
    .find((text) => text !== '');
  return `cannot read ${path.basename(file.fsPath)} at ${ref}: ${line ?? 'git failed'}`;
}
