// The server as a standalone program and as a peer that never falls over: usage,
// settings without workspace/configuration, and requests that make no sense.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompletionRequest,
  DidChangeTextDocumentNotification,
  DocumentSymbolRequest,
  ErrorCodes,
  ExitNotification,
  HoverRequest,
  ShutdownRequest,
  type CompletionList,
  type ResponseError,
} from 'vscode-languageserver-protocol';
import { FIXTURES, fixtureUri, SERVER, TestClient } from './lsp-client';

describe('the standalone server', () => {
  it('prints its usage with --help', () => {
    const result = spawnSync(process.execPath, [SERVER, '--help'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: node server.js --stdio');
  });

  it('refuses to start without a transport, saying why', () => {
    const result = spawnSync(process.execPath, [SERVER], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('choose a transport');
  });

  it('takes settings from initializationOptions when the client has no workspace/configuration', async () => {
    const client = await TestClient.start({
      capabilities: { textDocument: { completion: { completionItem: { snippetSupport: false } } } },
      initializationOptions: { settings: { sampleEvents: 'rules.events.ndjson' } },
    });
    try {
      const uri = fixtureUri('standalone.channels');
      const text = 'channel "A"\n  when utm_medium = ';
      await client.open(uri, text);
      await client.sampleRead(path.join(FIXTURES, 'rules.events.ndjson'));
      const result = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 1, character: 20 } })) as CompletionList;
      expect(result.items.map((item) => item.label)).toEqual(expect.arrayContaining(['"cpc"', '"email"']));
      const operators = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 1, character: 18 } })) as CompletionList;
      // Without snippet support, snippets are inserted as plain text.
      expect(operators.items.find((item) => item.label === '=')?.textEdit?.newText).toBe('= ""');
    } finally {
      await client.stop();
    }
  });
});

describe('requests that make no sense', () => {
  let client: TestClient;
  beforeAll(async () => {
    client = await TestClient.start({ settings: {} });
  });
  afterAll(async () => {
    await client.stop();
  });

  it('answers null for a document that is not open', async () => {
    const uri = fixtureUri('never-opened.channels');
    expect(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } })).toBeNull();
    expect(await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })).toBeNull();
  });

  it('clamps positions past the end of the document', async () => {
    const uri = fixtureUri('clamp.channels');
    await client.open(uri, 'channel "A"\n  when x exists\n');
    const result = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 99, character: 99 } })) as CompletionList;
    expect(result.items.map((item) => item.label)).toContain('when');
    expect(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: -1, character: -5 } })).toBeNull();
  });

  it('logs a failing handler and answers null, and the server goes on', async () => {
    const answer = await client.connection.sendRequest(HoverRequest.type, { textDocument: null, position: null } as never);
    expect(answer).toBeNull();
    await client.waitFor(() => client.logs.find((log) => log.startsWith('hover failed')), 'the error in the log');
    const uri = fixtureUri('after-error.channels');
    await client.open(uri, 'channel "A"\n  when x exists\n');
    expect(await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })).toHaveLength(1);
  });

  it('survives a change to a document it was never told about, and broken text of every kind', async () => {
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: fixtureUri('ghost.channels'), version: 3 },
      contentChanges: [{ text: 'x' }],
    });
    const uri = fixtureUri('broken.channels');
    await client.open(uri, '');
    for (const text of ['channel', 'channel "', 'channel "A" when', 'list = [', 'when x matches /(/', 'expect for {', '\u0000\uFFFF`', '"'.repeat(1000), '('.repeat(500)]) {
      const version = await client.change(uri, text);
      await client.diagnosticsFor(uri, version);
      await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: text.length } });
    }
    expect(client.process.exitCode).toBeNull();
  });
});

describe('a document URI with an escape that is not UTF-8, or a bare %', () => {
  it('gets its diagnostics and its sample beside it as any other, and nothing goes to the log', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'channel-rules-uri-escapes-'));
    writeFileSync(path.join(folder, '50%.events.ndjson'), '{"user_id":"u1","time":1700000000000,"utm_medium":"cpc"}\n');
    const client = await TestClient.start({ settings: {} });
    try {
      const text = 'channel "Email"\n  when utm_medium = "email"\nchannel "Again"\n  when utm_medium = "email"\nchannel "Other"\n  when utm_medum = "x"\n';
      const base = pathToFileURL(folder).href;
      // Neovim writes a Latin-1 byte of a file name as %E9; a bare % is a client that escapes nothing.
      const latin1 = `${base}/x%E9.channels`;
      const percent = `${base}/50%.channels`;
      await client.open(latin1, text);
      await client.open(percent, text);
      const codes = async (uri: string, expected: string[]) =>
        (await client.diagnosticsFor(uri, 1, (published) => expected.every((code) => published.diagnostics.some((d) => d.code === code)), expected.join(', '))).diagnostics;
      await codes(latin1, ['unreachable-rule']);
      await codes(percent, ['unreachable-rule', 'unknown-field']);
      expect(client.logs.filter((line) => /failed|URIError|malformed/.test(line))).toEqual([]);
    } finally {
      await client.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('after shutdown', () => {
  it('refuses every request but exit with InvalidRequest, and exit then ends the server with 0', async () => {
    const client = await TestClient.start();
    const uri = fixtureUri('after-shutdown.channels');
    const text = 'channel "A"\n  when utm_medium = "cpc"\n';
    await client.open(uri, text);
    await client.diagnosticsFor(uri, 1);
    const hover = { textDocument: { uri }, position: { line: 1, character: 8 } };
    expect(await client.connection.sendRequest(HoverRequest.type, hover)).not.toBeNull();
    expect(await client.connection.sendRequest(ShutdownRequest.type)).toBeNull();
    const refusals = await Promise.all(
      [
        client.connection.sendRequest(HoverRequest.type, hover),
        client.connection.sendRequest(CompletionRequest.type, hover),
        client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }),
        client.connection.sendRequest(ShutdownRequest.type),
      ].map((request) => request.then(() => 'answered', (error: ResponseError<unknown>) => error.code)),
    );
    expect(refusals).toEqual([ErrorCodes.InvalidRequest, ErrorCodes.InvalidRequest, ErrorCodes.InvalidRequest, ErrorCodes.InvalidRequest]);
    expect(ErrorCodes.InvalidRequest).toBe(-32600);
    const exited = new Promise<number | null>((resolve) => client.process.once('exit', (code) => resolve(code)));
    await client.connection.sendNotification(ExitNotification.type);
    expect(await exited).toBe(0);
    client.connection.dispose();
  });
});
