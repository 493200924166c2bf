// "Channel Rules: Compare with…" against another file or the same file in another
// folder: read through the host's file system and diffed by the language server, so
// it works in every host (this test runs in the Node and the web worker extension
// hosts, test/e2e/web).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionApi, openRules, workspaceUri } from './helpers';

interface RenderedDiff {
  /** The rules file compared (workspace-relative). */
  file: string;
  ref: string;
  diff?: { moves: Array<{ from: string | null; to: string | null }>; sample?: { events: number; moved: number; skippedCount: number } };
  error?: string;
  state: { summary: string; moves: string[][] };
}

interface Api {
  compareTestHooks: { nextDiff(timeoutMs?: number): Promise<RenderedDiff> };
}

const EXPECTED = ['Email → Newsletter', 'Email → Other', 'Newsletter → Email', 'Other → Email'];

async function compareWith(version: vscode.Uri, rules = 'compare.channels'): Promise<RenderedDiff> {
  const editor = await openRules(rules);
  const api = await extensionApi<Api>();
  const rendered = api.compareTestHooks.nextDiff(60_000);
  await vscode.commands.executeCommand('channelRules.compareWith', editor.document.uri, version);
  let result = await rendered;
  // The panel of a file compared before may render again as this one opens (its webview shown
  // again): this file's diff is the one asked for. The next render is waited for before any other
  // message of the webview can come, so none is missed.
  while (!result.file.endsWith(rules)) result = await api.compareTestHooks.nextDiff(60_000);
  assert.equal(result.error, undefined, result.error);
  return result;
}

describe('Compare with… another file or folder', () => {
  it('shows the moves against another file of the workspace', async () => {
    const result = await compareWith(workspaceUri('compare-base/compare.channels'));
    assert.equal(result.ref, 'compare-base/compare.channels');
    const pairs = (result.diff?.moves ?? []).map((move) => `${move.from} → ${move.to}`).sort();
    // The other file's Email rule reads "e-mail": every move of the HEAD test, the other way round.
    assert.deepEqual(pairs, EXPECTED);
    assert.equal(result.state.moves.length, 4, `moves table: ${JSON.stringify(result.state.moves)}`);
    assert.match(result.state.summary, /4 moves/);
  });

  it('finds the same file in another folder', async () => {
    const result = await compareWith(workspaceUri('compare-base'));
    assert.equal(result.ref, 'compare-base/compare.channels');
    assert.deepEqual((result.diff?.moves ?? []).map((move) => `${move.from} → ${move.to}`).sort(), EXPECTED);
  });

  it('counts the sample events that change channel (the worked example against an edit of it)', async () => {
    const rules = workspaceUri('examples/amplitude-example.channels');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(rules));
    const edited = text.replace('when utm_medium = "email"', 'when utm_medium = "newsletter"');
    assert.notEqual(edited, text);
    const other = workspaceUri('compare-base/amplitude-example-edited.channels');
    await vscode.workspace.fs.writeFile(other, new TextEncoder().encode(edited));
    try {
      const result = await compareWith(other, 'examples/amplitude-example.channels');
      // The sample beside the worked example (read through the host; in the browser sent to the server as text).
      assert.deepEqual({ events: result.diff?.sample?.events, moved: result.diff?.sample?.moved }, { events: 17, moved: 2 });
    } finally {
      await vscode.workspace.fs.delete(other);
    }
  });

  it('reads the sample’s bytes as the CLI does: invalid UTF-8 skipped with its line, UTF-16 decoded', async () => {
    const rules = await vscode.workspace.fs.readFile(workspaceUri('compare.channels'));
    const line = (user: string, medium: string) => `{"user_id":"${user}","time":"2024-01-01T00:00:00Z","event_type":"pv","utm_medium":"${medium}"}\n`;
    const encoder = new TextEncoder();
    // Line 2's medium has a byte that is no UTF-8 (0xFF): before, the browser decoded it to U+FFFD and counted the event.
    const badUtf8 = new Uint8Array([...encoder.encode(line('u1', 'email') + line('u2', 'e')).slice(0, -3), 0xff, ...encoder.encode('mail"}\n' + line('u3', 'email'))]);
    // A CSV in UTF-16LE with its byte order mark: before, the browser read it as UTF-8, no event at all.
    const csv = 'user_id,time,event_type,utm_medium\nu1,2024-01-01T00:00:00Z,pv,email\nu2,2024-01-01T00:01:00Z,pv,email\n';
    const utf16 = new Uint8Array(2 + csv.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < csv.length; i++) utf16.set([csv.charCodeAt(i) & 0xff, csv.charCodeAt(i) >> 8], 2 + i * 2);
    const written = ['compare-bytes/bad-utf8.channels', 'compare-bytes/utf16.channels'].map((file) => workspaceUri(file));
    await vscode.workspace.fs.writeFile(written[0]!, rules);
    await vscode.workspace.fs.writeFile(workspaceUri('compare-bytes/bad-utf8.events.ndjson'), badUtf8);
    await vscode.workspace.fs.writeFile(written[1]!, rules);
    await vscode.workspace.fs.writeFile(workspaceUri('compare-bytes/utf16.events.csv'), utf16);
    try {
      const sampleOf = async (rulesFile: string) => {
        const sample = (await compareWith(workspaceUri('compare-base/compare.channels'), rulesFile)).diff?.sample;
        return { events: sample?.events, skipped: sample?.skippedCount, moved: sample?.moved };
      };
      assert.deepEqual(await sampleOf('compare-bytes/bad-utf8.channels'), { events: 2, skipped: 1, moved: 2 });
      assert.deepEqual(await sampleOf('compare-bytes/utf16.channels'), { events: 2, skipped: 0, moved: 2 });
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(workspaceUri('compare-bytes'), { recursive: true });
    }
  });
});
