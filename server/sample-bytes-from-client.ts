// The bytes of a sample file, asked of the client (channelRules/readSample,
// ./custom-protocol) by the browser's server, which has no file system: for its
// sample store (./sample-store.web) and for Compare with…'s sample (./features/diff),
// so both read the same bytes with the engine's byte readers. The client reads the
// file through the editor and refuses one too large for the browser's memory by the
// size its file system's stat gives; what it sends is held to the same limit here, in
// the same words, so that neither reader parses more than the browser's memory holds
// (a file system may report a size it does not read, a file may grow in between).

import type { CancellationToken, Connection } from 'vscode-languageserver';
import { tooLargeForMemory } from '../engine/events/in-memory-limits';
import { READ_SAMPLE_REQUEST, type ReadSampleParams, type ReadSampleResult } from './custom-protocol';
import { decodeEscapes } from './file-uris';
import { unlessCancelled } from './unless-cancelled';

export interface SampleBytes {
  bytes: Uint8Array;
  /** The file's path (from its URI), for the readers: its format comes from the name, and messages name it. */
  name: string;
  mtime: number;
}

/** The file's bytes; throws with the client's reason when it cannot be read or is too large for memory, CancelledError as soon as `token` is cancelled. */
export async function sampleBytesFromClient(connection: Connection, uri: string, token: CancellationToken): Promise<SampleBytes> {
  // The client answers with the whole file, seconds for a large one: a read stopped meanwhile stops waiting at once, and the client is told.
  const read = await unlessCancelled(connection.sendRequest<ReadSampleResult>(READ_SAMPLE_REQUEST, { uri } satisfies ReadSampleParams, token), token);
  if (read.error !== undefined || read.bytes === undefined) throw new Error(read.error ?? 'the client sent no bytes');
  const tooLarge = tooLargeForMemory(read.bytes.length);
  if (tooLarge !== undefined) throw new Error(tooLarge);
  return { bytes: read.bytes, name: decodeEscapes(new URL(uri).pathname), mtime: read.mtime ?? 0 };
}
