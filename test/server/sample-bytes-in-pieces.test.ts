// The Node server gathers a sample's bytes from the client's pieces
// (channelRules/readSample, server/sample-bytes-from-client): 8 MiB a message in
// base64 over JSON, where the whole file was one string (a 256 MiB sample took the
// server to about 2.1 GB), written into one buffer of the size the client stated,
// checked against the in-memory limit before it is allocated; pieces that do not fill
// it exactly are refused in one line; a cancelled read stops at the next piece on
// both sides, and the client drops the file it held for the transfer.
import { randomBytes } from 'node:crypto';
import type { Connection } from 'vscode-languageserver';
import { CancellationTokenSource, LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';
import { describe, expect, it } from 'vitest';
import { READ_CANCELLED, SampleTransfers, type SampleFileAccess } from '../../client/sample-bytes-for-server';
import { SAMPLE_PIECE_BYTES, SERVER_TRANSPORT } from '../../client/sample-bytes-transport';
import { CancelledError } from '../../engine/cancellation';
import { tooLargeForMemory } from '../../engine/events/in-memory-limits';
import { END_SAMPLE_TRANSFER_NOTIFICATION, READ_SAMPLE_REQUEST, type ReadSampleParams, type ReadSampleResult } from '../../server/custom-protocol';
import { sampleBytesFromClient } from '../../server/sample-bytes-from-client';

const URI = 'memfs:/samples/events.ndjson';
const NEVER = new CancellationTokenSource().token;

interface FakeClient {
  connection: Connection;
  asks: ReadSampleParams[];
  answers: ReadSampleResult[];
  ended: number[];
}

/** A client answering with `answer` (its messages through JSON, as over IPC); the server's END_SAMPLE_TRANSFER_NOTIFICATIONs are recorded and handed to `onEnd`. */
function fakeClient(answer: (params: ReadSampleParams, token: CancellationToken) => Promise<ReadSampleResult | typeof READ_CANCELLED>, onEnd: (transfer: number) => void = () => {}): FakeClient {
  const client: FakeClient = { asks: [], answers: [], ended: [], connection: undefined as unknown as Connection };
  client.connection = {
    sendRequest: async (method: string, params: ReadSampleParams, token: CancellationToken): Promise<ReadSampleResult> => {
      if (method !== READ_SAMPLE_REQUEST) throw new Error(`unexpected request ${method}`);
      client.asks.push(params);
      const result = await answer(JSON.parse(JSON.stringify(params)), token);
      if (result === READ_CANCELLED) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      client.answers.push(result);
      return JSON.parse(JSON.stringify(result));
    },
    sendNotification: (method: string, params: { transfer: number }) => {
      if (method !== END_SAMPLE_TRANSFER_NOTIFICATION) throw new Error(`unexpected notification ${method}`);
      client.ended.push(params.transfer);
      onEnd(params.transfer);
      return Promise.resolve();
    },
  } as unknown as Connection;
  return client;
}

function fileOf(bytes: Uint8Array): SampleFileAccess {
  return { name: 'events.ndjson', stat: async () => ({ size: bytes.length, mtime: 7 }), readFile: async () => bytes };
}

/** Desktop VS Code's client (client/sample-files-for-server) over a file of `bytes`. */
function desktopClient(bytes: Uint8Array): { client: FakeClient; transfers: SampleTransfers } {
  const transfers = new SampleTransfers(SERVER_TRANSPORT);
  const client = fakeClient((params, token) => transfers.answer(params, fileOf(bytes), token), (transfer) => transfers.end(transfer));
  return { client, transfers };
}

/** The outcome in one line: the error's message, or what was read. */
const outcome = (reading: Promise<{ bytes: Uint8Array }>) =>
  reading.then(
    (read) => `read ${read.bytes.length} bytes`,
    (error: Error) => (error instanceof CancelledError ? 'cancelled' : error.message),
  );

describe('a sample in pieces', () => {
  it('is gathered byte for byte into one buffer of its size, a piece of at most 8 MiB a message, and the client holds the file no longer', async () => {
    const P = SAMPLE_PIECE_BYTES;
    const random = () => Math.floor(Math.random() * 2000) - 1000;
    for (const size of [0, 1, P - 1, P, P + 1, 2 * P, 3 * P + 5, P + random(), 2 * P + random()]) {
      const file = randomBytes(size);
      const { client, transfers } = desktopClient(file);
      const read = await sampleBytesFromClient(client.connection, URI, NEVER);
      expect(read.bytes.length, String(size)).toBe(size);
      expect(Buffer.compare(Buffer.from(read.bytes.buffer, read.bytes.byteOffset, read.bytes.byteLength), file), String(size)).toBe(0);
      expect(read.mtime).toBe(7);
      // One buffer of the file's size, no larger one nor pieces joined after.
      expect(read.bytes.byteOffset).toBe(0);
      expect(read.bytes.buffer.byteLength).toBe(size);
      // As many messages as pieces, each at most 8 MiB of bytes.
      expect(client.asks.length, String(size)).toBe(Math.max(1, Math.ceil(size / P)));
      expect(client.asks.map((ask) => ask.offset)).toEqual(client.asks.map((_, index) => (index === 0 ? undefined : index * P)));
      expect(Math.max(...client.answers.map((answer) => answer.base64!.length))).toBeLessThanOrEqual(Math.ceil(P / 3) * 4);
      expect(transfers.held).toBe(0);
      expect(client.ended).toEqual([]);
    }
  });

  it('refuses a client whose pieces do not add up to the size it stated, in one line, and ends the transfer', async () => {
    const piece = (bytes: number[]) => ({ base64: Buffer.from(bytes).toString('base64') });
    const cases: { answers: ReadSampleResult[]; error: string }[] = [
      // A piece too many: the second goes past the size.
      { answers: [{ ...piece([1, 2, 3, 4]), size: 10, transfer: 1 }, piece([5, 6, 7, 8]), piece([9, 10, 11, 12])], error: 'the client sent more than the 10 bytes it stated' },
      { answers: [{ ...piece([1, 2, 3, 4]), size: 2 }], error: 'the client sent more than the 2 bytes it stated' },
      // Too few: no more pieces, an empty piece (asked again, it would be asked without end).
      { answers: [{ ...piece([1, 2, 3, 4]), size: 10 }], error: 'the client sent 4 of the 10 bytes it stated' },
      { answers: [{ ...piece([1, 2, 3, 4]), size: 10, transfer: 1 }, piece([])], error: 'the client’s pieces stopped at 4 of the 10 bytes it stated'.replace('’', "'") },
      { answers: [{ ...piece([1, 2, 3, 4]), size: -1, transfer: 1 }], error: 'the client stated no size for the bytes it sends in pieces' },
      { answers: [{ ...piece([1, 2, 3, 4]), transfer: 1 }], error: 'the client stated no size for the bytes it sends in pieces' },
      { answers: [{ ...piece([1, 2, 3, 4]), size: 10, transfer: 1 }, { base64: 'QU JD' }], error: 'the client sent bytes that are not base64' },
    ];
    for (const { answers, error } of cases) {
      const client = fakeClient(async () => answers[client.asks.length - 1]!);
      expect(await outcome(sampleBytesFromClient(client.connection, URI, NEVER)), error).toBe(`cannot read /samples/events.ndjson: ${error}`);
      expect(client.asks.length, error).toBe(answers.length);
      expect(client.ended, error).toEqual(answers[0]!.transfer === undefined ? [] : [1]);
    }
  });

  it('refuses a size over the in-memory limit before allocating it or asking for a piece', async () => {
    const size = 2 ** 45;
    const client = fakeClient(async () => ({ base64: 'AAAA', size, transfer: 3 }));
    // Allocated, 32 TiB would fail otherwise (a RangeError, or the process out of memory).
    expect(await outcome(sampleBytesFromClient(client.connection, URI, NEVER))).toBe(`cannot read /samples/events.ndjson: ${tooLargeForMemory(size, 'the editor')}`);
    expect(client.asks).toHaveLength(1);
    expect(client.ended).toEqual([3]);
  });

  it('stops at the next piece when cancelled between pieces, and the client drops the file', async () => {
    const file = randomBytes(3 * SAMPLE_PIECE_BYTES);
    // Cancelled once the second piece has come, before the third is asked.
    const between = desktopClient(file);
    const source = new CancellationTokenSource();
    const answer = between.client.connection.sendRequest.bind(between.client.connection) as (method: string, params: ReadSampleParams, token: CancellationToken) => Promise<ReadSampleResult>;
    (between.client.connection as unknown as { sendRequest: typeof answer }).sendRequest = async (method, params, token) => {
      const result = await answer(method, params, token);
      if (params.offset !== undefined) source.cancel();
      return result;
    };
    expect(await outcome(sampleBytesFromClient(between.client.connection, URI, source.token))).toBe('cancelled');
    expect(between.client.asks.map((ask) => ask.offset)).toEqual([undefined, SAMPLE_PIECE_BYTES]);
    expect(between.client.ended).toEqual([1]);
    expect(between.transfers.held).toBe(0);

    // Cancelled while a piece is asked: the server stops waiting at once, and the client answers that piece RequestCancelled.
    const during = new SampleTransfers(SERVER_TRANSPORT);
    const duringSource = new CancellationTokenSource();
    let cancelledAnswers = 0;
    const client = fakeClient(
      async (params, token) => {
        if (params.offset !== undefined) {
          // Once the request is sent, as a JSON-RPC connection sends it.
          await Promise.resolve();
          duringSource.cancel();
          const result = await during.answer(params, fileOf(file), token);
          if (result === READ_CANCELLED) cancelledAnswers++;
          return result;
        }
        return during.answer(params, fileOf(file), token);
      },
      (transfer) => during.end(transfer),
    );
    expect(await outcome(sampleBytesFromClient(client.connection, URI, duringSource.token))).toBe('cancelled');
    expect(client.asks).toHaveLength(2);
    expect(cancelledAnswers).toBe(1);
    expect(during.held).toBe(0);

    // Cancelled before: nothing asked.
    const before = desktopClient(file);
    expect(await outcome(sampleBytesFromClient(before.client.connection, URI, duringSource.token))).toBe('cancelled');
    expect(before.client.asks).toEqual([]);
  });
});
