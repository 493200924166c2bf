// How the client's answer to channelRules/readSample carries a piece of a sample's
// bytes (server/client-sample-bytes): to the Node server, whose messages are JSON, in
// base64, decoded exactly where the piece belongs or refused (Buffer would skip what is not base64 and decode
// the rest); to the browser's, as the Uint8Array its message channel clones, and a
// Uint8Array that went through JSON (an object of numbered keys) is no bytes.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { clientSamplePiece, SAMPLE_MEMORY } from '../../server/client-sample-bytes';
import type { ReadSampleResult } from '../../server/custom-protocol';
import * as web from '../../server/client-sample-bytes.web';

/** The bytes of the answer's piece, written where a file of them alone would hold them. */
function clientSampleBytes(read: ReadSampleResult): Uint8Array {
  const piece = clientSamplePiece(read);
  const bytes = new Uint8Array(piece.length);
  piece.writeInto(bytes, 0);
  return bytes;
}

describe('the Node server', () => {
  it('decodes base64 to the bytes the client read, at every length', () => {
    for (let length = 0; length < 70; length++) {
      const bytes = randomBytes(length);
      expect(Buffer.from(clientSampleBytes({ base64: bytes.toString('base64') })), String(length)).toEqual(bytes);
    }
    expect(SAMPLE_MEMORY).toBe('the editor');
  });

  it('refuses an answer with no base64, or with what is not padded base64, rather than decode part of it', () => {
    expect(() => clientSampleBytes({ bytes: new Uint8Array(3) })).toThrow('the client sent no bytes (over JSON they come as base64)');
    expect(() => clientSampleBytes(JSON.parse(JSON.stringify({ bytes: new Uint8Array(3) })))).toThrow('the client sent no bytes');
    for (const base64 of ['QU JD', 'QUJD\n', 'QU*D', 'QUI', 'QU=D', 'Q===', 'QUJDRA=', 'QUJDR-==', 'QUJDRA==QUJD']) {
      expect(() => clientSampleBytes({ base64 }), base64).toThrow('the client sent bytes that are not base64');
    }
    expect(Buffer.from(clientSampleBytes({ base64: 'QUJDRA==' })).toString()).toBe('ABCD');
    expect(Buffer.from(clientSampleBytes({ base64: 'QUJDREU=' })).toString()).toBe('ABCDE');
  });
});

describe('the browser’s server', () => {
  it('takes the Uint8Array as it comes, and nothing else', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(web.clientSamplePiece({ bytes }).bytes).toBe(bytes);
    expect(() => web.clientSamplePiece(JSON.parse(JSON.stringify({ bytes })))).toThrow('the client sent no bytes');
    expect(() => web.clientSamplePiece({ base64: 'AQID' })).toThrow('the client sent no bytes');
    expect(web.SAMPLE_MEMORY).toBe('the browser');
  });
});

describe('a piece written into the file’s buffer', () => {
  it('decodes in place, touching no byte outside it, in either build', () => {
    for (const length of [0, 1, 2, 3, 4, 5, 31, 32, 33]) {
      const bytes = randomBytes(length);
      for (const piece of [clientSamplePiece({ base64: bytes.toString('base64') }), web.clientSamplePiece({ bytes: new Uint8Array(bytes) })]) {
        expect(piece.length, String(length)).toBe(length);
        const file = new Uint8Array(length + 10).fill(0xaa);
        piece.writeInto(file, 5);
        expect(Buffer.from(file.subarray(5, 5 + length)), String(length)).toEqual(bytes);
        expect([...file.subarray(0, 5), ...file.subarray(5 + length)]).toEqual(new Array(10).fill(0xaa));
      }
    }
  });
});
