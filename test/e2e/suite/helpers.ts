// Helpers for the in-host suite: the real vscode API, bounded waits with messages.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'channel-rules.channel-rules';

export function workspaceUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder === undefined) throw new Error('the e2e workspace folder is not open');
  return vscode.Uri.joinPath(folder.uri, relative);
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false | PromiseLike<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
}

export async function openRules(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relative));
  return vscode.window.showTextDocument(document);
}

export function diagnosticCode(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

export async function diagnosticsWith(uri: vscode.Uri, code: string, timeoutMs = 30_000): Promise<vscode.Diagnostic[]> {
  return waitFor(`a ${code} diagnostic on ${uri.path}`, () => {
    const found = vscode.languages.getDiagnostics(uri).filter((d) => diagnosticCode(d) === code);
    return found.length > 0 ? found : undefined;
  }, timeoutMs);
}

export function lineOf(document: vscode.TextDocument, text: string): number {
  for (let line = 0; line < document.lineCount; line++) if (document.lineAt(line).text.includes(text)) return line;
  throw new Error(`no line contains ${JSON.stringify(text)}`);
}

export async function extensionApi<T>(): Promise<T> {
  const extension = vscode.extensions.getExtension<T>(EXTENSION_ID);
  if (extension === undefined) throw new Error(`extension ${EXTENSION_ID} is not installed`);
  return extension.isActive ? extension.exports : extension.activate();
}
