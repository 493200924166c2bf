// "Channel Rules: Import…" and "Channel Rules: Export to GA4 Channel Group". The
// conversions are the engine's (engine/import); these commands only pick files, ask
// what the file cannot say (the SQL dialect, the group of a list), write or open the
// result, and show a refusal as one notification naming its place.

import * as vscode from 'vscode';
import { baseName, extName } from '../uri-names';
import { exportRulesText } from '../../engine/import/export-rules';
import { ImportError } from '../../engine/import/import-error';
import { importFormatOf, importRules } from '../../engine/import/import-rules';
import { DIALECT_NAMES, type DialectName } from '../../engine/sql/dialect';

export const IMPORT_COMMAND = 'channelRules.import';
export const EXPORT_GA4_COMMAND = 'channelRules.exportGa4ChannelGroup';

const DIALECT_TITLES: Record<DialectName, string> = {
  bigquery: 'BigQuery',
  duckdb: 'DuckDB',
  postgres: 'PostgreSQL',
  snowflake: 'Snowflake',
  spark: 'Spark SQL',
};

export interface ImportArguments {
  uri?: vscode.Uri;
  dialect?: DialectName;
  group?: string;
}

export function registerImportExport(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(IMPORT_COMMAND, (args?: ImportArguments) => importCommand(args)),
    vscode.commands.registerCommand(EXPORT_GA4_COMMAND, (uri?: vscode.Uri) => exportCommand(uri)),
  );
}

async function importCommand(args: ImportArguments = {}): Promise<vscode.Uri | undefined> {
  const source = args.uri ?? (await pickSource());
  if (source === undefined) return undefined;
  const format = importFormatOf(source.path);
  if (format === undefined) {
    void vscode.window.showErrorMessage('Channel Rules: import reads a GA4 channel group (.json) or a SQL CASE classifier (.sql).');
    return undefined;
  }
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(source));
  let dialect = args.dialect;
  let group = args.group;
  if (format === 'sql' && dialect === undefined) {
    const picked = await vscode.window.showQuickPick(
      DIALECT_NAMES.map((name) => ({ label: DIALECT_TITLES[name], description: name, name })),
      { title: `Import ${baseName(source.path)}: the SQL's dialect`, placeHolder: 'Which warehouse runs this SQL?' },
    );
    if (picked === undefined) return undefined;
    dialect = picked.name;
  }
  if (format === 'ga4-channel-group' && group === undefined) {
    const names = groupNames(text);
    if (names.length > 1) {
      group = await vscode.window.showQuickPick(names, { title: `Import ${baseName(source.path)}: which channel group` });
      if (group === undefined) return undefined;
    }
  }
  let rules: string;
  try {
    rules = importRules(text, { format, fileName: baseName(source.path), dialect, group });
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    void vscode.window.showErrorMessage(`Channel Rules: cannot import ${baseName(source.path)}:${error.where}: ${error.message}`);
    return undefined;
  }
  const target = vscode.Uri.joinPath(source, '..', `${baseName(source.path, extName(source.path))}.channels`);
  if (await exists(target)) {
    const replace = await vscode.window.showWarningMessage(`${baseName(target.path)} already exists. Replace it?`, { modal: true }, 'Replace');
    if (replace !== 'Replace') return undefined;
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(rules));
  // Opened as a .channels document, the language server checks it at once.
  await vscode.window.showTextDocument(target, { preview: false });
  return target;
}

async function exportCommand(uri?: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  const document = uri !== undefined ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (document === undefined || document.languageId !== 'channels') {
    void vscode.window.showErrorMessage('Channel Rules: open a .channels file to export it.');
    return undefined;
  }
  const fileName = baseName(document.uri.path);
  let json: string;
  try {
    json = exportRulesText(document.getText(), { fileName, name: fileName.replace(/\.channels$/, '') });
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    void vscode.window.showErrorMessage(`Channel Rules: cannot export to GA4: ${error.where}: ${error.message}`);
    return undefined;
  }
  const exported = await vscode.workspace.openTextDocument({ language: 'json', content: json });
  await vscode.window.showTextDocument(exported, { preview: false });
  return exported;
}

async function pickSource(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Import rules from a GA4 channel group or a SQL CASE classifier',
    canSelectMany: false,
    filters: { 'GA4 channel group or SQL': ['json', 'sql'], 'GA4 channel group (Admin API JSON)': ['json'], 'SQL CASE classifier': ['sql'] },
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0];
}

function groupNames(text: string): string[] {
  try {
    const json = JSON.parse(text) as { channelGroups?: { displayName?: unknown }[] };
    return Array.isArray(json.channelGroups) ? json.channelGroups.map((group) => group.displayName).filter((name): name is string => typeof name === 'string') : [];
  } catch {
    return [];
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
