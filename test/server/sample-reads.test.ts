// A large sample is read on the server's thread between requests: hover, completion,
// code lenses and diagnostics answer with the sample as last read (none while the
// first read runs) and never wait for a read (diagnostics are published again once
// it lands), the client is asked to refresh its code lenses when
// a read lands, a file that changes during a read is read again after it, and a read
// nobody needs any more is stopped. Shown by order, not by
// time: over the protocol, an answer arrives before the log line that ends the read;
// in process, a sample source the test holds back.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CancellationTokenSource,
  CodeLensRefreshRequest,
  CodeLensRequest,
  CompletionRequest,
  DidChangeConfigurationNotification,
  HoverRequest,
  type CompletionList,
  type MarkupContent,
} from 'vscode-languageserver-protocol';
import type { CancellationToken } from '../../engine/cancellation';
import type { EventBatch } from '../../engine/events/event';
import type { EventSourceOptions } from '../../engine/events/event-source';
import { CHECK_WORKSPACE_REQUEST } from '../../server/custom-protocol';
import { collectSample } from '../../server/sample-loading';
import { SampleReads } from '../../server/sample-reads';
import type { LoadedSample } from '../../server/sample-store-types';
import { TestClient } from './lsp-client';

const RULES = 'channel "Email"\n  when utm_medium = "email"\n\nchannel "Paid"\n  when utm_medium = "cpc"\n';
/** Events enough that reading them takes many of the reader's slices (about 16 MB). */
const LARGE_EVENTS = 100_000;

function events(count: number, medium: (i: number) => string): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    lines.push(JSON.stringify({ user_id: `u${i % 5000}`, time: 1_700_000_000_000 + i * 1000, event_type: 'page_view', utm_medium: medium(i), referring_domain: `site${i % 977}.example.com`, utm_campaign: `campaign-${i % 313}` }));
  }
  return lines.join('\n') + '\n';
}

