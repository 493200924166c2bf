// The client's answer to the browser's server's channelRules/readSample gives up once
// the server cancels the request: the server no longer needs the sample, and the
// client read on and sent the whole file (up to 256 MiB) over the message channel.
// The editor reads a file in one call, so the answer looks at the token before the
// size is asked, before the read, and after it. To desktop VS Code's server, over
// JSON, the bytes go in base64, and a file too large is the editor's memory's.
import { describe, expect, it } from 'vitest';
import { READ_CANCELLED, sampleBytesForServer, type SampleFileAccess } from '../../client/sample-bytes-for-server';
import { SERVER_TRANSPORT as DESKTOP } from '../../client/sample-bytes-transport';
import { SERVER_TRANSPORT as BROWSER } from '../../client/sample-bytes-transport.web';
import { MAX_IN_MEMORY_FILE, tooLargeForMemory } from '../../engine/events/in-memory-limits';
import { clientSampleBytes } from '../../server/client-sample-bytes';

/** A file whose stat and read are counted, and which cancel the token when told to. */
function file(size: number, cancelDuring?: 'stat' | 'readFile', readSize = size): { access: SampleFileAccess; token: { isCancellationRequested: boolean }; calls: string[] } {
  const token = { isCancellationRequested: false };
  const calls: string[] = [];
  const access: SampleFileAccess = {
    name: 'events.ndjson',
    stat: async () => {
      calls.push('stat');
      if (cancelDuring === 'stat') token.isCancellationRequested = true;
      return { size, mtime: 7 };
    },
    readFile: async () => {
      calls.push('readFile');
      if (cancelDuring === 'readFile') token.isCancellationRequested = true;
      return new Uint8Array(readSize);
    },
  };
  return { access, token, calls };
}

describe('sampleBytesForServer', () => {
  it('answers the bytes and the modification time', async () => {
    const { access, token } = file(3);
    expect(await sampleBytesForServer(access, token, BROWSER)).toEqual({ bytes: new Uint8Array(3), mtime: 7 });
  });

  it('reads nothing for a request cancelled before it starts', async () => {
    const { access, token, calls } = file(3);
    token.isCancellationRequested = true;
    expect(await sampleBytesForServer(access, token, BROWSER)).toBe(READ_CANCELLED);
    expect(calls).toEqual([]);
  });

  it('does not read the file when the request is cancelled while its size is asked', async () => {
    const { access, token, calls } = file(3, 'stat');
    expect(await sampleBytesForServer(access, token, BROWSER)).toBe(READ_CANCELLED);
    expect(calls).toEqual(['stat']);
  });

  it('drops the bytes of a read the request was cancelled during, rather than send them', async () => {
    const { access, token, calls } = file(3, 'readFile');
    expect(await sampleBytesForServer(access, token, BROWSER)).toBe(READ_CANCELLED);
    expect(calls).toEqual(['stat', 'readFile']);
  });

  it('refuses a file too large for the browser\'s memory without reading it, and names a file it cannot read', async () => {
    const large = file(2 ** 30);
    expect(await sampleBytesForServer(large.access, large.token, BROWSER)).toEqual({ error: expect.stringMatching(/too large for the browser's memory/) });
    expect(large.calls).toEqual(['stat']);
    const gone: SampleFileAccess = { name: 'gone.ndjson', stat: () => Promise.reject(new Error('no such file')), readFile: () => Promise.reject(new Error('unreachable')) };
    expect(await sampleBytesForServer(gone, { isCancellationRequested: false }, BROWSER)).toEqual({ error: 'cannot read gone.ndjson: no such file' });
  });

  it('sends desktop VS Code\'s server the bytes in base64, which it decodes to the same bytes', async () => {
    const bytes = new TextEncoder().encode('{"user_id":"u1","time":1}\n\u00e9\u{1F600}');
    const access: SampleFileAccess = { name: 'events.ndjson', stat: async () => ({ size: bytes.length, mtime: 7 }), readFile: async () => bytes };
    const answer = await sampleBytesForServer(access, { isCancellationRequested: false }, DESKTOP);
    expect(answer).toEqual({ base64: Buffer.from(bytes).toString('base64'), mtime: 7 });
    // Through JSON, as over IPC.
    expect(clientSampleBytes(JSON.parse(JSON.stringify(answer)))).toEqual(bytes);
  });

  it('refuses a file too large in the words of where it is held, naming it, and one that grew past the limit after its size was asked', async () => {
    const large = file(2 ** 30);
    expect(await sampleBytesForServer(large.access, large.token, DESKTOP)).toEqual({ error: `cannot read events.ndjson: ${tooLargeForMemory(2 ** 30, 'the editor')}` });
    expect(large.calls).toEqual(['stat']);
    // Not encoded: in base64 it would be a third larger again.
    const grown = file(3, undefined, MAX_IN_MEMORY_FILE + 1);
    expect(await sampleBytesForServer(grown.access, grown.token, DESKTOP)).toEqual({ error: `cannot read events.ndjson: ${tooLargeForMemory(MAX_IN_MEMORY_FILE + 1, 'the editor')}` });
    expect(grown.calls).toEqual(['stat', 'readFile']);
  });
});
