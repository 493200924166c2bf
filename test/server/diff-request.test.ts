// "Compare with…" over the protocol (channelRules/diff): the bundled server runs the
// semantic diff in its analysis worker thread and answers exactly what the engine
// gives in process, with sample counts from a file it reads, from text it is sent, or
// from a file it asks the client for by URI (a virtual file system's: the bytes come
// in base64 over JSON and are read as the same file by its path, gz, zip and Parquet);
// a version with errors is said in one line, params that are not the protocol's are
// refused as InvalidParams naming the field (no stack trace in the log), and a
// cancelled request is answered RequestCancelled and leaves the server answering the next.
import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancellationTokenSource, ParameterStructures, ResponseError, type CancellationToken } from 'vscode-jsonrpc';
import { DidChangeConfigurationNotification, LSPErrorCodes } from 'vscode-languageserver-protocol';
import { compareTexts } from '../../engine/diff/compare-texts';
import { compareAgainst } from '../../client/compare/compare-against';
import { diffSampleOf } from '../../client/compare/compare-sample';
import { READ_CANCELLED, SampleTransfers } from '../../client/sample-bytes-for-server';
import { SERVER_TRANSPORT } from '../../client/sample-bytes-transport';
import {
  DIFF_REQUEST,
  END_SAMPLE_TRANSFER_NOTIFICATION,
  READ_SAMPLE_REQUEST,
  type DiffParams,
  type DiffResult,
  type EndSampleTransferParams,
  type ReadSampleParams,
} from '../../server/custom-protocol';
import { fixtureUri, invalidParamsMessage, ROOT, TestClient } from './lsp-client';

const BASE = `channel "Email"
  when utm_medium = "email"

channel "Newsletter"
  when utm_source contains "newsletter"

otherwise "Other"
`;
const HEAD = BASE.replace('"email"', '"e-mail"');
const GA4 = readFileSync(path.join(ROOT, 'examples', 'ga4-default.channels'), 'utf8');
const SAMPLE = path.join(ROOT, 'examples', 'ga4-sample.ndjson');
const GA4_EXPORT = path.join(ROOT, 'examples', 'sources', 'ga4-bigquery-export.ndjson');
const GA4_CHANNEL = 'session_traffic_source_last_click.cross_channel_campaign.default_channel_group';
const CONTAINERS = path.join(ROOT, 'test', 'fixtures', 'containers');
/** Where the test's virtual file system (`memfs:/samples/<name>`) keeps its files. */
const MEMFS = 'memfs:/samples/';

