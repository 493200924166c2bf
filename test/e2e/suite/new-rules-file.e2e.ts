// "Channel Rules: New Rules File…": the engine's init writes the rules and the sample
// beside them, both open, the rules check clean, the preview reads the sample at once,
// and a second run never overwrites.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { extensionApi, waitFor, workspaceUri } from './helpers';

interface RenderedState {
  sampleSource?: string;
  tables: Record<string, string[][]>;
}
interface Api {
  previewTestHooks: { nextRenderedState(timeoutMs?: number): Promise<RenderedState>; lastRenderedState(): RenderedState | undefined };
}

describe('New Rules File…', () => {
  // The preview follows the active rules file: leave none open for the next suites.
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('writes the blank template and its sample, opens them, and the preview reads the sample', async () => {
    const rules = workspaceUri('started/site.channels');
    const uris = await vscode.commands.executeCommand<vscode.Uri[] | undefined>('channelRules.newRulesFile', { template: 'blank', uri: rules });
    assert.deepEqual(
      uris?.map((uri) => uri.path),
      [rules.path, workspaceUri('started/site.events.ndjson').path],
    );
    assert.equal(vscode.window.activeTextEditor?.document.uri.path, rules.path);
    const openPaths = vscode.window.tabGroups.all.flatMap((group) => group.tabs).map((tab) => (tab.input as { uri?: vscode.Uri }).uri?.path);
    assert.ok(openPaths.includes(workspaceUri('started/site.events.ndjson').path), `open tabs: ${openPaths.join(', ')}`);

    const api = await extensionApi<Api>();
    await vscode.commands.executeCommand('channelRules.openPreview', rules);
    const state = await waitFor('the preview of the new file on its sample', async () => {
      const seen = api.previewTestHooks.lastRenderedState() ?? (await api.previewTestHooks.nextRenderedState(5_000).catch(() => undefined));
      return seen?.sampleSource?.endsWith('site.events.ndjson') && seen.tables.sessions?.some((row) => row[0] === 'Email') ? seen : undefined;
    }, 60_000);
    const sessionChannels = state.tables.sessions!.map((row) => row[0]);
    for (const channel of ['Direct', 'Email', 'Paid Search', 'Other']) assert.ok(sessionChannels.includes(channel), `sessions table: ${JSON.stringify(state.tables.sessions)}`);
    const errors = vscode.languages.getDiagnostics(rules).filter((diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Error);
    assert.deepEqual(errors, []);
  });

  it('never overwrites: a second run leaves the files as they are', async () => {
    const rules = workspaceUri('started/site.channels');
    const before = fs.readFileSync(rules.fsPath, 'utf8');
    const uris = await vscode.commands.executeCommand<vscode.Uri[] | undefined>('channelRules.newRulesFile', { template: 'ga4', uri: rules });
    assert.equal(uris, undefined);
    assert.equal(fs.readFileSync(rules.fsPath, 'utf8'), before);
  });
});
