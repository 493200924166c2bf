// How the client's answer to channelRules/readSample carries a sample's bytes
// (server/client-sample-bytes): to the Node server, whose messages are JSON, in
// base64, decoded exactly or refused (Buffer would skip what is not base64 and decode
// the rest); to the browser's, as the Uint8Array its message channel clones, and a
// Uint8Array that went through JSON (an object of numbered keys) is no bytes.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { clientSampleBytes, SAMPLE_MEMORY } from '../../server/client-sample-bytes';
import * as web from '../../server/client-sample-bytes.web';

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
    expect(web.clientSampleBytes({ bytes })).toBe(bytes);
    expect(() => web.clientSampleBytes(JSON.parse(JSON.stringify({ bytes })))).toThrow('the client sent no bytes');
    expect(() => web.clientSampleBytes({ base64: 'AQID' })).toThrow('the client sent no bytes');
    expect(web.SAMPLE_MEMORY).toBe('the browser');
  });
});
