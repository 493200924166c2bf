// The language status item of `.channels` files: what the background analysis of
// the active document is doing ("Analysing…", "Analysed 120 rules in 85 ms",
// "Analysis incomplete"), from the server's channelRules/analysisStatus notifications.

import * as vscode from 'vscode';
import type { AnalysisStatusParams } from '../server/custom-protocol';

export class AnalysisStatusItem implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private readonly statuses = new Map<string, AnalysisStatusParams>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(checkWorkspaceCommand: string) {
    this.item = vscode.languages.createLanguageStatusItem('channelRules.analysis', { language: 'channels' });
    this.item.name = 'Channel Rules analysis';
    this.item.command = { title: 'Check Workspace', command: checkWorkspaceCommand };
    this.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(() => this.render()));
    this.render();
  }

  update(status: AnalysisStatusParams): void {
    this.statuses.set(status.uri, status);
    if (vscode.window.activeTextEditor?.document.uri.toString() === status.uri) this.render();
  }

  forget(uri: string): void {
    this.statuses.delete(uri);
  }

  /** The status of a document (for tests). */
  statusOf(uri: string): AnalysisStatusParams | undefined {
    return this.statuses.get(uri);
  }

  private render(): void {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const status = uri === undefined ? undefined : this.statuses.get(uri);
    this.item.busy = status?.state === 'running' || status?.state === 'checking';
    if (status === undefined) {
      this.item.text = 'Channel Rules';
      this.item.detail = 'waiting for the analysis';
      this.item.severity = vscode.LanguageStatusSeverity.Information;
      return;
    }
    switch (status.state) {
      case 'running':
        this.item.text = 'Analysing…';
        this.item.severity = vscode.LanguageStatusSeverity.Information;
        break;
      case 'done':
        this.item.text = `Analysis: ${status.timeMs ?? 0} ms`;
        this.item.severity = vscode.LanguageStatusSeverity.Information;
        break;
      case 'incomplete':
        this.item.text = '$(warning) Analysis incomplete';
        this.item.severity = vscode.LanguageStatusSeverity.Warning;
        break;
      case 'failed':
        this.item.text = '$(error) Analysis failed';
        this.item.severity = vscode.LanguageStatusSeverity.Error;
        break;
      case 'checking':
        this.item.text = 'Checking…';
        this.item.severity = vscode.LanguageStatusSeverity.Information;
        break;
      case 'skipped':
        this.item.text = '$(warning) No analysis: file too large';
        this.item.severity = vscode.LanguageStatusSeverity.Warning;
        break;
    }
    this.item.detail = status.message;
  }

  dispose(): void {
    this.item.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
