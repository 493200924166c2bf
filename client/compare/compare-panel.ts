// The "Compare with…" panel: one webview beside the editor showing the semantic diff
// of the active rules file against another version (a git ref, another file) — moves
// with example events, rule changes, newly unreachable rules, and sample-event counts
// when the preview has a sample for the file. The diff is the engine's
// (engine/diff), computed by the language server (`channelRules/diff`, where the
// analysis engine already is, so the extension's own bundle does not carry it); the
// panel only gathers the two texts and the sample, and shows the result. It follows
// edits of the file (debounced; a newer edit cancels the stale request).
//
// A panel of its own rather than a tab of the preview: the preview's webview is a
// bundle with its own state machine (runs in a worker, replay on reload), and the
// diff needs none of it. The compare view uses the preview's stylesheet and classes
// and the same Content-Security-Policy, so it looks the same and is as locked down.

import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { baseName } from '../uri-names';
import type { RulesDiff } from '../../engine/diff/rules-diff';
import { EventFileError } from '../../engine/events/event-format';
import { DIFF_REQUEST, type DiffParams, type DiffResult } from '../../server/custom-protocol';
import { findSampleEvents } from '../preview/sample-events';
import { READS_SAMPLES_BY_PATH } from '../preview/preview-worker-location';
import { createNonce } from '../webview-csp';
import { compareAgainst } from './compare-against';
import { diffSampleOf } from './compare-sample';
import { compareHtml, diffBody, messageBody, type FromCompareWebview, type RenderedDiffState } from './diff-html';
import type { BaseDocuments } from './base-documents';

export const COMPARE_VIEW_TYPE = 'channelRules.compare';
const DEBOUNCE_MS = 400;

/** What one render of the panel showed (for end-to-end tests). */
export interface RenderedDiff {
  /** The rules file (workspace-relative) and the ref compared with. */
  file: string;
  ref: string;
  /** The engine's diff; undefined when it could not be computed (see `error`). */
  diff?: RulesDiff;
  error?: string;
  /** What the webview rendered, as text. */
  state: RenderedDiffState;
}

