// The web build's sample store (server/sample-store.web) in process, with the client
// that reads the files through the editor faked: its answers about where the sample
// is and its bytes come when the test gives them, so a read can be stopped while the
// client still reads the file, and a file can change between the look-up and the read.
import type { CancellationToken, Connection } from 'vscode-languageserver';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { READ_SAMPLE_REQUEST, SAMPLE_FILE_REQUEST, type ReadSampleResult, type SampleFileParams, type SampleFileResult } from '../../server/custom-protocol';
import { SampleStore } from '../../server/sample-store.web';

// As the web build bundles it: the client's bytes come as a Uint8Array, not in base64 over JSON.
vi.mock('../../server/client-sample-bytes', () => vi.importActual('../../server/client-sample-bytes.web'));

const RULES_URI = 'file:///work/rules.channels';
const SAMPLE_URI = 'file:///work/events.ndjson';

const eventsWith = (medium: string) => new TextEncoder().encode(`{"user_id":"u1","time":1700000000000,"utm_medium":"${medium}"}\n`);

/** The client's side: the sample (its settings' choice) and its modification time as the test sets them, and each read's bytes given when the test says. */
class FakeClient {
  sample = SAMPLE_URI;
  mtime = 1;
  readonly reads: { token: CancellationToken | undefined; answer: (result: ReadSampleResult) => void }[] = [];

  readonly connection = {
    sendRequest: (method: string, params: unknown, token?: CancellationToken): Promise<unknown> => {
      if (method === SAMPLE_FILE_REQUEST) {
        // Answered after a turn of the event loop, as over the message channel.
        const answer = { uri: this.sample, mtime: this.mtime } satisfies SampleFileResult;
        return new Promise((resolve) => setImmediate(() => resolve(answer)));
      }
      if (method === READ_SAMPLE_REQUEST) return new Promise<ReadSampleResult>((answer) => this.reads.push({ token, answer }));
      throw new Error(`unexpected request ${method} ${JSON.stringify(params as SampleFileParams)}`);
    },
  } as unknown as Connection;
}

function storeOf(client: FakeClient): { store: SampleStore; logged: string[] } {
  const logged: string[] = [];
  const log = (message: string) => void logged.push(message);
  return { store: new SampleStore({ error: log, warn: log, info: log, log }, client.connection), logged };
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('the web sample store', () => {
  afterEach(() => vi.restoreAllMocks());

  it('stops waiting for the bytes of a read no document needs any more, and tells the client', async () => {
    const client = new FakeClient();
    const { store, logged } = storeOf(client);
    const file = (await store.resolve(RULES_URI, '', []))!;
    let settled = false;
    void store.get(RULES_URI, file, {}).then(() => (settled = true));
    await settle();
    expect(client.reads).toHaveLength(1);
    store.forget(RULES_URI);
    await settle();
    // Before, the stopped read waited for the whole file to arrive (and the diagnostics waiting for it with it).
    expect(settled).toBe(true);
    expect(client.reads[0]!.token?.isCancellationRequested).toBe(true);
    client.reads[0]!.answer({ bytes: eventsWith('cpc'), mtime: 1 });
    await settle();
    expect(logged).toEqual([`sample events ${SAMPLE_URI}: reading started`, `sample events ${SAMPLE_URI}: reading stopped (no open document reads it with these settings)`]);
  });

  it('reads a file again when it changed between the look-up and the read', async () => {
    const client = new FakeClient();
    const { store } = storeOf(client);
    const file = (await store.resolve(RULES_URI, '', []))!;
    const first = store.get(RULES_URI, file, {});
    await settle();
    // The file changed after the look-up gave version 1: the client reads version 2's bytes.
    client.mtime = 2;
    client.reads[0]!.answer({ bytes: eventsWith('v2'), mtime: 2 });
    await first;
    // The next look-up (another document's: one document's is trusted for a second) gives version 2, which is read.
    await store.resolve('file:///work/other.channels', '', []);
    store.ready(RULES_URI, file, {});
    await settle();
    expect(client.reads).toHaveLength(2);
  });

  it('asks where the sample is at once when channelRules.sampleEvents changes', async () => {
    const client = new FakeClient();
    const { store } = storeOf(client);
    client.sample = 'file:///work/a.ndjson';
    expect(await store.resolve(RULES_URI, 'a.ndjson', ['file:///work'])).toBe('file:///work/a.ndjson');
    // The client's settings change before the server hears of them.
    client.sample = 'file:///work/b.ndjson';
    // Before, the file the old setting named stood for a second, and then until the next edit.
    expect(await store.resolve(RULES_URI, 'b.ndjson', ['file:///work'])).toBe('file:///work/b.ndjson');
  });

  it('reads a file changed on disk at the first request after it, with the time the look-up it starts brings', async () => {
    const client = new FakeClient();
    const { store } = storeOf(client);
    const file = (await store.resolve(RULES_URI, '', []))!;
    const first = store.get(RULES_URI, file, {});
    await settle();
    client.reads[0]!.answer({ bytes: eventsWith('v1'), mtime: 1 });
    await first;
    // The file changes on disk; an edit over a second later looks again, answering with the file found before meanwhile.
    client.mtime = 2;
    const later = Date.now() + 1500;
    vi.spyOn(Date, 'now').mockReturnValue(later);
    expect(await store.resolve(RULES_URI, '', [])).toBe(file);
    store.ready(RULES_URI, file, {});
    await settle();
    // Before, the version was the time the earlier look-up brought, and nothing was read until the next edit.
    expect(client.reads).toHaveLength(2);
  });

  it('keeps the modification time of the look-up asked last when the client answers an earlier one after it', async () => {
    // The client answers look-ups concurrently: the stat of one asked before the file changed can arrive after the stat of one asked after.
    const answers: ((result: SampleFileResult) => void)[] = [];
    const connection = {
      sendRequest: (method: string): Promise<unknown> => {
        if (method === SAMPLE_FILE_REQUEST) return new Promise<SampleFileResult>((answer) => answers.push(answer));
        throw new Error(`unexpected request ${method}`);
      },
    } as unknown as Connection;
    const store = new SampleStore({ error: () => {}, warn: () => {}, info: () => {}, log: () => {} }, connection);
    const first = store.resolve(RULES_URI, '', []);
    const second = store.resolve('file:///work/other.channels', '', []);
    expect(answers).toHaveLength(2);
    answers[1]!({ uri: SAMPLE_URI, mtime: 2 });
    await second;
    answers[0]!({ uri: SAMPLE_URI, mtime: 1 });
    await first;
    // Before, the late answer set the time back to 1: the sample read at 2 was taken for changed and read again, or the one at 1 kept.
    expect(await (store as unknown as { versionOf(file: string): Promise<number> }).versionOf(SAMPLE_URI)).toBe(2);
  });
});
