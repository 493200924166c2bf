// Sample events in the language server and the preview, in both extension hosts
// (Node, and the web worker host where the server has no file system and asks the
// client for the files, and the preview's worker reads them from memory): completion
// offers the sample's values, code lenses count its events, and a zip of gzipped
// NDJSON gives the worked example's figures in the preview.
import * as assert from 'node:assert/strict';
import { gzipSync, zipSync } from 'fflate';
import * as vscode from 'vscode';
import { EXTENSION_ID, extensionApi, waitFor, workspaceUri } from './helpers';

interface RenderedState {
  sampleSource?: string;
  tables: Record<string, string[][]>;
}
interface Api {
  previewTestHooks: { nextRenderedState(timeoutMs?: number): Promise<RenderedState>; lastRenderedState(): RenderedState | undefined };
}

async function write(relative: string, bytes: Uint8Array | string): Promise<vscode.Uri> {
  const uri = workspaceUri(relative);
  await vscode.workspace.fs.writeFile(uri, typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes);
  return uri;
}

/** The worked example as committed: from the extension's folder (other tests edit the workspace's copy, and may save it). */
async function workedExample(): Promise<{ rules: string; events: string }> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (extension === undefined) throw new Error(`extension ${EXTENSION_ID} is not installed`);
  const read = async (name: string) => new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension.extensionUri, 'examples', name)));
  return { rules: await read('amplitude-example.channels'), events: await read('amplitude-example.ndjson') };
}

describe('Sample events', () => {
  it('completion offers the values of a gzipped sample, and code lenses count its events', async () => {
    const { events } = await workedExample();
    const records = events.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
    const emails = records.filter((record) => record.utm_medium === 'email').length;
    await write('gz-samples/events.ndjson.gz', gzipSync(new TextEncoder().encode(events)));
    const counted = await write('gz-samples/counted.channels', 'channel "Mail"\n  when utm_medium = "email"\n');
    const typing = await write('gz-samples/typing.channels', 'channel "Referred"\n  when referring_domain = "go');

    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(counted));
    const lens = await waitFor('a code lens counting the sample events', async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', counted);
      return lenses.map((found) => found.command?.title ?? '').find((title) => /sample events?/.test(title));
    }, 60_000);
    assert.match(lens, new RegExp(`^${emails} sample events? \\(`));

    const document = await vscode.workspace.openTextDocument(typing);
    const end = document.lineAt(document.lineCount - 1).range.end;
    const google = await waitFor('the sample value "google.com" in the completion list', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', typing, end);
      return list.items.find((item) => (typeof item.label === 'string' ? item.label : item.label.label) === '"google.com"');
    }, 60_000);
    assert.match(String(google.detail), new RegExp(`of ${records.length} sample events$`));
  });

  it('the preview reads a zip of gzipped NDJSON and gives the worked example', async () => {
    const { rules, events } = await workedExample();
    const zip = zipSync({ 'export/2024-01-01.ndjson.gz': [gzipSync(new TextEncoder().encode(events)), { level: 0 }], 'export/README.txt': new TextEncoder().encode('not events') });
    await write('zip-samples/events.zip', zip);
    const rulesUri = await write('zip-samples/worked.channels', rules);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(rulesUri));
    const api = await extensionApi<Api>();
    await vscode.commands.executeCommand('channelRules.openPreview', editor.document.uri);
    const rowOf = (state: RenderedState | undefined, channel: string) => state?.tables.sessions?.find((row) => row[0] === channel)?.slice(0, 4);
    // channel, totals, entries, exits: the figures of preview.e2e.ts on the plain file.
    const expected = { direct: ['direct', '4', '0', '3'], 'organic social': ['organic social', '2', '2', '0'], email: ['email', '1', '1', '0'] };
    const figures = (state: RenderedState | undefined) => Object.fromEntries(Object.keys(expected).map((channel) => [channel, rowOf(state, channel)]));
    // The panel may first show the previous document's tables with the new sample: wait for the run on this one.
    let seen: RenderedState | undefined;
    const shows = (state: RenderedState | undefined) => {
      if (state !== undefined) seen = state;
      return state?.sampleSource?.endsWith('events.zip') === true && JSON.stringify(figures(state)) === JSON.stringify(expected) ? state : undefined;
    };
    await waitFor('the worked example read from events.zip', async () => shows(api.previewTestHooks.lastRenderedState()) ?? shows(await api.previewTestHooks.nextRenderedState(5_000).catch(() => undefined)), 60_000).catch((error: Error) => {
      throw new Error(`${error.message}; last render: ${JSON.stringify({ sampleSource: seen?.sampleSource, sessions: seen?.tables.sessions })}`);
    });
  });
});
