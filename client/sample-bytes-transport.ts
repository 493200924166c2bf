// How the answer to channelRules/readSample carries a file's bytes to desktop VS
// Code's language server: a Node process over IPC, whose messages are JSON, which
// has no bytes (a Uint8Array would arrive as an object of numbered keys), so in
// base64, decoded by server/client-sample-bytes. The web build's client replaces this
// module by ./sample-bytes-transport.web.

import type { SampleBytesTransport } from './sample-bytes-for-server';

export const SERVER_TRANSPORT: SampleBytesTransport = {
  memory: 'the editor',
  carry: (bytes) => ({ base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') }),
};