export class ComparePanel {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly renderedListeners: Array<(rendered: RenderedDiff) => void> = [];
  private readonly disposeListeners: Array<() => void> = [];
  private document: vscode.TextDocument | undefined;
  private ref = 'HEAD';
  private baseText = '';
  private baseUri: vscode.Uri | undefined;
  /** The last finished run's result; undefined while the first run of a comparison is going. */
  private current: { diff?: RulesDiff; error?: string } | undefined;
  private running: vscode.CancellationTokenSource | undefined;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly panel: vscode.WebviewPanel,
    private readonly baseDocuments: BaseDocuments,
    private readonly languageClient: () => BaseLanguageClient | undefined,
  ) {
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: FromCompareWebview) => void this.onMessage(message)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === this.document && event.contentChanges.length > 0) this.schedule();
      }),
    );
  }

  static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, enableFindWidget: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
  }

  onRendered(listener: (rendered: RenderedDiff) => void): void {
    this.renderedListeners.push(listener);
  }

  onDidDispose(listener: () => void): void {
    this.disposeListeners.push(listener);
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  /** Compares `document` with `baseText`, its version at `ref` (a git ref, or another file's name). */
  async compare(document: vscode.TextDocument, ref: string, baseText: string): Promise<void> {
    this.document = document;
    this.ref = ref;
    this.baseText = baseText;
    this.baseUri = this.baseDocuments.put(document.uri, ref, baseText);
    this.current = undefined;
    this.panel.title = `${baseName(document.uri.path)} ↔ ${ref}`;
    this.show(messageBody(`${this.fileLabel()} compared with ${ref}`, 'Comparing the two versions…'));
    await this.run();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.debounce);
    this.running?.cancel();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.panel.dispose();
    for (const listener of this.disposeListeners.splice(0)) listener();
  }

  private schedule(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.run(), DEBOUNCE_MS);
  }

  private async run(): Promise<void> {
    const document = this.document;
    if (document === undefined || this.disposed) return;
    this.running?.cancel();
    const cancellation = new vscode.CancellationTokenSource();
    this.running = cancellation;
    const title = `${this.fileLabel()} compared with ${this.ref}`;
    try {
      const client = this.languageClient();
      if (client === undefined || !client.isRunning()) throw new CompareError('The language server is not running, and it computes the diff (try Channel Rules: Restart Server).');
      const sample = await this.sampleSource(document.uri);
      const againstField = compareAgainst(vscode.workspace.getConfiguration('channelRules', document.uri).get<string>('against'), sample !== undefined);
      const params: DiffParams = {
        uri: client.code2ProtocolConverter.asUri(document.uri),
        baseText: this.baseText,
        headText: document.getText(),
        baseLabel: `${this.ref} version`,
        ...(sample === undefined ? {} : { sample: sample.source }),
        ...(againstField === undefined ? {} : { against: againstField }),
      };
      const result = await client.sendRequest<DiffResult | null>(DIFF_REQUEST, params, cancellation.token);
      if (cancellation.token.isCancellationRequested || this.disposed) return;
      if (result === null || result.diff === undefined) throw new CompareError(result?.error ?? 'The diff failed (see the Channel Rules output).');
      const diff = result.diff;
      this.current = { diff };
      this.show(diffBody(diff, { file: this.fileLabel(), ref: this.ref, ...(sample === undefined ? {} : { events: sample.name }) }));
    } catch (error) {
      if (cancellation.token.isCancellationRequested || this.disposed) return;
      const message = error instanceof CompareError || error instanceof EventFileError ? error.message : `The diff failed: ${(error as Error).message}`;
      this.current = { error: message };
      this.show(messageBody(title, message, 'error'));
    } finally {
      if (this.running === cancellation) this.running = undefined;
      cancellation.dispose();
    }
  }

  private async sampleSource(rulesUri: vscode.Uri): Promise<{ source: NonNullable<DiffParams['sample']>; name: string } | undefined> {
    const search = await findSampleEvents(this.context, rulesUri);
    const uri = search.choice?.uri;
    if (uri === undefined) return undefined;
    const name = vscode.workspace.asRelativePath(uri);
    return { source: diffSampleOf(uri, name, READS_SAMPLES_BY_PATH), name };
  }

  private show(body: string): void {
    if (this.disposed) return;
    const webview = this.panel.webview;
    const styleUri = webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview.css'));
    webview.html = compareHtml(body, { cspSource: webview.cspSource, nonce: createNonce(), styleUri: styleUri.toString() });
  }

  private async onMessage(message: FromCompareWebview): Promise<void> {
    switch (message.type) {
      case 'rendered': {
        // The "Comparing…" page is not a result.
        if (this.current === undefined) return;
        const rendered: RenderedDiff = { file: this.fileLabel(), ref: this.ref, state: message.state, ...this.current };
        for (const listener of this.renderedListeners) listener(rendered);
        return;
      }
      case 'reveal': {
        const uri = message.version === 'head' ? this.document?.uri : this.baseUri;
        if (uri === undefined) return;
        const target = await vscode.workspace.openTextDocument(uri);
        const line = Math.max(0, Math.min(target.lineCount - 1, message.line - 1));
        const position = new vscode.Position(line, target.lineAt(line).firstNonWhitespaceCharacterIndex);
        const visible = vscode.window.visibleTextEditors.find((editor) => editor.document === target);
        await vscode.window.showTextDocument(target, {
          viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
          selection: new vscode.Selection(position, position),
          preview: message.version === 'base',
        });
        return;
      }
      case 'textDiff':
        if (this.document === undefined || this.baseUri === undefined) return;
        await vscode.commands.executeCommand('vscode.diff', this.baseUri, this.document.uri, `${baseName(this.document.uri.path)} (${this.ref}) ↔ working copy`);
        return;
    }
  }

  private fileLabel(): string {
    return this.document === undefined ? '' : vscode.workspace.asRelativePath(this.document.uri);
  }
}

/** A reason the panel shows as it is. */
class CompareError extends Error {}
