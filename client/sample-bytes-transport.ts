// How the answer to channelRules/readSample carries a file's bytes to desktop VS
// Code's language server: a Node process over IPC, whose messages are JSON, which
// has no bytes (a Uint8Array would arrive as an object of numbered keys), so in
// base64, decoded by server/client-sample-bytes, in pieces of 8 MiB (11 MiB of
// base64 each): the whole of a 256 MiB file in one string of 358 million characters
// took the server to about 2 GB. The web build's client replaces this module by
// ./sample-bytes-transport.web.

import type { SampleBytesTransport } from './sample-bytes-for-server';

export const SAMPLE_PIECE_BYTES = 8 * 1024 ** 2;

export const SERVER_TRANSPORT: SampleBytesTransport = {
  memory: 'the editor',
  pieceBytes: SAMPLE_PIECE_BYTES,
  carry: (bytes) => ({ base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') }),
};
