// "Channel Rules: Compare with…" in a git workspace: an unsaved edit against HEAD
// shows the moves it causes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionApi, lineOf, openRules } from './helpers';

interface RenderedDiff {
  diff?: { moves: Array<{ from: string | null; to: string | null }> };
  error?: string;
  state: { summary: string; moves: string[][] };
}

/** The panel follows edits and re-renders: wait for the render that shows what the test expects. */
async function diffWhere(api: Api, accept: (rendered: RenderedDiff) => boolean, timeoutMs = 60_000): Promise<RenderedDiff> {
  const deadline = Date.now() + timeoutMs;
  let seen = api.compareTestHooks.lastDiff();
  while (seen === undefined || !accept(seen)) {
    if (Date.now() > deadline) throw new Error(`the compare panel never showed the expected diff; last: ${JSON.stringify(seen)}`);
    seen = await api.compareTestHooks.nextDiff(Math.max(1, deadline - Date.now()));
  }
  return seen;
}

interface Api {
  compareTestHooks: {
    nextDiff(timeoutMs?: number): Promise<RenderedDiff>;
    lastDiff(): RenderedDiff | undefined;
  };
}

describe('Compare with…', () => {
  it('finds no move when the file is as committed', async () => {
    const editor = await openRules('compare.channels');
    const api = await extensionApi<Api>();
    const rendered = api.compareTestHooks.nextDiff(60_000);
    await vscode.commands.executeCommand('channelRules.compareWith', editor.document.uri, 'HEAD');
    const result = await rendered;
    assert.equal(result.error, undefined, result.error);
    assert.deepEqual(result.diff?.moves, []);
  });

  it('shows the moves an edit makes against HEAD', async () => {
    const editor = await openRules('compare.channels');
    const line = lineOf(editor.document, 'when utm_medium = "email"');
    await editor.edit((edit) => edit.replace(editor.document.lineAt(line).range, '  when utm_medium = "e-mail"'));
    const api = await extensionApi<Api>();
    await vscode.commands.executeCommand('channelRules.compareWith', editor.document.uri, 'HEAD');
    const result = await diffWhere(api, (rendered) => rendered.error !== undefined || rendered.state.moves.length === 4);
    assert.equal(result.error, undefined, result.error);
    const pairs = (result.diff?.moves ?? []).map((move) => `${move.from} → ${move.to}`).sort();
    assert.deepEqual(pairs, ['Email → Newsletter', 'Email → Other', 'Newsletter → Email', 'Other → Email']);
    assert.equal(result.state.moves.length, 4, `moves table: ${JSON.stringify(result.state.moves)}`);
    assert.match(result.state.summary, /4 moves/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