describe('channelRules/diff', () => {
  let client: TestClient;
  const uri = fixtureUri('diff-request.channels');
  beforeAll(async () => {
    client = await TestClient.start({ settings: {} });
    // The client's side of channelRules/readSample as desktop VS Code answers it (client/sample-files-for-server), over a virtual file system of the fixtures.
    const transfers = new SampleTransfers(SERVER_TRANSPORT);
    client.connection.onRequest(READ_SAMPLE_REQUEST, async (params: ReadSampleParams, token: CancellationToken) => {
      const name = params.uri.slice(MEMFS.length);
      const file = path.join(CONTAINERS, name);
      const access = { name, stat: async () => ({ size: (await stat(file)).size, mtime: 1 }), readFile: () => readFile(file) };
      const answer = await transfers.answer(params, access, token);
      return answer === READ_CANCELLED ? new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled') : answer;
    });
    client.connection.onNotification(END_SAMPLE_TRANSFER_NOTIFICATION, (params: EndSampleTransferParams) => transfers.end(params.transfer));
  });
  afterAll(async () => {
    await client.stop();
  });

  const request = (params: Omit<DiffParams, 'uri'>, token?: CancellationTokenSource) =>
    (token === undefined
      ? client.connection.sendRequest(DIFF_REQUEST, { uri, ...params })
      : client.connection.sendRequest(DIFF_REQUEST, { uri, ...params }, token.token)) as Promise<DiffResult | null>;

  it('answers the engine’s own diff', async () => {
    const result = await request({ baseText: BASE, headText: HEAD, baseLabel: 'HEAD version' });
    expect(result?.error, client.logs.join('\n')).toBeUndefined();
    expect(result?.diff).toEqual(JSON.parse(JSON.stringify(await compareTexts(BASE, HEAD, 'HEAD version'))));
    expect(result?.diff?.moves.map((move) => `${move.from} → ${move.to}`).sort()).toEqual(['Email → Newsletter', 'Email → Other', 'Newsletter → Email', 'Other → Email']);
  });

  it('counts the moves on a sample read from its path, and on the same sample sent as text', async () => {
    const edited = GA4.replace(/channel "Organic Search"/, 'channel "Search (organic)"');
    expect(edited).not.toBe(GA4);
    const byPath = await request({ baseText: GA4, headText: edited, baseLabel: 'main version', sample: { path: SAMPLE } });
    const byText = await request({ baseText: GA4, headText: edited, baseLabel: 'main version', sample: { text: readFileSync(SAMPLE, 'utf8'), format: 'ndjson' } });
    const inProcess = await compareTexts(GA4, edited, 'main version', { sample: { path: SAMPLE } });
    expect(byPath?.diff?.sample).toEqual(JSON.parse(JSON.stringify(inProcess.sample)));
    expect(byText?.diff?.sample).toEqual(byPath?.diff?.sample);
    expect(byPath?.diff?.sample?.moved).toBeGreaterThan(0);
  });

  it('counts the moves on a sample of a virtual file system, read through the client, as on the same file by its path: gz, zip, Parquet', async () => {
    const base = 'channel "Email"\n  when utm_medium = "e-mail"\notherwise "Other"\n';
    const head = 'channel "Email"\n  when utm_medium = "email"\notherwise "Other"\n';
    for (const name of ['events.ndjson.gz', 'export.zip', 'events.parquet']) {
      // What the panel sends for it in desktop VS Code (before: its bytes decoded as UTF-8 text, or refused).
      const uri = `${MEMFS}${name}`;
      const sample = diffSampleOf({ scheme: 'memfs', path: `/samples/${name}`, fsPath: `/samples/${name}`, toString: () => uri }, name, true);
      expect(sample).toEqual({ uri });
      const byUri = await request({ baseText: base, headText: head, baseLabel: 'main version', sample });
      expect(byUri?.error, `${name}: ${client.logs.join('\n')}`).toBeUndefined();
      const byPath = await request({ baseText: base, headText: head, baseLabel: 'main version', sample: { path: path.join(CONTAINERS, name) } });
      expect(byUri?.diff?.sample, name).toEqual(byPath?.diff?.sample);
      expect(byUri?.diff?.sample?.moved, name).toBeGreaterThan(0);
    }
    // A damaged file: the reader's one line, naming the file by its path.
    const damaged = await request({ baseText: base, headText: head, baseLabel: 'main version', sample: { uri: `${MEMFS}truncated.parquet` } });
    expect(damaged?.diff).toBeUndefined();
    expect(damaged?.error).toMatch(/^\/samples\/truncated\.parquet: /);
    // A file the client cannot read: its reason, naming the file.
    const missing = await request({ baseText: base, headText: head, baseLabel: 'main version', sample: { uri: `${MEMFS}no-such-events.ndjson.gz` } });
    expect(missing).toEqual({ error: expect.stringMatching(/^cannot read no-such-events\.ndjson\.gz: ENOENT/) });
  });

  it('with channelRules.against auto (the default), agrees with the channel a GA4 export carries, and with none for plain events', async () => {
    const edited = GA4.replace('"email"', '"e-mail"');
    const against = compareAgainst('auto', true);
    expect(against).toBe('auto');
    // A GA4 export whose sessions carry GA4's own channel.
    const exported = readFileSync(GA4_EXPORT, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.stringify({ ...JSON.parse(line), session_traffic_source_last_click: { cross_channel_campaign: { default_channel_group: 'Email' } } }))
      .join('\n');
    const ga4 = await request({ baseText: GA4, headText: edited, baseLabel: 'main version', sample: { text: exported, format: 'ndjson' }, ...(against === undefined ? {} : { against }) });
    expect(ga4?.error, client.logs.join('\n')).toBeUndefined();
    expect(ga4?.diff?.sample?.against?.field).toBe(GA4_CHANNEL);
    expect(ga4?.diff?.sample?.against?.events).toBeGreaterThan(0);
    const plain = await request({ baseText: GA4, headText: edited, baseLabel: 'main version', sample: { path: SAMPLE }, ...(against === undefined ? {} : { against }) });
    expect(plain?.error, client.logs.join('\n')).toBeUndefined();
    expect(plain?.diff?.sample?.events).toBeGreaterThan(0);
    expect(plain?.diff?.sample?.against).toBeUndefined();
  });

  it('reads the sample with the document’s channelRules.fieldMap and eventSource, as the preview does', async () => {
    // Plain events whose medium is in a field of their own: only the mapping makes them Email.
    const sample = { text: ['{"user_id":"a","time":1,"medium":"email"}', '{"user_id":"b","time":2,"medium":"email"}', '{"user_id":"c","time":3,"medium":"cpc"}'].join('\n'), format: 'ndjson' as const };
    const unmapped = await request({ baseText: BASE, headText: HEAD, baseLabel: 'HEAD version', sample });
    expect(unmapped?.diff?.sample?.moved).toBe(0);
    const configure = (settings: Record<string, unknown>) => {
      client.settings = settings;
      return client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    };
    await configure({ fieldMap: { utm_medium: 'medium' } });
    try {
      const mapped = await request({ baseText: BASE, headText: HEAD, baseLabel: 'HEAD version', sample });
      expect(mapped?.error, client.logs.join('\n')).toBeUndefined();
      expect(mapped?.diff?.sample?.moved).toBe(2);
      expect(mapped?.diff).toEqual(JSON.parse(JSON.stringify(await compareTexts(BASE, HEAD, 'HEAD version', { sample, sampleEventFields: { map: [{ name: 'utm_medium', path: 'medium' }] } }))));
      // A setting that cannot be read is said, not ignored.
      await configure({ eventSource: 'snowplough' });
      const refused = await request({ baseText: BASE, headText: HEAD, baseLabel: 'HEAD version', sample });
      expect(refused).toEqual({ error: expect.stringMatching(/^channelRules\.eventSource \/ fieldMap \/ timeUnit: unknown event source "snowplough"/) });
    } finally {
      await configure({});
    }
  });

  it('asks for no agreement without a sample or with an empty setting, and for a named field as it is', () => {
    expect(compareAgainst('auto', false)).toBeUndefined();
    expect(compareAgainst(undefined, true)).toBeUndefined();
    expect(compareAgainst('  ', true)).toBeUndefined();
    expect(compareAgainst(' channel ', true)).toBe('channel');
  });

  it('says in one line which version has errors', async () => {
    const result = await request({ baseText: 'channel "A"\n  when utm_medium = \n', headText: HEAD, baseLabel: 'main version' });
    expect(result).toEqual({ error: expect.stringMatching(/^The main version has errors, so it cannot be compared exactly: line 2: /) });
    const unreadable = await request({ baseText: BASE, headText: HEAD, baseLabel: 'HEAD version', sample: { path: path.join(ROOT, 'no-such-events.ndjson') } });
    expect(unreadable?.diff).toBeUndefined();
    expect(unreadable?.error).toMatch(/no-such-events\.ndjson/);
  });

  it('refuses params that are not the protocol’s with InvalidParams naming the field, and logs nothing', async () => {
    const logged = client.logs.length;
    const refused = invalidParamsMessage;
    const refusal = (params: unknown) => refused(client.connection.sendRequest(DIFF_REQUEST, params));
    const texts = { uri, baseText: BASE, headText: HEAD, baseLabel: 'HEAD version' };
    // Params as a list, and no params: vscode-jsonrpc spread a list into the handler's
    // arguments, so a second item took the cancellation token's place (a stack trace in
    // the log) and a list of the params alone was answered as if sent by name; with
    // none, the token was read as the params. (The protocol connection's types allow a
    // string method one param: a list is sent here as any JSON-RPC client may send it.)
    const sendList = client.connection.sendRequest as (method: string, ...params: unknown[]) => Promise<unknown>;
    expect(await refused(sendList(DIFF_REQUEST, texts, 5))).toBe('Request channelRules/diff defines parameters by name but received parameters by position');
    expect(await refused(sendList(DIFF_REQUEST, ParameterStructures.byPosition, texts))).toBe('Request channelRules/diff defines parameters by name but received parameters by position');
    expect(await refused(client.connection.sendRequest(DIFF_REQUEST))).toBe('Request channelRules/diff defines 1 params but received none.');
    // A lone null is sent by vscode-jsonrpc as the list [null].
    expect(await refusal(null)).toBe('Request channelRules/diff defines parameters by name but received parameters by position');
    expect(await refusal({})).toBe('channelRules/diff: uri must be a string, not missing');
    // Numbers were compared as two empty versions: a diff with no changes.
    expect(await refusal({ uri, baseText: 5, headText: 6, baseLabel: 'HEAD version' })).toBe('channelRules/diff: baseText must be a string, not a number');
    expect(await refusal({ ...texts, baseLabel: 7 })).toBe('channelRules/diff: baseLabel must be a string, not a number');
    expect(await refusal({ ...texts, sample: null })).toBe('channelRules/diff: sample must be an object, not null');
    expect(await refusal({ ...texts, sample: { path: SAMPLE }, against: 5 })).toBe('channelRules/diff: against must be a string, not a number');
    expect(await refusal({ ...texts, sample: { text: 5, path: 7 } })).toBe('channelRules/diff: sample.path must be a string, not a number');
    expect(await refusal({ ...texts, sample: { text: '{}', path: SAMPLE } })).toBe('channelRules/diff: sample has both path and text; send one');
    expect(await refusal({ ...texts, sample: {} })).toBe('channelRules/diff: sample must have path, text or uri');
    expect(await refusal({ ...texts, sample: { text: '{}', format: 'parquet' } })).toBe('channelRules/diff: sample.format must be one of "ndjson", "json", "csv", not "parquet"');
    expect(await refusal({ ...texts, sample: { text: '{}' } })).toBe('channelRules/diff: sample.format must be one of "ndjson", "json", "csv", not missing');
    // The server's working folder is not the client's: a relative path named some other file, or none.
    expect(await refusal({ ...texts, sample: { path: path.relative(process.cwd(), SAMPLE) } })).toMatch(/^channelRules\/diff: sample\.path must be an absolute path /);
    expect(await refusal({ ...texts, sample: { uri: 'events.ndjson' } })).toBe('channelRules/diff: sample.uri must be a URI');
    expect(await refusal({ ...texts, sample: { uri: 'file:///work/events.ndjson', path: SAMPLE } })).toBe('channelRules/diff: sample has both path and uri; send one');
    expect(client.logs.slice(logged)).toEqual([]);
    // Still answering.
    expect((await request({ baseText: BASE, headText: BASE, baseLabel: 'HEAD version' }))?.diff?.complete).toBe(true);
  });

  it('answers a cancelled request (a newer edit) with RequestCancelled, and the next one', async () => {
    const logged = client.logs.length;
    const token = new CancellationTokenSource();
    const cancelled = request({ baseText: GA4, headText: GA4.replace('"email"', '"e-mail"'), baseLabel: 'x' }, token);
    token.cancel();
    const error = await cancelled.then(
      (result) => new Error(`answered ${JSON.stringify(result)}`),
      (error: unknown) => error,
    );
    expect(error).toBeInstanceOf(ResponseError);
    expect((error as ResponseError<void>).code, (error as Error).message).toBe(LSPErrorCodes.RequestCancelled);
    const next = await request({ baseText: BASE, headText: BASE, baseLabel: 'HEAD version' });
    expect(next?.diff?.moves).toEqual([]);
    expect(next?.diff?.complete).toBe(true);
    expect(client.logs.slice(logged)).toEqual([]);
  });
});
