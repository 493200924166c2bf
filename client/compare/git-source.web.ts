// The web build's ./git-source: in github.dev and vscode.dev there is no git command,
// and reading another version through the host's file system is not done yet, so
// Compare with… says so (README "In the browser").

export interface RefChoice {
  /** What `git show <ref>:<path>` takes. */
  ref: string;
  kind: 'head' | 'branch' | 'remote' | 'tag';
  /** Short commit, when known. */
  commit?: string;
}

export interface GitSource {
  /** How the file is read ("Git extension" or "git command"), for messages. */
  readonly via: string;
  refs(): Promise<RefChoice[]>;
  /** The file's text at `ref`; throws GitReadError when the ref or the file is not there. */
  show(ref: string): Promise<string>;
}

export class GitReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitReadError';
  }
}

export async function gitSourceFor(_file: unknown): Promise<GitSource> {
  return {
    via: 'the browser',
    refs: async () => [],
    show: async () => {
      throw new GitReadError('Compare with… is not available in the browser yet');
    },
  };
}
