// "Channel Rules: New Rules File…" (`channelRules.newRulesFile`): pick a template, pick
// where the rules file goes, and the engine's init (engine/init/init-project.ts) writes
// it with its sample events beside it (so the preview has data at once); both open.
// Never overwrites: an existing file is reported and nothing is written.
//
// Arguments, for the walkthrough's links and tests: { template, uri } skips the
// pickers: executeCommand('channelRules.newRulesFile', { template: 'blank', uri }).

import * as vscode from 'vscode';
import {
  actionReference,
  FileExistsError,
  isTemplateName,
  planInit,
  projectRootOf,
  TEMPLATE_DESCRIPTIONS,
  TEMPLATE_NAMES,
  writeNewFiles,
  type TemplateName,
} from '../../engine/init/init-project';

export const NEW_RULES_FILE_COMMAND = 'channelRules.newRulesFile';

export interface NewRulesFileArguments {
  template?: string;
  uri?: vscode.Uri | string;
}

const TEMPLATE_LABELS: Record<TemplateName, string> = {
  ga4: 'GA4 default channel group',
  amplitude: "Amplitude's worked example",
  blank: 'Blank',
};

export function registerNewRulesFile(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.commands.registerCommand(NEW_RULES_FILE_COMMAND, async (args?: NewRulesFileArguments): Promise<vscode.Uri[] | undefined> => {
    const template = args?.template !== undefined && isTemplateName(args.template) ? args.template : await pickTemplate();
    if (template === undefined) return undefined;
    const target = args?.uri !== undefined ? toUri(args.uri) : await pickLocation();
    if (target === undefined) return undefined;
    if (target.scheme !== 'file') {
      void vscode.window.showErrorMessage('Channel Rules: a new rules file can only be written to a local folder.');
      return undefined;
    }
    const rulesFile = target.fsPath.endsWith('.channels') ? target.fsPath : `${target.fsPath}.channels`;
    try {
      const files = planInit({
        template,
        rulesFile,
        withCi: false,
        projectRoot: projectRootOf(vscode.Uri.joinPath(vscode.Uri.file(rulesFile), '..').fsPath),
        templatesDir: context.asAbsolutePath('templates'),
        action: actionReference(context.extension.packageJSON as { version?: string }),
      });
      writeNewFiles(files);
      const uris = files.map((file) => vscode.Uri.file(file.path));
      // The sample first, then the rules in front of it: the rules file is what to edit.
      for (const uri of [...uris].reverse()) await vscode.window.showTextDocument(uri, { preview: false });
      return uris;
    } catch (error) {
      const message = error instanceof FileExistsError ? `${vscode.workspace.asRelativePath(error.file)} already exists; nothing was written.` : (error as Error).message;
      void vscode.window.showErrorMessage(`Channel Rules: ${message}`);
      return undefined;
    }
  });
}

async function pickTemplate(): Promise<TemplateName | undefined> {
  const picked = await vscode.window.showQuickPick(
    TEMPLATE_NAMES.map((name) => ({ label: TEMPLATE_LABELS[name], description: name, detail: TEMPLATE_DESCRIPTIONS[name], name })),
    { title: 'New Rules File: template', placeHolder: 'Start from…' },
  );
  return picked?.name;
}

async function pickLocation(): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return vscode.window.showSaveDialog({
    title: 'New Rules File: where (a sample events file goes beside it)',
    defaultUri: folder !== undefined ? vscode.Uri.joinPath(folder, 'rules.channels') : undefined,
    filters: { 'Channel Rules': ['channels'] },
    saveLabel: 'Create',
  });
}

function toUri(value: vscode.Uri | string): vscode.Uri {
  return typeof value === 'string' ? (value.includes('://') ? vscode.Uri.parse(value) : vscode.Uri.file(value)) : value;
}
