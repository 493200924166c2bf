// The preview panel on Amplitude's worked example: the numbers of the foundation
// issue's table, and live updates after an edit.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionApi, lineOf, openRules, workspaceUri } from './helpers';

interface RenderedState {
  tables: Record<string, string[][]>;
  status: string;
  rulesFile?: string;
  sampleSource?: string;
  eventSource?: string;
}
interface Api {
  previewTestHooks: {
    nextRenderedState(timeoutMs?: number): Promise<RenderedState>;
    lastRenderedState(): RenderedState | undefined;
    holdSampleSearch(rulesUri: string): { release(): void; finished: Promise<void> };
  };
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

  it('shows a GA4 BigQuery export sample with the GA4 rules, its source detected', async () => {
    const rulesUri = workspaceUri('examples/ga4-default.channels');
    const settings = vscode.workspace.getConfiguration('channelRules', rulesUri);
    // Nothing beside ga4-default.channels is a sample by name: the setting chooses it (docs/preview.md).
    await settings.update('sampleEvents', 'examples/sources/ga4-bigquery-export.ndjson', vscode.ConfigurationTarget.WorkspaceFolder);
    try {
      const editor = await openRules('examples/ga4-default.channels');
      const api = await extensionApi<Api>();
      await vscode.commands.executeCommand('channelRules.openPreview', editor.document.uri);
      const state = await renderedStateWhere(
        api,
        'the GA4 sample with the GA4 rules',
        (s) => s.sampleSource?.includes('ga4-bigquery-export.ndjson') === true && rowOf(s.tables.sessions, 'Email') !== undefined,
      );
      assert.equal(state.eventSource, 'Source: GA4 BigQuery export (detected)');
      // What `channel-rules report examples/ga4-default.channels --events examples/sources/ga4-bigquery-export.ndjson`
      // gives: 17 events, 5 sessions; GA4's own params (page_referrer, collected_traffic_source) read as §3.2 maps them.
      assert.deepEqual(rowOf(state.tables.sessions, 'Email')?.slice(0, 4), ['Email', '1', '1', '0']);
      assert.deepEqual(rowOf(state.tables.sessions, 'Paid Other')?.slice(0, 4), ['Paid Other', '1', '0', '0']);
      assert.deepEqual(rowOf(state.tables.sessions, 'Unassigned')?.slice(0, 4), ['Unassigned', '5', '4', '5']);
    } finally {
      await settings.update('sampleEvents', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      // Leave the preview as the other tests expect it: on the worked example.
      await openRules('examples/amplitude-example.channels');
      const api = await extensionApi<Api>();
      await renderedStateWhere(
        api,
        'the worked example again',
        (s) => s.rulesFile?.includes('amplitude-example') === true && rowOf(s.tables.sessions, 'direct') !== undefined,
      );
    }
  });

  it('keeps the sample of the rules shown when an older search for another file ends last', async () => {
    const api = await extensionApi<Api>();
    const worked = await openRules('examples/amplitude-example.channels');
    await vscode.commands.executeCommand('channelRules.openPreview', worked.document.uri);
    await renderedStateWhere(api, 'the worked example', (s) => s.rulesFile?.includes('amplitude-example') === true && rowOf(s.tables.sessions, 'direct') !== undefined);
    // compare.channels has no sample: its search looks for a dozen names, where the
    // worked example's finds the first. Held here, it ends after the worked example's.
    const slow = api.previewTestHooks.holdSampleSearch(workspaceUri('compare.channels').toString());
    let rendered = api.previewTestHooks.nextRenderedState(60_000);
    await openRules('compare.channels');
    const editor = await openRules('examples/amplitude-example.channels');
    let state = await rendered;
    while (!(state.rulesFile?.includes('amplitude-example') === true && rowOf(state.tables.sessions, 'direct') !== undefined)) {
      state = await api.previewTestHooks.nextRenderedState(60_000);
    }
    slow.release();
    await slow.finished;
    // The worked example's sample is still loaded: an edit renders again.
    rendered = api.previewTestHooks.nextRenderedState(60_000);
    const line = lineOf(editor.document, 'when utm_medium = "email"');
    await editor.edit((edit) => edit.replace(editor.document.lineAt(line).range, '  when utm_medium = "newsletter"'));
    try {
      state = await rendered;
      assert.equal(state.sampleSource?.includes('amplitude-example.ndjson'), true, `sample: ${state.sampleSource}`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
});
