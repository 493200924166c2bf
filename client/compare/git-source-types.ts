// What "Compare with…" reads older versions through, on every host: ./git-source (git
// on disk, desktop) and ./git-source.web (GitHub Repositories, github.dev) implement it.

export interface RefChoice {
  /** What `git show <ref>:<path>` takes. */
  ref: string;
  kind: 'head' | 'branch' | 'remote' | 'tag';
  /** Short commit, when known. */
  commit?: string;
  /** Shown instead of the ref (the web build's "pull request #12's base"). */
  label?: string;
}

export interface GitSource {
  /** How the file is read ("Git extension" or "git command"), for messages. */
  readonly via: string;
  /** Whether there are versions to read at all (else the picker offers only files and folders). */
  readonly available: boolean;
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
