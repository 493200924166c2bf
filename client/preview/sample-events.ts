// Where a rules file's sample events come from (docs/preview.md "Sample events"),
// first found wins:
//   1. the file picked in the panel for this rules file (remembered in workspaceState);
//   2. the `channelRules.sampleEvents` setting (a path; relative to the rules file's
//      workspace folder, or to the rules file's folder outside a workspace);
//   3. a conventional file beside the rules: `<name>.events.<ext>`, `<name>.<ext>`,
//      then `events.<ext>`, with <ext> one of ndjson, jsonl, json, csv.

import * as vscode from 'vscode';
import { conventionalSampleNames, EVENT_EXTENSIONS, PICKER_EXTENSIONS } from '../../engine/preview/sample-file-names';

export { EVENT_EXTENSIONS, PICKER_EXTENSIONS };

const PICKED_KEY = 'channelRules.preview.pickedEvents';

export interface SampleChoice {
  uri: vscode.Uri;
  how: 'picked' | 'setting' | 'beside';
}

export interface SampleSearch {
  choice?: SampleChoice;
  /** What was looked for, for the "no sample" message. */
  searched: string[];
}

export async function findSampleEvents(context: vscode.ExtensionContext, rulesUri: vscode.Uri): Promise<SampleSearch> {
  const searched: string[] = [];
  const picked = pickedFor(context, rulesUri);
  if (picked !== undefined && (await exists(picked))) return { choice: { uri: picked, how: 'picked' }, searched };

  const setting = vscode.workspace.getConfiguration('channelRules', rulesUri).get<string>('sampleEvents')?.trim();
  if (setting) {
    const uri = resolveSetting(rulesUri, setting);
    if (await exists(uri)) return { choice: { uri, how: 'setting' }, searched };
    searched.push(`${setting} (channelRules.sampleEvents)`);
  }

  const folder = vscode.Uri.joinPath(rulesUri, '..');
  const baseName = rulesUri.path.slice(rulesUri.path.lastIndexOf('/') + 1);
  for (const name of conventionalSampleNames(baseName)) {
    const uri = vscode.Uri.joinPath(folder, name);
    if (await exists(uri)) return { choice: { uri, how: 'beside' }, searched };
  }
  searched.push(`${conventionalSampleNames(baseName).join(', ')} beside ${baseName}`);
  return { searched };
}

export function pickedFor(context: vscode.ExtensionContext, rulesUri: vscode.Uri): vscode.Uri | undefined {
  const picked = context.workspaceState.get<Record<string, string>>(PICKED_KEY, {})[rulesUri.toString()];
  return picked === undefined ? undefined : vscode.Uri.parse(picked, true);
}

export async function rememberPicked(context: vscode.ExtensionContext, rulesUri: vscode.Uri, events: vscode.Uri): Promise<void> {
  const all = { ...context.workspaceState.get<Record<string, string>>(PICKED_KEY, {}) };
  all[rulesUri.toString()] = events.toString();
  await context.workspaceState.update(PICKED_KEY, all);
}

function resolveSetting(rulesUri: vscode.Uri, setting: string): vscode.Uri {
  if (setting.startsWith('/') || /^[A-Za-z]:[\\/]/.test(setting)) return vscode.Uri.file(setting);
  const folder = vscode.workspace.getWorkspaceFolder(rulesUri)?.uri ?? vscode.Uri.joinPath(rulesUri, '..');
  return vscode.Uri.joinPath(folder, setting);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    return (stat.type & vscode.FileType.File) !== 0;
  } catch {
    return false;
  }
}
