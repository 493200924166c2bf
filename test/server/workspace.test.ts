// Protocol tests of what spans the workspace: Check Workspace (files not open),
// settings changes, a sample that changes, and code lenses without a sample or a
// preview command.
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeLensRequest, DidChangeConfigurationNotification, HoverRequest, WorkspaceSymbolRequest, type SymbolInformation } from 'vscode-languageserver-protocol';
import { CHECK_WORKSPACE_REQUEST, type CheckWorkspaceResult } from '../../server/custom-protocol';
import { FIXTURES, fixtureUri, invalidParamsMessage, TestClient } from './lsp-client';

const WORKSPACE = path.join(FIXTURES, 'workspace');
const uriOf = (relative: string) => pathToFileURL(path.join(WORKSPACE, relative)).href;

describe('Check Workspace', () => {
  let client: TestClient;
  beforeAll(async () => {
    client = await TestClient.start({ settings: {}, workspaceFolders: [pathToFileURL(WORKSPACE).href] });
  });
  afterAll(async () => {
    await client.stop();
  });

  it('checks every .channels file of the folders, open or not, and publishes their diagnostics', async () => {
    const result = (await client.connection.sendRequest(CHECK_WORKSPACE_REQUEST, {})) as CheckWorkspaceResult;
    expect(result).toEqual({ files: 2, errors: 1, warnings: 1, unreadable: [] });
    const shadowed = await client.waitFor(() => client.lastDiagnostics(uriOf('shadowed.channels')), 'shadowed.channels diagnostics');
    expect(shadowed.diagnostics.map((d) => d.code)).toEqual(['unreachable-rule']);
    const broken = await client.waitFor(() => client.lastDiagnostics(uriOf('nested/broken.channels')), 'broken.channels diagnostics');
    expect(broken.diagnostics.map((d) => d.code)).toEqual(['unknown-list']);
    // Hidden folders (and node_modules, dist, out) are not looked into.
    expect(client.lastDiagnostics(uriOf('.cache/ignored.channels'))).toBeUndefined();
  });

  it('takes no params, or one object as the extension sends; a list is InvalidParams and nothing is logged', async () => {
    // Without params the cancellation token took the params' place: a stack trace in the log, and "0 files" answered.
    const send = client.connection.sendRequest as (method: string, ...params: unknown[]) => Promise<unknown>;
    expect(await send(CHECK_WORKSPACE_REQUEST)).toMatchObject({ files: 2 });
    expect(await send(CHECK_WORKSPACE_REQUEST, {})).toMatchObject({ files: 2 });
    expect(await invalidParamsMessage(send(CHECK_WORKSPACE_REQUEST, {}, 5))).toBe('channelRules/checkWorkspace takes no params');
    expect(client.logs.filter((line) => /checkWorkspace failed/.test(line))).toEqual([]);
  });

  it('counts an open document as it is edited, not as saved', async () => {
    const uri = uriOf('shadowed.channels');
    await client.open(uri, 'channel "Paid Search"\n  when utm_medium = "cpc"\n');
    await client.analysed(uri, 1);
    const result = (await client.connection.sendRequest(CHECK_WORKSPACE_REQUEST, {})) as CheckWorkspaceResult;
    expect(result).toEqual({ files: 2, errors: 1, warnings: 0, unreadable: [] });
    await client.close(uri);
  });

  it('lets go of the samples of the files it checked without an editor: the next check looks them up and reads them again', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'channel-rules-check-workspace-sample-'));
    const beside = path.join(folder, 'unopened.events.ndjson');
    const renamed = path.join(folder, 'events.ndjson');
    writeFileSync(beside, '{"user_id":"u1","time":1700000000000,"utm_medium":"cpc"}\n');
    writeFileSync(path.join(folder, 'unopened.channels'), 'channel "A"\n  when utm_medium = "cpc"\n');
    const checking = await TestClient.start({ settings: {}, workspaceFolders: [pathToFileURL(folder).href] });
    try {
      const readsOf = (file: string) => checking.logs.filter((line) => line.startsWith(`sample events ${file}: `) && / \d+ events, /.test(line)).length;
      expect(await checking.connection.sendRequest(CHECK_WORKSPACE_REQUEST, {})).toMatchObject({ files: 1 });
      expect(readsOf(beside)).toBe(1);
      // Kept, the sample would answer the second check unread (its file unchanged), and stay in memory with no editor to use it.
      expect(await checking.connection.sendRequest(CHECK_WORKSPACE_REQUEST, {})).toMatchObject({ files: 1 });
      expect(readsOf(beside)).toBe(2);
      // Its path is let go too: the third check, within the second that a path found is trusted, finds the file under its new name.
      renameSync(beside, renamed);
      expect(await checking.connection.sendRequest(CHECK_WORKSPACE_REQUEST, {})).toMatchObject({ files: 1 });
      expect(readsOf(renamed)).toBe(1);
    } finally {
      await checking.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('an open file whose URI the server would spell another way', () => {
  it('is one file to Check Workspace and workspace symbols: checked as edited, published under its own URI, its symbols once, its name decoded', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'channel-rules-uri-spelling-'));
    mkdirSync(path.join(folder, 'Q1 (old)'));
    // Saved with an unreachable rule; in the editor, without it.
    writeFileSync(path.join(folder, 'Q1 (old)', 'my rules.channels'), 'channel "Email"\n  when utm_medium = "email"\nchannel "Dup"\n  when utm_medium = "email"\n');
    writeFileSync(path.join(folder, 'Q1 (old)', 'closed (b).channels'), 'channel "Email"\n  when utm_medium = "email"\n');
    // As VS Code writes them (vscode-uri escapes the parentheses, Node's pathToFileURL does not).
    const base = pathToFileURL(folder).href;
    const open = `${base}/Q1%20%28old%29/my%20rules.channels`;
    const closed = `${base}/Q1%20%28old%29/closed%20%28b%29.channels`;
    const client = await TestClient.start({ settings: {}, workspaceFolders: [base] });
    try {
      await client.open(open, 'channel "Email"\n  when utm_medium = "email"\n');
      await client.analysed(open, 1);
      expect(await client.connection.sendRequest(CHECK_WORKSPACE_REQUEST, {})).toEqual({ files: 2, errors: 0, warnings: 0, unreadable: [] });
      // The saved text's unreachable rule, published under a second URI, replaced the open document's diagnostics in VS Code.
      expect([...new Set(client.publications.map((publication) => publication.uri))].sort()).toEqual([closed, open]);
      expect(client.lastDiagnostics(open)!.diagnostics).toEqual([]);
      const symbols = (await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'Email' })) as SymbolInformation[];
      expect(symbols.map((symbol) => [symbol.location.uri, symbol.containerName])).toEqual([
        [closed, 'closed (b).channels'],
        [open, 'my rules.channels'],
      ]);
    } finally {
      await client.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('linked .channels files and folders', () => {
  it('are checked and listed in symbols, each real file once, its own name first; loops and dangling links are passed over', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'channel-rules-links-'));
    const workspace = path.join(root, 'ws');
    mkdirSync(path.join(root, 'shared'));
    mkdirSync(path.join(workspace, 'sub'), { recursive: true });
    const rules = (channel: string) => `channel "${channel}"\n  when utm_medium = "${channel}"\n`;
    writeFileSync(path.join(root, 'shared', 'team.channels'), rules('Team'));
    writeFileSync(path.join(workspace, 'own.channels'), rules('Own'));
    writeFileSync(path.join(workspace, 'sub', 'deep.channels'), rules('Deep'));
    symlinkSync(path.join('..', 'shared'), path.join(workspace, 'rules'));
    symlinkSync(path.join('..', 'shared', 'team.channels'), path.join(workspace, 'main.channels'));
    symlinkSync('own.channels', path.join(workspace, 'alias.channels'));
    symlinkSync('sub', path.join(workspace, 'a-link'));
    symlinkSync('.', path.join(workspace, 'loop'));
    symlinkSync('nowhere.channels', path.join(workspace, 'gone.channels'));
    const client = await TestClient.start({ settings: {}, workspaceFolders: [pathToFileURL(workspace).href] });
    try {
      const expected = [
        ['Team', 'main.channels'],
        ['Own', 'own.channels'],
        ['Deep', 'sub/deep.channels'],
      ].map(([name, file]) => [name, pathToFileURL(path.join(workspace, file!)).href]);
      expect(await client.connection.sendRequest(CHECK_WORKSPACE_REQUEST, {})).toEqual({ files: 3, errors: 0, warnings: 0, unreadable: [] });
      expect([...new Set(client.publications.map((publication) => publication.uri))].sort()).toEqual(expected.map(([, uri]) => uri).sort());
      const symbols = (await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: '' })) as SymbolInformation[];
      expect(symbols.map((symbol) => [symbol.name, symbol.location.uri])).toEqual(expected);
    } finally {
      await client.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('a file open in the editor through a link', () => {
  it('is the file the walk finds under its real path: checked once, its symbols once, under the editor\'s URI', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'channel-rules-open-link-'));
    const workspace = path.join(root, 'ws');
    mkdirSync(workspace);
    writeFileSync(path.join(workspace, 'team.channels'), 'channel "Team"\n  when utm_medium = "team"\n');
    // The editor opened it by a link outside the workspace folder (a checkout linked into a home folder).
    symlinkSync(workspace, path.join(root, 'linked'));
    const open = pathToFileURL(path.join(root, 'linked', 'team.channels')).href;
    const client = await TestClient.start({ settings: {}, workspaceFolders: [pathToFileURL(workspace).href] });
    try {
      await client.open(open, 'channel "Team"\n  when utm_medium = "team"\n');
      await client.analysed(open, 1);
      expect(await client.connection.sendRequest(CHECK_WORKSPACE_REQUEST, {})).toEqual({ files: 1, errors: 0, warnings: 0, unreadable: [] });
      expect([...new Set(client.publications.map((publication) => publication.uri))]).toEqual([open]);
      const symbols = (await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'Team' })) as SymbolInformation[];
      expect(symbols.map((symbol) => symbol.location.uri)).toEqual([open]);
    } finally {
      await client.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('settings changes', () => {
  it('re-checks open documents when the sample events setting changes', async () => {
    const client = await TestClient.start({ settings: {} });
    try {
      const uri = fixtureUri('settings-change.channels');
      await client.open(uri, 'channel "A"\n  when utm_medum = "cpc"\n');
      expect((await client.diagnosticsFor(uri, 1)).diagnostics).toEqual([]);
      const before = client.publications.length;
      client.settings = { sampleEvents: 'rules.events.ndjson' };
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      const published = await client.waitFor(
        () => client.publications.slice(before).find((p) => p.uri === uri && p.diagnostics.some((d) => d.code === 'unknown-field')),
        'unknown-field after the settings change',
      );
      expect(published.diagnostics[0]!.message).toContain('did you mean "utm_medium"?');
    } finally {
      await client.stop();
    }
  });
});

describe('a sample that changes', () => {
  it('gives open documents their diagnostics again once the changed file is read, without an edit', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'channel-rules-sample-change-'));
    const sample = path.join(folder, 'events.ndjson');
    writeFileSync(sample, '{"user_id":"u1","time":1700000000000,"utm_medium":"cpc"}\n');
    const client = await TestClient.start({ settings: { sampleEvents: sample } });
    try {
      const uri = pathToFileURL(path.join(folder, 'rules.channels')).href;
      await client.open(uri, 'channel "A"\n  when utm_medum = "cpc"\n');
      await client.waitFor(() => client.publications.find((p) => p.uri === uri && p.diagnostics.some((d) => d.code === 'unknown-field')), 'unknown-field');
      const before = client.publications.length;
      writeFileSync(sample, '{"user_id":"u1","time":1700000000000,"utm_medum":"cpc"}\n');
      const later = new Date(Date.now() + 10_000);
      utimesSync(sample, later, later);
      // The file's version is looked at again at most once a second, when a request asks for the sample.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 8 } });
      await client.waitFor(() => client.publications.slice(before).find((p) => p.uri === uri && p.diagnostics.every((d) => d.code !== 'unknown-field')), 'diagnostics without unknown-field');
    } finally {
      await client.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('a relative sample events setting', () => {
  it('is read from the workspace folder when the folder is / or its URI ends with a slash', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'channel-rules-folder-slash-'));
    mkdirSync(path.join(folder, 'sub'));
    const sample = path.join(folder, 'events.ndjson');
    writeFileSync(sample, '{"user_id":"u1","time":1700000000000,"utm_medium":"cpc"}\n');
    // `/` + path.sep is `//`, which no file's path starts with: the setting was taken relative to the rules file's folder.
    const cases = [
      { workspaceFolder: `${pathToFileURL(folder).href}/`, setting: 'events.ndjson' },
      { workspaceFolder: 'file:///', setting: path.relative('/', sample) },
    ];
    try {
      for (const { workspaceFolder, setting } of cases) {
        const client = await TestClient.start({ settings: { sampleEvents: setting }, workspaceFolders: [workspaceFolder] });
        try {
          await client.open(pathToFileURL(path.join(folder, 'sub', 'rules.channels')).href, 'channel "A"\n  when utm_medium = "cpc"\n');
          await client.sampleRead(sample);
        } finally {
          await client.stop();
        }
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('code lenses without a sample or a preview command', () => {
  it('offers none', async () => {
    const client = await TestClient.start({ settings: {}, workspaceFolders: [pathToFileURL(WORKSPACE).href] });
    try {
      const uri = fixtureUri('lens-none.channels');
      await client.open(uri, 'channel "A"\n  when x exists\n');
      expect(await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })).toEqual([]);
    } finally {
      await client.stop();
    }
  });
});

describe('sample events beside the rules file', () => {
  it('are found by the preview\'s naming convention when no setting names a file', async () => {
    const client = await TestClient.start({ settings: {}, initializationOptions: { previewCommand: true } });
    try {
      // test/fixtures/server/rules.channels has rules.events.ndjson beside it.
      const uri = fixtureUri('rules.channels');
      await client.open(uri, 'channel "A"\n  when utm_source exists\n');
      await client.sampleRead(path.join(FIXTURES, 'rules.events.ndjson'));
      const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
      expect(lenses!.map((lens) => lens.command!.title)).toEqual([expect.stringMatching(/^\d+ sample events \(\d+%\)$/), 'Open Preview']);
    } finally {
      await client.stop();
    }
  });

  it('are found so when the setting names a file that is not there, or a folder, as the preview does; said once in the log', async () => {
    for (const setting of ['missing.ndjson', 'workspace']) {
      const client = await TestClient.start({ settings: { sampleEvents: setting }, workspaceFolders: [pathToFileURL(FIXTURES).href] });
      try {
        const uri = fixtureUri('rules.channels');
        await client.open(uri, 'channel "A"\n  when utm_medum = "cpc"\n');
        await client.sampleRead(path.join(FIXTURES, 'rules.events.ndjson'));
        await client.waitFor(() => client.publications.find((p) => p.uri === uri && p.diagnostics.some((d) => d.code === 'unknown-field')), `unknown-field with ${setting} set`);
        // Looked up again at most once a second: the second look-up says nothing more.
        await new Promise((resolve) => setTimeout(resolve, 1_100));
        await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 8 } });
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(client.logs.filter((line) => line.startsWith('channelRules.sampleEvents: '))).toEqual([
          `channelRules.sampleEvents: ${path.join(FIXTURES, setting)} is not a file; using the sample events beside the rules file, if any`,
        ]);
      } finally {
        await client.stop();
      }
    }
  });
});
