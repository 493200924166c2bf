// The client's answer to the browser's server's channelRules/readSample gives up once
// the server cancels the request: the server no longer needs the sample, and the
// client read on and sent the whole file (up to 256 MiB) over the message channel.
// The editor reads a file in one call, so the answer looks at the token before the
// size is asked, before the read, and after it.
import { describe, expect, it } from 'vitest';
import { READ_CANCELLED, sampleBytesForServer, type SampleFileAccess } from '../../client/sample-bytes-for-server';

/** A file whose stat and read are counted, and which cancel the token when told to. */
function file(size: number, cancelDuring?: 'stat' | 'readFile'): { access: SampleFileAccess; token: { isCancellationRequested: boolean }; calls: string[] } {
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
      return new Uint8Array(size);
    },
  };
  return { access, token, calls };
}

describe('sampleBytesForServer', () => {
  it('answers the bytes and the modification time', async () => {
    const { access, token } = file(3);
    expect(await sampleBytesForServer(access, token)).toEqual({ bytes: new Uint8Array(3), mtime: 7 });
  });

  it('reads nothing for a request cancelled before it starts', async () => {
    const { access, token, calls } = file(3);
    token.isCancellationRequested = true;
    expect(await sampleBytesForServer(access, token)).toBe(READ_CANCELLED);
    expect(calls).toEqual([]);
  });

  it('does not read the file when the request is cancelled while its size is asked', async () => {
    const { access, token, calls } = file(3, 'stat');
    expect(await sampleBytesForServer(access, token)).toBe(READ_CANCELLED);
    expect(calls).toEqual(['stat']);
  });

  it('drops the bytes of a read the request was cancelled during, rather than send them', async () => {
    const { access, token, calls } = file(3, 'readFile');
    expect(await sampleBytesForServer(access, token)).toBe(READ_CANCELLED);
    expect(calls).toEqual(['stat', 'readFile']);
  });

  it('refuses a file too large for the browser\'s memory without reading it, and names a file it cannot read', async () => {
    const large = file(2 ** 30);
    expect(await sampleBytesForServer(large.access, large.token)).toEqual({ error: expect.stringMatching(/too large for the browser's memory/) });
    expect(large.calls).toEqual(['stat']);
    const gone: SampleFileAccess = { name: 'gone.ndjson', stat: () => Promise.reject(new Error('no such file')), readFile: () => Promise.reject(new Error('unreachable')) };
    expect(await sampleBytesForServer(gone, { isCancellationRequested: false })).toEqual({ error: 'cannot read gone.ndjson: no such file' });
  });
});
