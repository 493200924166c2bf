// How the client's answer to channelRules/readSample carries a piece of a file's bytes
// to this server, and whose memory holds them. The Node server speaks JSON (desktop VS
// Code's IPC, stdio, sockets), which has no bytes: the client sends each piece in
// base64 (client/sample-bytes-for-server), checked whole here and decoded straight
// into the buffer the pieces are gathered in (./sample-bytes-from-client), or
// refused. The web build's server (./client-sample-bytes.web) takes them as its
// message channel clones them.

import type { ReadSampleResult } from './custom-protocol';

/** Whose memory a file read through the client is held in (engine/events/in-memory-limits' words). */
export const SAMPLE_MEMORY = 'the editor';

/** One piece of the client's bytes, checked, to be written where it belongs in the file. */
export interface SamplePiece {
  length: number;
  /** The piece as it came, when it needs no decoding: kept as the file's bytes rather than copied when it is the whole file. */
  bytes?: Uint8Array;
  writeInto(target: Uint8Array, offset: number): void;
}

/** The piece of bytes in the client's answer; throws when it holds none this server can read. */
export function clientSamplePiece(read: ReadSampleResult): SamplePiece {
  const text = read.base64;
  if (typeof text !== 'string') throw new Error('the client sent no bytes (over JSON they come as base64)');
  if (!isPaddedBase64(text)) throw new Error('the client sent bytes that are not base64');
  const length = (text.length / 4) * 3 - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);
  return {
    length,
    writeInto: (target, offset) => {
      // Decoded in place: no Buffer of the piece is made, the checks above leave Buffer nothing to skip.
      Buffer.from(target.buffer, target.byteOffset, target.byteLength).write(text, offset, length, 'base64');
    },
  };
}

/** RFC 4648 with padding, checked before decoding: Buffer would skip any other character and decode the rest. One scan, no backtracking. */
function isPaddedBase64(text: string): boolean {
  if (text.length % 4 !== 0 || /[^A-Za-z0-9+/=]/.test(text)) return false;
  const padding = text.indexOf('=');
  return padding === -1 || (padding >= text.length - 2 && text.endsWith('='.repeat(text.length - padding)));
}
