// The preview's entry point for the extension: the `channelRules.openPreview` command,
// the serializer that restores the panel after a reload, and hooks for end-to-end
// tests to read what the panel shows. client/extension.ts calls registerPreview once.

import * as vscode from 'vscode';
import type { FromWebview, RenderedState } from '../../engine/preview/protocol';
import { holdSampleSearch, PreviewPanel, PREVIEW_VIEW_TYPE } from './preview-panel';

export const OPEN_PREVIEW_COMMAND = 'channelRules.openPreview';

let current: PreviewPanel | undefined;
const renderWaiters: Array<(state: RenderedState) => void> = [];
let lastRendered: RenderedState | undefined;

function onRendered(state: RenderedState): void {
  lastRendered = state;
  for (const resolve of renderWaiters.splice(0)) resolve(state);
}

/** Registers the preview command and the panel serializer. */
export function registerPreview(context: vscode.ExtensionContext): vscode.Disposable {
  const disposables: vscode.Disposable[] = [];

  const adopt = (panel: PreviewPanel): PreviewPanel => {
    current = panel;
    panel.onRendered(onRendered);
    panel.onDidDispose(() => {
      if (current === panel) current = undefined;
    });
    return panel;
  };

  disposables.push(
    // The argument: a Uri (editor title, explorer menu) or its string (the language server's code lens).
    vscode.commands.registerCommand(OPEN_PREVIEW_COMMAND, async (uri?: vscode.Uri | string) => {
      const target =
        uri instanceof vscode.Uri ? uri : typeof uri === 'string' ? parseUri(uri) : vscode.window.activeTextEditor?.document.uri;
      if (target === undefined || !isRulesUri(target)) {
        void vscode.window.showInformationMessage('Channel Rules: open a .channels file to preview it.');
        return;
      }
      const document = await vscode.workspace.openTextDocument(target);
      // From the explorer's menu the rules may not be open yet: open them, the preview goes beside.
      if (!vscode.window.visibleTextEditors.some((editor) => editor.document === document)) {
        await vscode.window.showTextDocument(document, { preview: false });
      }
      if (current !== undefined) {
        current.reveal();
        await current.showRules(document);
        return;
      }
      const panel = vscode.window.createWebviewPanel(
        PREVIEW_VIEW_TYPE,
        PreviewPanel.titleFor(document.uri),
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        PreviewPanel.webviewOptions(context.extensionUri),
      );
      await adopt(new PreviewPanel(context, panel)).showRules(document);
    }),
    vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        panel.webview.options = PreviewPanel.webviewOptions(context.extensionUri);
        const restored = adopt(new PreviewPanel(context, panel));
        const uri = rulesUriFromState(state);
        const document =
          uri !== undefined
            ? await Promise.resolve(vscode.workspace.openTextDocument(uri)).then(
                (opened) => opened,
                () => undefined,
              )
            : vscode.window.visibleTextEditors.map((editor) => editor.document).find((doc) => isRulesUri(doc.uri));
        if (document !== undefined) await restored.showRules(document);
        else restored.showNoRules();
      },
    }),
    { dispose: () => current?.dispose() },
  );
  return vscode.Disposable.from(...disposables);
}

export function isRulesUri(uri: vscode.Uri): boolean {
  return uri.path.endsWith('.channels');
}

function rulesUriFromState(state: unknown): vscode.Uri | undefined {
  if (state === null || typeof state !== 'object') return undefined;
  const text = (state as { rulesUri?: unknown }).rulesUri;
  return typeof text === 'string' ? parseUri(text) : undefined;
}

function parseUri(text: string): vscode.Uri | undefined {
  try {
    return vscode.Uri.parse(text, true);
  } catch {
    return undefined;
  }
}

/**
 * For end-to-end tests: read what the preview panel shows. `nextRenderedState`
 * resolves after the webview next reports a completed render (tables as text).
 */
export const previewTestHooks = {
  nextRenderedState(timeoutMs = 30_000): Promise<RenderedState> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const index = renderWaiters.indexOf(done);
        if (index >= 0) renderWaiters.splice(index, 1);
        reject(new Error(`the preview did not render within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (state: RenderedState): void => {
        clearTimeout(timer);
        resolve(state);
      };
      renderWaiters.push(done);
    });
  },
  /** The state of the last completed render, if any. */
  lastRenderedState(): RenderedState | undefined {
    return lastRendered;
  },
  /** Delivers a message to the open panel as if its webview sent it (a button press). */
  async sendFromWebview(message: FromWebview): Promise<void> {
    await current?.receive(message);
  },
  /** Whether a preview panel is open. */
  isOpen(): boolean {
    return current !== undefined;
  },
  /** The next sample search for these rules waits for `release()` (a slow search); `finished` resolves when its load ends. */
  holdSampleSearch(rulesUri: string): { release(): void; finished: Promise<void> } {
    return holdSampleSearch(vscode.Uri.parse(rulesUri, true));
  },
};
