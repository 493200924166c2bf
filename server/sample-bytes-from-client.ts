// The bytes of a sample file, asked of the client (channelRules/readSample,
// ./custom-protocol): by the browser's server, which has no file system, for its
// sample store (./sample-store.web) and for Compare with…'s sample (./features/diff),
// so both read the same bytes with the engine's byte readers; by the Node server for
// Compare with…'s sample on a virtual file system, which only the editor can open.
// The client reads the file through the editor and refuses one too large for memory
// by the size its file system's stat gives; what it sends is held to the same limit
// here, in the same words, so that no reader parses more than memory holds (a file
// system may report a size it does not read, a file may grow in between). How the
// bytes cross the transport is ./client-sample-bytes'.

import type { CancellationToken, Connection } from 'vscode-languageserver';
import { CancelledError } from '../engine/cancellation';
import { tooLargeForMemory } from '../engine/events/in-memory-limits';
import { clientSampleBytes, SAMPLE_MEMORY } from './client-sample-bytes';
import { READ_SAMPLE_REQUEST, type ReadSampleParams, type ReadSampleResult } from './custom-protocol';
import { decodeEscapes } from './file-uris';
import { unlessCancelled } from './unless-cancelled';

export interface SampleBytes {
  bytes: Uint8Array;
  /** The file's path (from its URI), for the readers: its format comes from the name, and messages name it. */
  name: string;
  mtime: number;
}

/** The file's bytes; throws with the reason, naming the file, when it cannot be read or is too large for memory, CancelledError as soon as `token` is cancelled. */
export async function sampleBytesFromClient(connection: Connection, uri: string, token: CancellationToken): Promise<SampleBytes> {
  const name = decodeEscapes(new URL(uri).pathname);
  const cannotRead = (reason: string) => new Error(`cannot read ${name}: ${reason}`);
  // The client answers with the whole file, seconds for a large one: a read stopped meanwhile stops waiting at once, and the client is told.
  const read = await unlessCancelled(connection.sendRequest<ReadSampleResult>(READ_SAMPLE_REQUEST, { uri } satisfies ReadSampleParams, token), token).catch((error: unknown) => {
    // A client that does not answer the request (an editor other than VS Code) is said in one line.
    throw error instanceof CancelledError ? error : cannotRead((error as Error).message);
  });
  // The client's reasons name the file as the editor does.
  if (read.error !== undefined) throw new Error(read.error);
  let bytes: Uint8Array;
  try {
    bytes = clientSampleBytes(read);
  } catch (error) {
    throw cannotRead((error as Error).message);
  }
  const tooLarge = tooLargeForMemory(bytes.length, SAMPLE_MEMORY);
  if (tooLarge !== undefined) throw cannotRead(tooLarge);
  return { bytes, name, mtime: read.mtime ?? 0 };
}
