// The web build's ./new-rules-file: the engine's init writes files with node:fs, so
// in the browser "New Rules File…" says it is not available yet (README "In the
// browser").

import * as vscode from 'vscode';

export const NEW_RULES_FILE_COMMAND = 'channelRules.newRulesFile';

export function registerNewRulesFile(_context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.commands.registerCommand(NEW_RULES_FILE_COMMAND, async (): Promise<undefined> => {
    void vscode.window.showWarningMessage('Channel Rules: New Rules File… is not available in the browser yet.');
    return undefined;
  });
}
