// How the client's answer to channelRules/readSample carries a file's bytes to this
// server, and whose memory holds them. The Node server speaks JSON (desktop VS Code's
// IPC, stdio, sockets), which has no bytes: the client sends them in base64
// (client/sample-bytes-for-server), decoded here whole or refused. The web build's
// server (./client-sample-bytes.web) takes them as its message channel clones them.

import type { ReadSampleResult } from './custom-protocol';

/** Whose memory a file read through the client is held in (engine/events/in-memory-limits' words). */
export const SAMPLE_MEMORY = 'the editor';

/** The bytes the client sent; throws when its answer holds none this server can read. */
export function clientSampleBytes(read: ReadSampleResult): Uint8Array {
  const text = read.base64;
  if (typeof text !== 'string') throw new Error('the client sent no bytes (over JSON they come as base64)');
  if (!isPaddedBase64(text)) throw new Error('the client sent bytes that are not base64');
  const buffer = Buffer.from(text, 'base64');
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** RFC 4648 with padding, checked before decoding: Buffer would skip any other character and decode the rest. One scan, no backtracking (256 MiB are 358 million characters). */
function isPaddedBase64(text: string): boolean {
  if (text.length % 4 !== 0 || /[^A-Za-z0-9+/=]/.test(text)) return false;
  const padding = text.indexOf('=');
  return padding === -1 || (padding >= text.length - 2 && text.endsWith('='.repeat(text.length - padding)));
}
