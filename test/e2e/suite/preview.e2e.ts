// The preview panel on Amplitude's worked example: the numbers of the foundation
// issue's table, and live updates after an edit.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionApi, lineOf, openRules } from './helpers';

interface RenderedState {
  tables: Record<string, string[][]>;
  status: string;
}
interface Api {
  previewTestHooks: { nextRenderedState(timeoutMs?: number): Promise<RenderedState>; lastRenderedState(): RenderedState | undefined };
}

function rowOf(table: string[][] | undefined, channel: string): string[] | undefined {
  return table?.find((row) => row[0] === channel);
}

async function renderedStateWhere(api: Api, what: string, accept: (state: RenderedState) => boolean, timeoutMs = 60_000): Promise<RenderedState> {
  const last = api.previewTestHooks.lastRenderedState();
  if (last !== undefined && accept(last)) return last;
  const deadline = Date.now() + timeoutMs;
  let seen: RenderedState | undefined = last;
  while (Date.now() < deadline) {
    seen = await api.previewTestHooks.nextRenderedState(Math.max(1, deadline - Date.now()));
    if (accept(seen)) return seen;
  }
  throw new Error(`the preview never showed ${what}; last render: ${JSON.stringify(seen?.tables)}`);
}

describe('Preview', () => {
  it('renders the worked example and updates after an edit', async () => {
    const editor = await openRules('examples/amplitude-example.channels');
    const api = await extensionApi<Api>();
    const firstRender = api.previewTestHooks.nextRenderedState(60_000);
    await vscode.commands.executeCommand('channelRules.openPreview', editor.document.uri);
    await firstRender.catch(() => undefined);
    const state = await renderedStateWhere(api, 'the worked example', (s) => rowOf(s.tables.sessions, 'direct') !== undefined);
    // channel, totals, entries, exits
    assert.deepEqual(rowOf(state.tables.sessions, 'direct')?.slice(0, 4), ['direct', '4', '0', '3']);
    assert.deepEqual(rowOf(state.tables.sessions, 'organic social')?.slice(0, 4), ['organic social', '2', '2', '0']);
    assert.deepEqual(rowOf(state.tables.sessions, 'email')?.slice(0, 4), ['email', '1', '1', '0']);

    const line = lineOf(editor.document, 'when utm_medium = "email"');
    const range = editor.document.lineAt(line).range;
    await editor.edit((edit) => edit.replace(range, '  when utm_medium = "newsletter"'));
    const after = await renderedStateWhere(api, 'the email sessions gone after the edit', (s) => {
      const email = rowOf(s.tables.sessions, 'email');
      return email === undefined || email[1] === '0';
    });
    assert.notDeepEqual(rowOf(after.tables.sessions, 'direct')?.slice(0, 4), ['direct', '4', '0', '3']);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
