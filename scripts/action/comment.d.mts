// Types of ./comment.mjs for the TypeScript tests.

export declare const MARKER: string;
export declare const MAX_COMMENT_LENGTH: number;

export interface FileDiff {
  file: string;
  status: 'changed' | 'unchanged' | 'added' | 'deleted' | 'error';
  markdown?: string;
  json?: unknown;
  error?: string;
}

export interface StepOutcome {
  exit: number | null;
  summary?: string;
}

export interface CommentInput {
  files: FileDiff[];
  check: StepOutcome;
  test: StepOutcome;
  base?: string;
  head?: string;
  runUrl?: string;
}

export declare function findStickyComment<C extends { id: number; body?: string | null }>(comments: C[], marker?: string): C | undefined;
export declare function buildComment(input: CommentInput): string;
export declare function overallSummary(changed: FileDiff[]): string;
export declare function text(value: string): string;
export declare function code(value: string): string;
