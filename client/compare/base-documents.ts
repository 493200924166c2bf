// The older version of a rules file as a read-only document (scheme
// `channel-rules-base`), so "Compare with…" can open it at a rule's line and show the
// text diff with VS Code's diff editor. The text is the one the diff was computed on.

import * as vscode from 'vscode';

export const BASE_SCHEME = 'channel-rules-base';

export class BaseDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changes = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changes.event;

  /** Keeps `text` as `file` at `ref`; returns the document's URI (same path, so it reads as .channels). */
  put(file: vscode.Uri, ref: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: BASE_SCHEME, path: file.path, query: new URLSearchParams({ ref }).toString() });
    this.texts.set(uri.toString(), text);
    this.changes.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.changes.dispose();
    this.texts.clear();
  }
}
