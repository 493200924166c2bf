// The client's answer to `channelRules/readSample` (./sample-files-for-server): the
// bytes of a sample file for a language server that cannot open it (the browser's,
// which has no file system; desktop VS Code's, for Compare with…'s sample on a virtual
// file system), or why they cannot be read. The server cancels the request when it
// no longer needs the sample (its settings changed, the document closed, a newer
// edit's diff). The bytes travel as the server's transport carries them
// (./sample-bytes-transport: as they are to the browser's worker, in base64 over
// desktop VS Code's JSON). The editor's file API
// (`vscode.workspace.fs.readFile`) reads a file in one call, with no ranges and no
// token, so a read under way cannot be stopped: a cancelled request gives up at the
// points it still can, before the size is asked, before the read starts, and once it
// is done (the bytes, up to 256 MiB, then dropped rather than copied to the server's
// worker). No `vscode` here: the file's access is the caller's, and this is tested
// without the editor.

import { tooLargeForMemory } from '../engine/events/in-memory-limits';
import type { ReadSampleResult } from '../server/custom-protocol';

/** How the bytes reach the server, and whose memory holds them (for the too-large line). */
export interface SampleBytesTransport {
  memory: 'the browser' | 'the editor';
  carry(bytes: Uint8Array): Pick<ReadSampleResult, 'bytes' | 'base64'>;
}

/** How the answer reaches the file (the editor's `workspace.fs` for its URI). */
export interface SampleFileAccess {
  /** How messages name the file (its path relative to the workspace). */
  name: string;
  stat(): PromiseLike<{ size: number; mtime: number }>;
  readFile(): PromiseLike<Uint8Array>;
}

/** The request's token as the handler is given it (vscode-languageclient's CancellationToken). */
export interface RequestToken {
  readonly isCancellationRequested: boolean;
}

/** The answer given up: the handler answers the protocol's RequestCancelled error. */
export const READ_CANCELLED = 'cancelled';

/** The file's bytes and modification time, or why not; READ_CANCELLED once `token` is cancelled, the file then read no further. */
export async function sampleBytesForServer(file: SampleFileAccess, token: RequestToken, transport: SampleBytesTransport): Promise<ReadSampleResult | typeof READ_CANCELLED> {
  if (token.isCancellationRequested) return READ_CANCELLED;
  try {
    const stat = await file.stat();
    const tooLarge = tooLargeForMemory(stat.size, transport.memory);
    if (tooLarge !== undefined) return { error: `cannot read ${file.name}: ${tooLarge}` };
    if (token.isCancellationRequested) return READ_CANCELLED;
    const bytes = await file.readFile();
    if (token.isCancellationRequested) return READ_CANCELLED;
    // A file that grew after its stat is not carried either (in base64 it would be a third larger again).
    const grown = tooLargeForMemory(bytes.length, transport.memory);
    if (grown !== undefined) return { error: `cannot read ${file.name}: ${grown}` };
    return { ...transport.carry(bytes), mtime: stat.mtime };
  } catch (error) {
    return { error: `cannot read ${file.name}: ${(error as Error).message}` };
  }
}
