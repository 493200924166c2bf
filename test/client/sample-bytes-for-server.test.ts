// The client's answer to the browser's server's channelRules/readSample gives up once
// the server cancels the request: the server no longer needs the sample, and the
// client read on and sent the whole file (up to 256 MiB) over the message channel.
// The editor reads a file in one call, so the answer looks at the token before the
// size is asked, before the read, and after it. To desktop VS Code's server, over
// JSON, the bytes go in base64, in pieces, and a file too large is the editor's
// memory's; the file is held for its transfer's pieces and no longer: dropped after
// the last, when a piece's request is cancelled, when the server ends the transfer,
// when no piece is asked for TRANSFER_IDLE_MS.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  READ_CANCELLED,
  SampleTransfers,
  TRANSFER_IDLE_MS,
  type RequestToken,
  type SampleBytesTransport,
  type SampleFileAccess,
} from '../../client/sample-bytes-for-server';
import { SAMPLE_PIECE_BYTES, SERVER_TRANSPORT as DESKTOP } from '../../client/sample-bytes-transport';
import { SERVER_TRANSPORT as BROWSER } from '../../client/sample-bytes-transport.web';
import { MAX_IN_MEMORY_FILE, tooLargeForMemory } from '../../engine/events/in-memory-limits';
import { clientSamplePiece } from '../../server/client-sample-bytes';
import type { ReadSampleResult } from '../../server/custom-protocol';

const URI = 'memfs:/events.ndjson';

/** The first answer of a transfer of its own. */
function sampleBytesForServer(access: SampleFileAccess, token: RequestToken, transport: SampleBytesTransport) {
  return new SampleTransfers(transport).answer({ uri: URI }, access, token);
}

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
    expect(await sampleBytesForServer(access, token, BROWSER)).toEqual({ bytes: new Uint8Array(3), size: 3, mtime: 7 });
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
    expect(answer).toEqual({ base64: Buffer.from(bytes).toString('base64'), size: bytes.length, mtime: 7 });
    // Through JSON, as over IPC.
    const piece = clientSamplePiece(JSON.parse(JSON.stringify(answer)));
    const decoded = new Uint8Array(piece.length);
    piece.writeInto(decoded, 0);
    expect(decoded).toEqual(bytes);
  });

  it('refuses a file too large in the words of where it is held, naming it, and one that grew past the limit after its size was asked', async () => {
    const large = file(2 ** 30);
    expect(await sampleBytesForServer(large.access, large.token, DESKTOP)).toEqual({ error: `cannot read events.ndjson: ${tooLargeForMemory(2 ** 30, 'the editor')}` });
    expect(large.calls).toEqual(['stat']);
    // Not sent.
    const grown = file(3, undefined, MAX_IN_MEMORY_FILE + 1);
    expect(await sampleBytesForServer(grown.access, grown.token, DESKTOP)).toEqual({ error: `cannot read events.ndjson: ${tooLargeForMemory(MAX_IN_MEMORY_FILE + 1, 'the editor')}` });
    expect(grown.calls).toEqual(['stat', 'readFile']);
  });
});

