// "Channel Rules: Compare with…" in a git workspace: an unsaved edit against HEAD
// shows the moves it causes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionApi, lineOf, openRules } from './helpers';

interface RenderedDiff {
  ref: string;
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
    isOpen(): boolean;
    holdNextRefs(): { shown: Promise<void>; release(): void };
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

  it('Enter on HEAD as the refs arrive compares with HEAD', async () => {
    // The picker shows HEAD at once and the other refs when git has listed them. Enter
    // is sent by the workbench in the rows it shows; here the refs replace those rows
    // while the Enter is on its way to the extension (once in a few CI runs the UI test
    // pressed Enter at that moment and nothing opened).
    // No compare panel open, so that this test sees whether one opens.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const editor = await openRules('compare.channels');
    const api = await extensionApi<Api>();
    assert.equal(api.compareTestHooks.isOpen(), false, 'the compare panel of the previous test is still open');
    const hold = api.compareTestHooks.holdNextRefs();
    const rendered = api.compareTestHooks.nextDiff(60_000);
    const command = vscode.commands.executeCommand('channelRules.compareWith', editor.document.uri);
    await hold.shown;
    const accepted = vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    hold.release();
    await accepted;
    await command;
    assert.equal(api.compareTestHooks.isOpen(), true, 'Enter on HEAD opened no compare panel');
    const result = await rendered;
    assert.equal(result.error, undefined, result.error);
    assert.equal(result.ref, 'HEAD');
  });
});
