// The server's own messages beyond LSP, shared by the server and the VS Code client
// (and documented in docs/editors.md for other editors). Plain types only: no
// dependency on vscode or vscode-languageserver.

import type { RulesDiff } from '../engine/diff/rules-diff';

/** Server → client notification: the state of the background analysis of one document. */
export const ANALYSIS_STATUS_NOTIFICATION = 'channelRules/analysisStatus';

export interface AnalysisStatusParams {
  uri: string;
  /** The document version the status is about. */
  version: number;
  /**
   * `running`: started; `done`: finished within budget; `incomplete`: some rules hit the time budget; `failed`: an internal error;
   * `checking`: a document too large for the analysis is being checked (syntax and checker errors only); `skipped`: no analysis,
   * the document is too large (`channelRules.analysis.maxDocumentSize`), or its check could not run.
   */
  state: 'running' | 'done' | 'incomplete' | 'failed' | 'checking' | 'skipped';
  /** Wall-clock time of the analysis in milliseconds (absent while running). */
  timeMs?: number;
  /** Rules analysed. */
  rules?: number;
  /** Rules whose analysis stopped at the budget (`analysis-incomplete` diagnostics). */
  incompleteRules?: number;
  /** Rules whose results were reused from the previous run (unchanged prefix). */
  reusedRules?: number;
  /** Human-readable one-liner for a status bar. */
  message: string;
}

/** Client → server request: check every `.channels` file of the workspace and publish their diagnostics. */
export const CHECK_WORKSPACE_REQUEST = 'channelRules/checkWorkspace';

export interface CheckWorkspaceResult {
  files: number;
  errors: number;
  warnings: number;
  /** Files that could not be read, with the reason. */
  unreadable: { uri: string; reason: string }[];
}

/** The command a code lens runs to open the preview (registered by the VS Code client). */
export const OPEN_PREVIEW_COMMAND = 'channelRules.openPreview';

/**
 * Client → server request: a rule giving one unassigned traffic pattern (SPEC §9) a
 * channel, at the first place in the order where it moves only unassigned events
 * (engine/language/rule-for-traffic). Answers the edit, or `error` saying why not.
 */
export const RULE_FOR_TRAFFIC_REQUEST = 'channelRules/ruleForTraffic';

export interface RuleForTrafficParams {
  uri: string;
  /** The pattern: each grouped field's value, null for missing or null. */
  fields: Record<string, string | null>;
  channel: string;
}

export interface RuleForTrafficResult {
  /** The document version the edit applies to. */
  version?: number;
  edit?: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string };
  condition?: string;
  /** 1-based line of the new `when` once applied. */
  line?: number;
  placement?: 'existing-block' | 'new-block';
  /** What the edit changes, in words ("Unassigned → Email, e.g. {…}"). */
  moves?: string[];
  error?: string;
}

/**
 * Client → server request: "Compare with…" (engine/diff/compare-texts). The client
 * reads the two versions (git, the host's file system) and the sample; the server
 * runs the semantic diff where the analysis engine already is, so the client never
 * bundles it. Cancel the request to stop the diff (a newer edit does).
 */
export const DIFF_REQUEST = 'channelRules/diff';

export interface DiffParams {
  /** The rules document compared (for its settings). */
  uri: string;
  baseText: string;
  headText: string;
  /** The base version in messages: "main version", "rules-old.channels". */
  baseLabel: string;
  /**
   * Sample events to count moves on: a file the server reads (an absolute path: the
   * server's working folder is not the client's), the file's text, or the file's URI,
   * whose bytes the server asks the client for with `channelRules/readSample` (the
   * browser's server, which has no file system, and desktop VS Code's for a file on a
   * virtual file system) and reads as the file by its path, its name saying its
   * containers and format; one of them. Params not of these types are refused with
   * InvalidParams (./request-params).
   */
  sample?: { path: string } | { text: string; format: 'ndjson' | 'json' | 'csv' } | { uri: string };
  /** With a sample: the field holding the data's own channel (SPEC §9), or `auto`: the sample's source system's, none when it carries none (as in the preview). */
  against?: string;
}

export interface DiffResult {
  diff?: RulesDiff;
  /** Why there is no diff, in one line (a version with errors, an unreadable sample). */
  error?: string;
}

/**
 * Server → client request, sent by the web build's server only (in a web worker it has
 * no file system): where the sample events of the rules document `uri` are, found as
 * the preview finds them (docs/preview.md "Sample events"), with the file's
 * modification time and size; `{}` when there is none.
 */
export const SAMPLE_FILE_REQUEST = 'channelRules/sampleFile';

export interface SampleFileParams {
  uri: string;
}

export interface SampleFileResult {
  uri?: string;
  mtime?: number;
  size?: number;
}

/**
 * Server → client request: the bytes of a sample file, read through the editor, or
 * why they cannot be read (e.g. too large for the browser's memory). Sent by the
 * browser's server for its diagnostics' sample and Compare with…'s, by the Node
 * server for a Compare with… sample named by URI. How the bytes travel depends on the
 * transport: `bytes`, a Uint8Array, where messages are structured-cloned (the
 * browser's workers); `base64` where they are JSON (IPC, stdio, sockets), which
 * carries no bytes.
 *
 * The bytes come in pieces, so that no message holds a whole file (in base64 over
 * JSON a 256 MiB file was one string of 358 million characters, and the Node server
 * peaked at several times that): the first answer (params `{ uri }`) states the
 * file's `size` and `mtime` and carries the first piece; when that piece is not the
 * whole file it names a `transfer`, and the server asks for each next piece with
 * `{ uri, transfer, offset }`, `offset` the bytes it has so far, until it has `size`.
 * Every piece but an empty file's holds at least one byte, and none goes past `size`
 * (an answer with no `size` is the whole file). The server writes the pieces into
 * one buffer of `size` bytes, allocated once that size is checked against the
 * in-memory limit. The client reads the file once for the transfer and
 * holds it until the last piece is answered, a piece's request is cancelled, the
 * server ends the transfer (END_SAMPLE_TRANSFER_NOTIFICATION) or asks for no piece
 * for a while; a piece asked after that is answered `error`. Desktop VS Code's client
 * sends pieces of 8 MiB (11 MiB of base64); the browser's sends the file in the first
 * answer (its message channel clones the bytes, no text is made of them).
 */
export const READ_SAMPLE_REQUEST = 'channelRules/readSample';

export interface ReadSampleParams {
  uri: string;
  /** For every piece after the first: the transfer the first answer named, and where the piece starts. */
  transfer?: number;
  offset?: number;
}

export interface ReadSampleResult {
  /** The piece's bytes, for a structured-cloning transport. */
  bytes?: Uint8Array;
  /** The piece's bytes in base64 (RFC 4648, padded), for a JSON transport. */
  base64?: string;
  /** In the first answer: the file's size in bytes, which the pieces add up to (absent: the first answer is the whole file). */
  size?: number;
  /** In the first answer. */
  mtime?: number;
  /** In the first answer, when more pieces follow: what the server names in asking for them. */
  transfer?: number;
  error?: string;
}

/**
 * Server → client notification: the server stops a transfer of channelRules/readSample
 * before its last piece (the request that wanted the sample was cancelled, or a piece
 * was refused), so the client drops the file it holds for it.
 */
export const END_SAMPLE_TRANSFER_NOTIFICATION = 'channelRules/endSampleTransfer';

export interface EndSampleTransferParams {
  transfer: number;
}