describe('a large sample over the protocol', () => {
  let folder: string;
  let large: string;
  let small: string;
  beforeAll(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'channel-rules-sample-reads-'));
    large = path.join(folder, 'large.ndjson');
    small = path.join(folder, 'small.ndjson');
    writeFileSync(large, events(LARGE_EVENTS, (i) => (i % 3 === 0 ? 'email' : 'cpc')));
    writeFileSync(small, events(10, () => 'social'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  async function start(): Promise<{ client: TestClient; refreshes: string[] }> {
    const client = await TestClient.start({
      settings: { sampleEvents: large },
      workspaceFolders: [pathToFileURL(folder).href],
      initializationOptions: { previewCommand: true },
      capabilities: {
        workspace: { configuration: true, codeLens: { refreshSupport: true } },
        textDocument: { completion: { completionItem: { snippetSupport: true } }, hover: { contentFormat: ['markdown'] } },
      },
    });
    const refreshes: string[] = [];
    // The refresh comes after the log line that ends the read: the logs then say which read it followed.
    client.connection.onRequest(CodeLensRefreshRequest.type, () => void refreshes.push(client.logs.filter((line) => / \d+ events, /.test(line)).join('; ')));
    return { client, refreshes };
  }

  const wasRead = (client: TestClient, file: string) => client.logs.some((line) => line.startsWith(`sample events ${file}: `) && / \d+ events, /.test(line));

  it('answers hover, completion and code lenses while the first read runs, then asks for code lenses again', async () => {
    const { client, refreshes } = await start();
    try {
      const uri = pathToFileURL(path.join(folder, 'rules.channels')).href;
      await client.open(uri, RULES);
      const position = { line: 1, character: 8 };
      const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
      const completion = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 1, character: 20 } })) as CompletionList;
      const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
      // All three answered before the read's end was logged, without the sample.
      expect(wasRead(client, large)).toBe(false);
      expect((hover?.contents as MarkupContent | undefined)?.value ?? '').not.toMatch(/sample events/);
      expect(completion.items.map((item) => item.label)).not.toContain('"email"');
      expect(lenses!.map((lens) => lens.command!.title)).toEqual(['Open Preview']);

      await client.sampleRead(large);
      await client.waitFor(() => (refreshes.length > 0 ? true : undefined), 'workspace/codeLens/refresh');
      expect(refreshes[0]).toContain(`sample events ${large}: ${LARGE_EVENTS} events`);
      const after = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
      expect((after!.contents as MarkupContent).value).toMatch(/of 100,000 sample events/);
      const counted = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
      expect(counted!.map((lens) => lens.command!.title)).toEqual(['33,334 sample events (33%)', 'Open Preview', '66,666 sample events (67%)']);
    } finally {
      await client.stop();
    }
  });

  it('publishes a document\'s first diagnostics while its sample is read, then again with the sample\'s hints', async () => {
    const { client } = await start();
    try {
      const uri = pathToFileURL(path.join(folder, 'diagnostics.channels')).href;
      await client.open(uri, `${RULES}\nchannel "Typo"\n  when utm_medum = "x"\n`);
      await client.diagnosticsFor(uri, 1);
      const index = client.publications.findIndex((params) => params.uri === uri);
      // The first publication came before the log line that ends the read, without the sample's hint.
      const logsBefore = client.logs.slice(0, client.logLinesBeforePublication[index]);
      expect(logsBefore.some((line) => line.startsWith(`sample events ${large}: `) && / \d+ events, /.test(line))).toBe(false);
      expect(client.publications[index]!.diagnostics.map((diagnostic) => diagnostic.code)).not.toContain('unknown-field');
      await client.sampleRead(large);
      const hinted = await client.diagnosticsFor(uri, 1, (params) => params.diagnostics.some((diagnostic) => diagnostic.code === 'unknown-field'));
      expect(hinted.diagnostics.find((diagnostic) => diagnostic.code === 'unknown-field')!.message).toContain(`(${LARGE_EVENTS.toLocaleString('en-US')} events read); did you mean "utm_medium"?`);
      // The analysis reads no sample: the version's run is not started again when the read lands (it was, once per read).
      await client.analysed(uri, 1);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(client.statuses.filter((status) => status.uri === uri && status.version === 1 && status.state === 'running')).toHaveLength(1);
    } finally {
      await client.stop();
    }
  });

  it('stops the read of a sample the settings no longer name, and reads the one they name', async () => {
    const { client } = await start();
    try {
      const uri = pathToFileURL(path.join(folder, 'settings.channels')).href;
      await client.open(uri, RULES);
      await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 8 } });
      // The settings change only once the large read runs (on a busy machine its start could come after the change, and nothing was left to stop).
      await client.waitFor(() => client.logs.find((line) => line === `sample events ${large}: reading started`), 'the large read to start');
      expect(wasRead(client, large)).toBe(false);
      client.settings = { sampleEvents: small };
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 8 } });
      await client.sampleRead(small);
      await client.waitFor(() => client.logs.find((line) => line === `sample events ${large}: reading stopped (no open document reads it with these settings)`), 'the large read to stop');
      expect(wasRead(client, large)).toBe(false);
    } finally {
      await client.stop();
    }
  });

  it('reads no sample for a document closed while its sample was looked up (it would be kept read for a document that is gone)', async () => {
    const { client } = await start();
    const closedSample = path.join(folder, 'closed.ndjson');
    writeFileSync(closedSample, events(10, () => 'display'));
    try {
      const closing = pathToFileURL(path.join(folder, 'closing.channels')).href;
      const later = pathToFileURL(path.join(folder, 'later.channels')).href;
      // The closing document's settings are answered only once it is closed, so its sample is looked up across the close.
      let answerHeld!: () => void;
      const held = new Promise<void>((resolve) => (answerHeld = resolve));
      let asked!: () => void;
      const askedForClosing = new Promise<void>((resolve) => (asked = resolve));
      client.connection.onRequest('workspace/configuration', async (params: { items: { scopeUri?: string; section?: string }[] }) => {
        const forClosing = params.items.some((item) => item.scopeUri === closing);
        if (forClosing) {
          asked();
          await held;
        }
        return params.items.map((item) => (item.section === 'channelRules' ? { sampleEvents: forClosing ? closedSample : small } : null));
      });
      await client.open(closing, RULES);
      const hover = client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: closing }, position: { line: 1, character: 8 } });
      await askedForClosing;
      await client.close(closing);
      answerHeld();
      await hover;
      // Another document's sample, looked up and read after, marks the point where a read of the closed one would have begun.
      await client.open(later, RULES);
      await client.sampleRead(small);
      expect(client.logs.filter((line) => line.startsWith(`sample events ${closedSample}: `))).toEqual([]);
    } finally {
      await client.stop();
    }
  });
  it('stops the sample read of a Check Workspace that is cancelled, and checks no file after it', async () => {
    const workspace = mkdtempSync(path.join(tmpdir(), 'channel-rules-check-cancelled-'));
    writeFileSync(path.join(workspace, 'a.channels'), RULES);
    writeFileSync(path.join(workspace, 'b.channels'), RULES);
    const client = await TestClient.start({ settings: { sampleEvents: large }, workspaceFolders: [pathToFileURL(workspace).href] });
    try {
      const cancel = new CancellationTokenSource();
      const checking = client.connection.sendRequest(CHECK_WORKSPACE_REQUEST, {}, cancel.token);
      await client.waitFor(() => client.logs.find((line) => line === `sample events ${large}: reading started`), 'the large read to start');
      cancel.cancel();
      // Without the token the check waited for the whole read, then went on to the next file.
      await client.waitFor(() => client.logs.find((line) => line === `sample events ${large}: reading stopped (no open document reads it with these settings)`), 'the large read to stop');
      await checking.catch(() => undefined);
      expect(wasRead(client, large)).toBe(false);
      expect(client.logs.filter((line) => line === `sample events ${large}: reading started`)).toHaveLength(1);
      expect(client.publications).toEqual([]);
    } finally {
      await client.stop();
      rmSync(workspace, { recursive: true, force: true });
    }
  });

  /** A workspace of one rules file whose sample is the large one: its diagnostics name the typo with the sample's field only once the sample is read. */
  function checkedWorkspace(name: string): { workspace: string; uri: string; text: string } {
    const workspace = mkdtempSync(path.join(tmpdir(), name));
    const text = `${RULES}\nchannel "Typo"\n  when utm_medum = "x"\n`;
    writeFileSync(path.join(workspace, 'typo.channels'), text);
    return { workspace, uri: pathToFileURL(path.join(workspace, 'typo.channels')).href, text };
  }
  const hintsTheSample = (client: TestClient, uri: string) =>
    client.lastDiagnostics(uri)?.diagnostics.find((diagnostic) => diagnostic.code === 'unknown-field')?.message.includes(`(${LARGE_EVENTS.toLocaleString('en-US')} events read)`) === true;

  it('lets a Check Workspace run at once after a cancelled one read its sample: the cancelled run lets go of its own hold only', async () => {
    const { workspace, uri } = checkedWorkspace('channel-rules-check-again-');
    const client = await TestClient.start({ settings: { sampleEvents: large }, workspaceFolders: [pathToFileURL(workspace).href] });
    try {
      // The first run's settings of the file are answered only once the second run waits for the sample: the first run ends after the second began.
      let answerFirst!: () => void;
      const held = new Promise<void>((resolve) => (answerFirst = resolve));
      let asked!: () => void;
      const firstAsked = new Promise<void>((resolve) => (asked = resolve));
      let questions = 0;
      client.connection.onRequest('workspace/configuration', async (params: { items: { scopeUri?: string; section?: string }[] }) => {
        if (params.items.some((item) => item.scopeUri === uri) && questions++ === 0) {
          asked();
          await held;
        }
        return params.items.map((item) => (item.section === 'channelRules' ? { sampleEvents: large } : null));
      });
      const cancel = new CancellationTokenSource();
      const first = client.connection.sendRequest(CHECK_WORKSPACE_REQUEST, {}, cancel.token);
      await firstAsked;
      cancel.cancel();
      // Settings read again: the second run asks for them anew rather than wait for the first run's answer.
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      const second = client.connection.sendRequest(CHECK_WORKSPACE_REQUEST, {});
      await client.waitFor(() => client.logs.find((line) => line === `sample events ${large}: reading started`), 'the second run\'s read to start');
      answerFirst();
      await first.catch(() => undefined);
      expect(await second).toMatchObject({ files: 1 });
      // The first run's end stopped the read the second waited for, and the second checked the file without its sample.
      expect(client.logs.filter((line) => line.startsWith(`sample events ${large}: reading stopped`))).toEqual([]);
      expect(wasRead(client, large)).toBe(true);
      expect(hintsTheSample(client, uri)).toBe(true);
    } finally {
      await client.stop();
      rmSync(workspace, { recursive: true, force: true });
    }
  });

  it('goes on reading the sample a Check Workspace waits for when the file is opened and closed meanwhile', async () => {
    const { workspace, uri, text } = checkedWorkspace('channel-rules-check-open-close-');
    const client = await TestClient.start({ settings: { sampleEvents: large }, workspaceFolders: [pathToFileURL(workspace).href] });
    try {
      const checking = client.connection.sendRequest(CHECK_WORKSPACE_REQUEST, {});
      await client.waitFor(() => client.logs.find((line) => line === `sample events ${large}: reading started`), 'the check\'s read to start');
      await client.open(uri, text);
      await client.diagnosticsFor(uri, 1);
      // The editor's close let go of the check's hold too, and stopped the read the check waited for.
      await client.close(uri);
      expect(await checking).toMatchObject({ files: 1 });
      expect(client.logs.filter((line) => line.startsWith(`sample events ${large}: reading stopped`))).toEqual([]);
      expect(wasRead(client, large)).toBe(true);
      expect(hintsTheSample(client, uri)).toBe(true);
    } finally {
      await client.stop();
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});

/** Batches given one at a time, when the test says: a file whose reading the test holds back. */
class HeldBackFile {
  private release: (() => void) | undefined;
  given = 0;
  finished = false;
  closed = false;

  constructor(private readonly batches: EventBatch[]) {}

  async *read(): AsyncGenerator<EventBatch> {
    try {
      for (const batch of this.batches) {
        await this.gate();
        this.given++;
        yield batch;
      }
      // The end of the file is let through too.
      await this.gate();
      this.finished = true;
    } finally {
      this.closed = true;
    }
  }

  private gate(): Promise<void> {
    return new Promise((resolve) => (this.release = resolve));
  }

  /** Lets the next batch (or the end) through, and waits until the reader has taken it (or stopped). */
  async next(): Promise<void> {
    while (this.release === undefined) await new Promise((resolve) => setImmediate(resolve));
    const release = this.release;
    this.release = undefined;
    release();
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  }
}

function batchOf(medium: string, count: number): EventBatch {
  return { events: Array.from({ length: count }, (_, i) => ({ line: i + 1, props: { user_id: `u${i}`, time: i, utm_medium: medium } })), skipped: [] };
}

/** The store's reading with the file's versions and contents in the test's hands. */
class TestReads extends SampleReads {
  protected readonly recheckMs = 0;
  version = 1;
  /** Every read started, in order. */
  readonly started: { file: string; version: number; options: EventSourceOptions; held: HeldBackFile }[] = [];
  readonly logged: string[] = [];

  constructor() {
    const log = (message: string) => this.logged.push(message);
    super({ error: log, warn: log, info: log, log });
  }

  protected async versionOf(): Promise<number> {
    return this.version;
  }

  protected readSample(file: string, version: number, options: EventSourceOptions, token: CancellationToken): Promise<LoadedSample> {
    const held = new HeldBackFile([batchOf(`v${version}`, 3), batchOf(`v${version}`, 2)]);
    this.started.push({ file, version, options, held });
    return collectSample(held.read(), file, version, options, token);
  }

  /** The last read started of this file at this version. */
  heldFor(file: string, version: number): HeldBackFile {
    return this.started.filter((read) => read.file === file && read.version === version).at(-1)!.held;
  }
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};
const mediums = (loaded: { sample: LoadedSample } | { error: string } | undefined) =>
  loaded !== undefined && 'sample' in loaded ? loaded.sample.profile.fields.get('utm_medium')?.values.map((count) => count.value) : undefined;

describe('SampleReads', () => {
  it('answers at once with the sample as last read while a read runs, and waits for it only when asked to', async () => {
    const reads = new TestReads();
    const landed: string[] = [];
    reads.onSampleRead((file) => landed.push(file));
    expect(reads.ready('a.channels', 'events.ndjson', {})).toBeUndefined();
    let waited: unknown;
    void reads.get('a.channels', 'events.ndjson', {}).then((loaded) => (waited = loaded));
    await settle();
    await reads.heldFor('events.ndjson', 1).next();
    expect(reads.ready('a.channels', 'events.ndjson', {})).toBeUndefined();
    expect(waited).toBeUndefined();
    await reads.heldFor('events.ndjson', 1).next();
    await reads.heldFor('events.ndjson', 1).next();
    expect(reads.heldFor('events.ndjson', 1).finished).toBe(true);
    expect(mediums(reads.ready('a.channels', 'events.ndjson', {}))).toEqual(['v1']);
    expect(mediums(waited as { sample: LoadedSample })).toEqual(['v1']);
    expect(landed).toEqual(['events.ndjson']);
  });

  it('lets a read finish when the file changes during it, answering with the last sample meanwhile, then reads the newest version', async () => {
    const reads = new TestReads();
    void reads.get('a.channels', 'events.ndjson', {});
    await settle();
    for (let i = 0; i < 3; i++) await reads.heldFor('events.ndjson', 1).next();
    reads.version = 2;
    reads.ready('a.channels', 'events.ndjson', {});
    await settle();
    await reads.heldFor('events.ndjson', 2).next();
    reads.version = 3;
    let waited: unknown;
    void reads.get('a.channels', 'events.ndjson', {}).then((loaded) => (waited = loaded));
    await settle();
    // Version 2 goes on to its end: until then version 1 answers, and get() waits for version 2, not for the reads after it.
    expect(mediums(reads.ready('a.channels', 'events.ndjson', {}))).toEqual(['v1']);
    await reads.heldFor('events.ndjson', 2).next();
    await reads.heldFor('events.ndjson', 2).next();
    await settle();
    expect(reads.heldFor('events.ndjson', 2).finished).toBe(true);
    expect(mediums(waited as { sample: LoadedSample })).toEqual(['v2']);
    expect(mediums(reads.ready('a.channels', 'events.ndjson', {}))).toEqual(['v2']);
    for (let i = 0; i < 3; i++) await reads.heldFor('events.ndjson', 3).next();
    await settle();
    expect(mediums(reads.ready('a.channels', 'events.ndjson', {}))).toEqual(['v3']);
    expect(reads.started.map((read) => read.version)).toEqual([1, 2, 3]);
    expect(reads.logged.filter((line) => line.includes('reading stopped'))).toEqual([]);
  });

  it('finishes reading a file that changes at every look (a read stopped at each change never finished, and get() waited forever)', async () => {
    const reads = new TestReads();
    let waited: unknown;
    void reads.get('a.channels', 'events.ndjson', {}).then((loaded) => (waited = loaded));
    await settle();
    for (let i = 0; i < 3; i++) {
      reads.version++;
      reads.ready('a.channels', 'events.ndjson', {});
      await settle();
      await reads.heldFor('events.ndjson', 1).next();
    }
    await settle();
    expect(mediums(waited as { sample: LoadedSample })).toEqual(['v1']);
    // The newest version seen is read next, once.
    expect(reads.started.map((read) => read.version)).toEqual([1, 4]);
  });

  it('stops a read no open document needs: its settings changed, or it was closed', async () => {
    const reads = new TestReads();
    reads.ready('a.channels', 'events.ndjson', {});
    reads.ready('c.channels', 'events.ndjson', {});
    reads.ready('b.channels', 'other.ndjson', {});
    await settle();
    expect(reads.started.map((read) => read.file)).toEqual(['events.ndjson', 'other.ndjson']);
    const [events, other] = reads.started.map((read) => read.held);
    // Another document still reads events.ndjson with these options when one moves on to others.
    reads.ready('a.channels', 'events.ndjson', { timeUnit: 's' });
    await events!.next();
    expect(reads.logged.filter((line) => !line.endsWith(': reading started'))).toEqual([]);
    expect(events!.closed).toBe(false);
    reads.release('c.channels');
    await events!.next();
    expect(events).toMatchObject({ given: 2, finished: false, closed: true });
    reads.release('b.channels');
    await other!.next();
    expect(other).toMatchObject({ given: 1, finished: false, closed: true });
    expect(reads.logged.filter((line) => !line.endsWith(': reading started'))).toEqual([
      'sample events events.ndjson: reading stopped (no open document reads it with these settings)',
      'sample events other.ndjson: reading stopped (no open document reads it with these settings)',
    ]);
    expect(reads.ready('a.channels', 'events.ndjson', { timeUnit: 's' })).toBeUndefined();
  });
});
