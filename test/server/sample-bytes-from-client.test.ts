// The browser's server reads a sample's bytes through the client (server/sample-bytes-from-client):
// for its sample store and for Compare with…'s sample. A file over the in-memory limit
// (engine/events/in-memory-limits) is refused in the one line the other sample reads
// give, whatever the client sent: the client's check was the only one, on the size its
// file system's stat reported, and Compare read on whatever came back. (The Node
// server's bytes come in base64: test/server/client-sample-bytes.test.ts.)
import type { CancellationToken, Connection } from 'vscode-languageserver';
import { describe, expect, it, vi } from 'vitest';
import { SampleTransfers } from '../../client/sample-bytes-for-server';
import { SERVER_TRANSPORT as BROWSER } from '../../client/sample-bytes-transport.web';
import { MAX_IN_MEMORY_FILE, tooLargeForMemory } from '../../engine/events/in-memory-limits';
import { READ_SAMPLE_REQUEST, type ReadSampleResult } from '../../server/custom-protocol';
import { sampleBytesFromClient } from '../../server/sample-bytes-from-client';

// As the web build bundles it: the bytes come as a Uint8Array, held in the browser's memory.
vi.mock('../../server/client-sample-bytes', () => vi.importActual('../../server/client-sample-bytes.web'));

const SAMPLE_URI = 'file:///work/events%20q1.ndjson';
const NEVER: CancellationToken = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => {} }) };

/** A client that answers every read with `bytes`. */
function clientSending(bytes: Uint8Array): Connection {
  return {
    sendRequest: (method: string): Promise<ReadSampleResult> => {
      if (method !== READ_SAMPLE_REQUEST) throw new Error(`unexpected request ${method}`);
      return Promise.resolve({ bytes, mtime: 7 });
    },
  } as unknown as Connection;
}

describe('sampleBytesFromClient', () => {
  it('gives the bytes of a file within the limit, named by its path', async () => {
    const bytes = new TextEncoder().encode('{"user_id":"u1","time":1}\n');
    await expect(sampleBytesFromClient(clientSending(bytes), SAMPLE_URI, NEVER)).resolves.toEqual({ bytes, name: '/work/events q1.ndjson', mtime: 7 });
  });

  it('refuses bytes over the in-memory limit in one line, as the other sample reads do', async () => {
    const bytes = new Uint8Array(MAX_IN_MEMORY_FILE + 1);
    // The outcome as text: a read that resolves holds 256 MiB, which no diff of the test prints.
    const outcome = await sampleBytesFromClient(clientSending(bytes), SAMPLE_URI, NEVER).then(
      (read) => `read ${read.bytes.length} bytes`,
      (error: Error) => error.message,
    );
    expect(outcome).toBe(`cannot read /work/events q1.ndjson: ${tooLargeForMemory(bytes.length)}`);
    expect(outcome).toMatch(/ is too large for the browser's memory \(at most 256 MiB per sample file there; /);
  });

  it('takes the browser’s client’s one answer, the whole file as its message channel clones it, without copying it again', async () => {
    const file = new Uint8Array(3 * 1024 ** 2 + 1).map((_, index) => index % 251);
    const transfers = new SampleTransfers(BROWSER);
    const asks: unknown[] = [];
    const sent: ReadSampleResult[] = [];
    const connection = {
      sendRequest: async (_method: string, params: { uri: string }) => {
        asks.push(params);
        const answer = structuredClone(await transfers.answer(params, { name: 'events', stat: async () => ({ size: file.length, mtime: 7 }), readFile: async () => file }, { isCancellationRequested: false }));
        sent.push(answer as ReadSampleResult);
        return answer;
      },
    } as unknown as Connection;
    const read = await sampleBytesFromClient(connection, SAMPLE_URI, NEVER);
    expect(read.bytes).toBe(sent[0]!.bytes);
    expect(Buffer.compare(read.bytes, file)).toBe(0);
    expect(asks).toEqual([{ uri: SAMPLE_URI }]);
    expect(transfers.held).toBe(0);
  });
});
