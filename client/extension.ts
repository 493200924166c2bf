// The VS Code extension: starts the bundled language server (dist/server.js, over
// IPC; in the browser dist/web/server.js in a web worker, ./language-client.web) for `.channels` files, shows the analysis in a language status item, and
// registers the commands (Check Workspace, Restart Server, and the preview's Open
// Preview). No telemetry: nothing leaves the machine.

import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';
import { createLanguageClient, DOCUMENT_SCHEMES } from './language-client';
import {
  ANALYSIS_STATUS_NOTIFICATION,
  CHECK_WORKSPACE_REQUEST,
  type AnalysisStatusParams,
  type CheckWorkspaceResult,
} from '../server/custom-protocol';
import type { InitializationOptions } from '../server/server';
import { AnalysisStatusItem } from './language-status';
import { previewTestHooks, registerPreview } from './preview/register-preview';
import { registerCompare, type CompareTestHooks } from './compare/register-compare';
import { addRuleTestHooks, registerAddRuleForTraffic } from './traffic/add-rule-for-traffic';
import { registerNewRulesFile } from './init/new-rules-file';
import { registerImportExport } from './import/import-export-commands';

export const CHECK_WORKSPACE_COMMAND = 'channelRules.checkWorkspace';
export const RESTART_SERVER_COMMAND = 'channelRules.restartServer';

let client: BaseLanguageClient | undefined;

/** What activate returns (end-to-end tests use it). */
export interface ChannelRulesApi {
  languageClient(): BaseLanguageClient | undefined;
  analysisStatus(uri: vscode.Uri): AnalysisStatusParams | undefined;
  /** What the preview panel shows (its tables as text), for end-to-end tests. */
  previewTestHooks: typeof previewTestHooks;
  /** What the "Compare with…" panel shows, for end-to-end tests. */
  compareTestHooks: CompareTestHooks;
  addRuleTestHooks: typeof addRuleTestHooks;
}

export async function activate(context: vscode.ExtensionContext): Promise<ChannelRulesApi> {
  const output = vscode.window.createOutputChannel('Channel Rules', { log: true });
  const status = new AnalysisStatusItem(CHECK_WORKSPACE_COMMAND);
  context.subscriptions.push(output, status);

  const initializationOptions: InitializationOptions = {
    previewCommand: true,
    retriggerCommand: 'editor.action.triggerSuggest',
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SCHEMES.map((scheme) => ({ language: 'channels', scheme })),
    synchronize: { configurationSection: 'channelRules' },
    initializationOptions,
    outputChannel: output,
  };

  const start = async (): Promise<void> => {
    try {
      const created = await createLanguageClient(context, clientOptions);
      created.onNotification(ANALYSIS_STATUS_NOTIFICATION, (params: AnalysisStatusParams) => status.update(params));
      client = created;
      await created.start();
    } catch (error) {
      // The preview and the commands work without the server; say what went wrong.
      output.error(`the language server did not start: ${(error as Error)?.stack ?? String(error)}`);
      void vscode.window.showErrorMessage('Channel Rules: the language server did not start (see the Channel Rules output).');
    }
  };

  const compare = registerCompare(context, () => client);
  context.subscriptions.push(
    registerPreview(context),
    registerAddRuleForTraffic(() => client),
    registerNewRulesFile(context),
    registerImportExport(),
    vscode.workspace.onDidCloseTextDocument((document) => status.forget(document.uri.toString())),
    vscode.commands.registerCommand(CHECK_WORKSPACE_COMMAND, async () => {
      if (client === undefined || !client.isRunning()) {
        void vscode.window.showWarningMessage('Channel Rules: the language server is not running (try Channel Rules: Restart Server).');
        return;
      }
      const running = client;
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Channel Rules: checking the workspace…', cancellable: true },
        (_progress, token) => running.sendRequest<CheckWorkspaceResult | null>(CHECK_WORKSPACE_REQUEST, {}, token),
      );
      if (result === undefined || result === null) return;
      const unreadable = result.unreadable.length > 0 ? `, ${result.unreadable.length} unreadable` : '';
      const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
      const summary = `Checked ${plural(result.files, 'rules file')}: ${plural(result.errors, 'error')}, ${plural(result.warnings, 'warning')}${unreadable}.`;
      const choice = await vscode.window.showInformationMessage(summary, 'Show Problems');
      if (choice === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
    }),
    vscode.commands.registerCommand(RESTART_SERVER_COMMAND, async () => {
      output.info('restarting the language server');
      if (client !== undefined) await client.stop().catch(() => undefined);
      await start();
    }),
  );
  await start();

  return {
    languageClient: () => client,
    analysisStatus: (uri) => status.statusOf(uri.toString()),
    previewTestHooks,
    compareTestHooks: compare.testHooks,
    addRuleTestHooks,
  };
}

export async function deactivate(): Promise<void> {
  if (client !== undefined) await client.stop().catch(() => undefined);
  client = undefined;
}