describe('a transfer in pieces', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const PIECE = 4;
  const SMALL_PIECES: SampleBytesTransport = { ...DESKTOP, pieceBytes: PIECE };
  const NOT_CANCELLED = { isCancellationRequested: false };
  /** A file of `size` bytes counting its reads. */
  function counted(size: number): { access: SampleFileAccess; reads: number } {
    const bytes = Uint8Array.from({ length: size }, (_, index) => index);
    const counter = { reads: 0, access: undefined as unknown as SampleFileAccess };
    counter.access = {
      name: 'events.ndjson',
      stat: async () => ({ size, mtime: 7 }),
      readFile: async () => {
        counter.reads++;
        return bytes;
      },
    };
    return counter;
  }
  const decoded = (answer: ReadSampleResult | typeof READ_CANCELLED) => [...Buffer.from((answer as ReadSampleResult).base64!, 'base64')];

  it('reads the file once, sends it in pieces of at most the transport’s size, and holds it until the last is asked', async () => {
    const file = counted(10);
    const transfers = new SampleTransfers(SMALL_PIECES);
    const first = (await transfers.answer({ uri: URI }, file.access, NOT_CANCELLED)) as ReadSampleResult;
    expect({ ...first, base64: undefined }).toEqual({ base64: undefined, size: 10, mtime: 7, transfer: 1 });
    expect(decoded(first)).toEqual([0, 1, 2, 3]);
    expect(transfers.held).toBe(1);
    expect(decoded(await transfers.answer({ uri: URI, transfer: 1, offset: 4 }, file.access, NOT_CANCELLED))).toEqual([4, 5, 6, 7]);
    expect(transfers.held).toBe(1);
    expect(decoded(await transfers.answer({ uri: URI, transfer: 1, offset: 8 }, file.access, NOT_CANCELLED))).toEqual([8, 9]);
    expect(transfers.held).toBe(0);
    expect(file.reads).toBe(1);
    // Asked again: the file is not kept for another transfer.
    expect(await transfers.answer({ uri: URI, transfer: 1, offset: 8 }, file.access, NOT_CANCELLED)).toEqual({ error: expect.stringMatching(/^cannot read events\.ndjson: its transfer is over/) });
    // A file of one piece holds no transfer.
    expect(await transfers.answer({ uri: URI }, counted(PIECE).access, NOT_CANCELLED)).toEqual({ base64: 'AAECAw==', size: PIECE, mtime: 7 });
    expect(transfers.held).toBe(0);
  });

  it('sends desktop VS Code’s server pieces of 8 MiB, the browser’s the whole file at once', async () => {
    const size = 2 * SAMPLE_PIECE_BYTES + 1;
    const file = counted(size);
    const transfers = new SampleTransfers(DESKTOP);
    const answers = [(await transfers.answer({ uri: URI }, file.access, NOT_CANCELLED)) as ReadSampleResult];
    for (let offset = SAMPLE_PIECE_BYTES; offset < size; offset += SAMPLE_PIECE_BYTES) answers.push((await transfers.answer({ uri: URI, transfer: 1, offset }, file.access, NOT_CANCELLED)) as ReadSampleResult);
    // 11 MiB of base64 at most in one message, where the whole file was one string.
    expect(answers.map((answer) => answer.base64!.length)).toEqual([Math.ceil(SAMPLE_PIECE_BYTES / 3) * 4, Math.ceil(SAMPLE_PIECE_BYTES / 3) * 4, 4]);
    expect(transfers.held).toBe(0);
    const browser = (await new SampleTransfers(BROWSER).answer({ uri: URI }, file.access, NOT_CANCELLED)) as ReadSampleResult;
    expect(browser.bytes?.length).toBe(size);
    expect(browser.transfer).toBeUndefined();
  });

  it('drops the file when a piece’s request is cancelled, when the server ends the transfer, or asks for no piece for a while', async () => {
    const transfers = new SampleTransfers(SMALL_PIECES);
    await transfers.answer({ uri: URI }, counted(10).access, NOT_CANCELLED);
    expect(await transfers.answer({ uri: URI, transfer: 1, offset: 4 }, counted(10).access, { isCancellationRequested: true })).toBe(READ_CANCELLED);
    expect(transfers.held).toBe(0);
    await transfers.answer({ uri: URI }, counted(10).access, NOT_CANCELLED);
    expect(transfers.held).toBe(1);
    transfers.end(2);
    expect(transfers.held).toBe(0);
    vi.useFakeTimers();
    await transfers.answer({ uri: URI }, counted(10).access, NOT_CANCELLED);
    vi.advanceTimersByTime(TRANSFER_IDLE_MS - 1);
    // A piece asked puts the timeout off again.
    await transfers.answer({ uri: URI, transfer: 3, offset: 4 }, counted(10).access, NOT_CANCELLED);
    vi.advanceTimersByTime(TRANSFER_IDLE_MS - 1);
    expect(transfers.held).toBe(1);
    vi.advanceTimersByTime(1);
    expect(transfers.held).toBe(0);
    expect(await transfers.answer({ uri: URI, transfer: 3, offset: 8 }, counted(10).access, NOT_CANCELLED)).toEqual({ error: expect.stringMatching(/its transfer is over/) });
  });

  it('answers a piece that does not start inside the file with the reason, and drops the file', async () => {
    for (const offset of [undefined, 0, -4, 10, 11, 4.5]) {
      const transfers = new SampleTransfers(SMALL_PIECES);
      await transfers.answer({ uri: URI }, counted(10).access, NOT_CANCELLED);
      expect(await transfers.answer({ uri: URI, transfer: 1, ...(offset === undefined ? {} : { offset }) }, counted(10).access, NOT_CANCELLED), String(offset)).toEqual({
        error: `cannot read events.ndjson: no piece of its 10 bytes starts at ${String(offset)}`,
      });
      expect(transfers.held).toBe(0);
    }
  });
});
