// Types of ./github-api.mjs for the TypeScript tests.

export interface UpsertOptions {
  apiUrl: string;
  token: string;
  repository: string;
  issue: number | string;
  body: string;
  createIfMissing?: boolean;
  fetch?: typeof fetch;
}

export declare function upsertStickyComment(options: UpsertOptions): Promise<{ action: 'created' | 'updated' | 'unchanged' | 'skipped'; id?: number; url?: string }>;

export declare class GitHubApiError extends Error {
  readonly status: number;
  constructor(status: number, method: string, path: string, message: string);
}
