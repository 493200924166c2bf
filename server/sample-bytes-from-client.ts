// The bytes of a sample file, asked of the client (channelRules/readSample,
// ./custom-protocol): by the browser's server, which has no file system, for its
// sample store (./sample-store.web) and for Compare with…'s sample (./features/diff),
// so both read the same bytes with the engine's byte readers; by the Node server for
// Compare with…'s sample on a virtual file system, which only the editor can open.
// The client reads the file through the editor and refuses one too large for memory
// by the size its file system's stat gives; the size it states is held to the same
// limit here, in the same words, before the one buffer of that size is allocated,
// and its pieces are written into that buffer and must fill it exactly, so that no
// reader parses more than memory holds (a file system may report a size it does not
// read, a file may grow in between) and no message holds the whole file. How the
// bytes cross the transport is ./client-sample-bytes'.

import type { CancellationToken, Connection } from 'vscode-languageserver';
import { CancelledError } from '../engine/cancellation';
import { tooLargeForMemory } from '../engine/events/in-memory-limits';
import { clientSamplePiece, SAMPLE_MEMORY, type SamplePiece } from './client-sample-bytes';
import {
  END_SAMPLE_TRANSFER_NOTIFICATION,
  READ_SAMPLE_REQUEST,
  type EndSampleTransferParams,
  type ReadSampleParams,
  type ReadSampleResult,
} from './custom-protocol';
import { decodeEscapes } from './file-uris';
import { unlessCancelled } from './unless-cancelled';

export interface SampleBytes {
  bytes: Uint8Array;
  /** The file's path (from its URI), for the readers: its format comes from the name, and messages name it. */
  name: string;
  mtime: number;
}

/** The file's bytes; throws with the reason, naming the file, when it cannot be read or is too large for memory, CancelledError as soon as `token` is cancelled (at the latest before the next piece is asked). */
export async function sampleBytesFromClient(connection: Connection, uri: string, token: CancellationToken): Promise<SampleBytes> {
  const name = decodeEscapes(new URL(uri).pathname);
  const cannotRead = (reason: string) => new Error(`cannot read ${name}: ${reason}`);
  const ask = async (params: ReadSampleParams): Promise<ReadSampleResult> => {
    // The client reads the whole file before its first answer, seconds for a large one: a read stopped meanwhile stops waiting at once, and the client is told.
    const read = await unlessCancelled(connection.sendRequest<ReadSampleResult>(READ_SAMPLE_REQUEST, params, token), token).catch((error: unknown) => {
      // A client that does not answer the request (an editor other than VS Code) is said in one line.
      throw error instanceof CancelledError ? error : cannotRead((error as Error).message);
    });
    // The client's reasons name the file as the editor does.
    if (read.error !== undefined) throw new Error(read.error);
    return read;
  };
  const pieceOf = (read: ReadSampleResult): SamplePiece => {
    try {
      return clientSamplePiece(read);
    } catch (error) {
      throw cannotRead((error as Error).message);
    }
  };
  // A request cancelled already (while its settings were asked) asks the client nothing.
  if (token.isCancellationRequested) throw new CancelledError();
  const first = await ask({ uri });
  const transfer = first.transfer;
  let complete = false;
  try {
    let piece = pieceOf(first);
    // No size: the first answer is the whole file.
    const size = first.size ?? (transfer === undefined ? piece.length : undefined);
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw cannotRead('the client stated no size for the bytes it sends in pieces');
    const tooLarge = tooLargeForMemory(size, SAMPLE_MEMORY);
    if (tooLarge !== undefined) throw cannotRead(tooLarge);
    const bytes = piece.length === size && piece.bytes !== undefined ? piece.bytes : new Uint8Array(size);
    let offset = 0;
    for (;;) {
      if (piece.length > size - offset) throw cannotRead(`the client sent more than the ${size} bytes it stated`);
      // An empty piece would have the server ask for the same one again, without end.
      if (piece.length === 0 && offset < size) throw cannotRead(`the client's pieces stopped at ${offset} of the ${size} bytes it stated`);
      if (piece.bytes !== bytes) piece.writeInto(bytes, offset);
      offset += piece.length;
      if (offset === size) break;
      if (transfer === undefined) throw cannotRead(`the client sent ${offset} of the ${size} bytes it stated`);
      if (token.isCancellationRequested) throw new CancelledError();
      piece = pieceOf(await ask({ uri, transfer, offset }));
    }
    complete = true;
    return { bytes, name, mtime: first.mtime ?? 0 };
  } finally {
    // The client holds the file until the last piece is asked; a transfer stopped before is ended, not left to its timeout.
    if (!complete && transfer !== undefined) {
      void connection.sendNotification(END_SAMPLE_TRANSFER_NOTIFICATION, { transfer } satisfies EndSampleTransferParams).catch(() => undefined);
    }
  }
}
