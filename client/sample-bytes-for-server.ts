// The client's answer to `channelRules/readSample` (./sample-files-for-server): the
// bytes of a sample file for a language server that cannot open it (the browser's,
// which has no file system; desktop VS Code's, for Compare with…'s sample on a virtual
// file system), or why they cannot be read. The bytes travel as the server's
// transport carries them (./sample-bytes-transport: as they are to the browser's
// worker, in base64 over desktop VS Code's JSON), in pieces of at most the
// transport's size (server/custom-protocol: the first answer states the size and
// carries the first piece, the server asks for the others), so that no message holds
// a whole file in base64. The editor's file API (`vscode.workspace.fs.readFile`)
// reads a file in one call, with no ranges and no token: the file is read once per
// transfer and held for its pieces only, dropped when the last is answered, when the
// server cancels a piece's request or ends the transfer, or when it asks for no piece
// for TRANSFER_IDLE_MS (a server that went away); never kept for another transfer. A
// read under way cannot be stopped: a cancelled request gives up at the points it
// still can, before the size is asked, before the read starts, and once it is done
// (the bytes, up to 256 MiB, then dropped rather than sent). No `vscode` here: the
// file's access is the caller's, and this is tested without the editor.

import { tooLargeForMemory } from '../engine/events/in-memory-limits';
import type { ReadSampleParams, ReadSampleResult } from '../server/custom-protocol';

/** How the bytes reach the server, and whose memory holds them (for the too-large line). */
export interface SampleBytesTransport {
  memory: 'the browser' | 'the editor';
  /** The most bytes one answer carries (Infinity: the whole file in the first). */
  pieceBytes: number;
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

/** How long a transfer's file is held with no piece asked: the server asks for the next at once, so only one that went away waits this long. */
export const TRANSFER_IDLE_MS = 30_000;

interface Transfer {
  name: string;
  bytes: Uint8Array;
  idle: ReturnType<typeof setTimeout>;
}

/** The client's transfers under way: each file read once and held until its transfer ends. */
export class SampleTransfers {
  private readonly open = new Map<number, Transfer>();
  private last = 0;

  constructor(
    private readonly transport: SampleBytesTransport,
    private readonly idleMs = TRANSFER_IDLE_MS,
  ) {}

  /** How many files are held for transfers under way. */
  get held(): number {
    return this.open.size;
  }

  /** The answer to one channelRules/readSample: the first piece of `file` for `{ uri }`, the next for `{ uri, transfer, offset }`; READ_CANCELLED once `token` is cancelled, the file then read or held no further. */
  answer(params: ReadSampleParams, file: SampleFileAccess, token: RequestToken): Promise<ReadSampleResult | typeof READ_CANCELLED> {
    if (params.transfer === undefined) return this.start(file, token);
    return Promise.resolve(this.piece(params.transfer, params.offset, file.name, token));
  }

  /** Drops the file held for `transfer` (the server's END_SAMPLE_TRANSFER_NOTIFICATION; nothing for one already over). */
  end(transfer: number): void {
    const held = this.open.get(transfer);
    if (held === undefined) return;
    clearTimeout(held.idle);
    this.open.delete(transfer);
  }

  private async start(file: SampleFileAccess, token: RequestToken): Promise<ReadSampleResult | typeof READ_CANCELLED> {
    if (token.isCancellationRequested) return READ_CANCELLED;
    try {
      const stat = await file.stat();
      const tooLarge = tooLargeForMemory(stat.size, this.transport.memory);
      if (tooLarge !== undefined) return { error: `cannot read ${file.name}: ${tooLarge}` };
      if (token.isCancellationRequested) return READ_CANCELLED;
      const bytes = await file.readFile();
      if (token.isCancellationRequested) return READ_CANCELLED;
      // A file that grew after its stat is not carried either.
      const grown = tooLargeForMemory(bytes.length, this.transport.memory);
      if (grown !== undefined) return { error: `cannot read ${file.name}: ${grown}` };
      const size = bytes.length;
      if (size <= this.transport.pieceBytes) return { ...this.transport.carry(bytes), size, mtime: stat.mtime };
      const transfer = ++this.last;
      this.open.set(transfer, { name: file.name, bytes, idle: this.idleTimer(transfer) });
      return { ...this.transport.carry(bytes.subarray(0, this.transport.pieceBytes)), size, mtime: stat.mtime, transfer };
    } catch (error) {
      return { error: `cannot read ${file.name}: ${(error as Error).message}` };
    }
  }

  private piece(transfer: number, offset: number | undefined, name: string, token: RequestToken): ReadSampleResult | typeof READ_CANCELLED {
    const held = this.open.get(transfer);
    if (held === undefined) return { error: `cannot read ${name}: its transfer is over (the server asked for no piece for ${this.idleMs / 1000} s, or ended it)` };
    if (token.isCancellationRequested) {
      this.end(transfer);
      return READ_CANCELLED;
    }
    const size = held.bytes.length;
    if (offset === undefined || !Number.isSafeInteger(offset) || offset <= 0 || offset >= size) {
      this.end(transfer);
      return { error: `cannot read ${held.name}: no piece of its ${size} bytes starts at ${String(offset)}` };
    }
    const end = Math.min(offset + this.transport.pieceBytes, size);
    const answer = this.transport.carry(held.bytes.subarray(offset, end));
    if (end === size) this.end(transfer);
    else {
      clearTimeout(held.idle);
      held.idle = this.idleTimer(transfer);
    }
    return answer;
  }

  private idleTimer(transfer: number): ReturnType<typeof setTimeout> {
    return setTimeout(() => this.open.delete(transfer), this.idleMs);
  }
}
