// "Channel Rules: Compare with…" against another file or the same file in another
// folder: read through the host's file system and diffed by the language server, so
// it works in every host (this test runs in the Node and the web worker extension
// hosts, test/e2e/web).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionApi, openRules, workspaceUri } from './helpers';

interface RenderedDiff {
  ref: string;
  diff?: { moves: Array<{ from: string | null; to: string | null }> };
  error?: string;
  state: { summary: string; moves: string[][] };
}

interface Api {
  compareTestHooks: { nextDiff(timeoutMs?: number): Promise<RenderedDiff> };
}

const EXPECTED = ['Email → Newsletter', 'Email → Other', 'Newsletter → Email', 'Other → Email'];

async function compareWith(version: vscode.Uri): Promise<RenderedDiff> {
  const editor = await openRules('compare.channels');
  const api = await extensionApi<Api>();
  const rendered = api.compareTestHooks.nextDiff(60_000);
  await vscode.commands.executeCommand('channelRules.compareWith', editor.document.uri, version);
  const result = await rendered;
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
});
