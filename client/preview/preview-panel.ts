// One preview panel: follows the active `.channels` editor, runs the report on its
// unsaved text in the preview worker (debounced; a newer edit cancels a stale run),
// and relays between the webview and the editor (reveal a rule, cursor → filter).

import * as vscode from 'vscode';
import { baseName } from '../uri-names';
import { previewWorkerLocation, READS_SAMPLES_BY_PATH } from './preview-worker-location';
import { ADD_RULE_FOR_TRAFFIC_COMMAND, PROPOSAL_SCHEME, type AddRuleArgs } from '../traffic/add-rule-for-traffic';
import { PreviewRunner, type RunOutcome } from '../../engine/preview/preview-runner';
import {
  DEFAULT_PREVIEW_OPTIONS,
  type AttributionModel,
  type FromWebview,
  type PreviewOptions,
  type RenderedState,
  type RuleSummary,
  type ToWebview,
} from '../../engine/preview/protocol';
import type { SampleSource } from '../../engine/preview/worker-protocol';
import { previewOptionsFor } from '../../engine/preview/preview-options';
import { readSampleBytes } from './sample-bytes';
import { findSampleEvents, rememberPicked, PICKER_EXTENSIONS } from './sample-events';
import { eventSourceOptionsFor, pickEventSource } from './event-source-setting';
import { previewHtml } from './webview-html';

export const PREVIEW_VIEW_TYPE = 'channelRules.preview';
const OPTIONS_KEY = 'channelRules.preview.options';
/** Short: a stale run is cancelled anyway, so the debounce only absorbs bursts of keys. */
const DEBOUNCE_MS = 40;

/** For end-to-end tests (previewTestHooks.holdSampleSearch): rules files whose next sample search waits. */
const heldSampleSearches = new Map<string, { held: Promise<void>; finished(): void }>();

/**
 * For end-to-end tests: the next search for `rulesUri`'s sample starts only when
 * `release` is called (as a slow search would); `finished` resolves when that load ends.
 */
export function holdSampleSearch(rulesUri: vscode.Uri): { release(): void; finished: Promise<void> } {
  let release!: () => void;
  let finished!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const done = new Promise<void>((resolve) => (finished = resolve));
  heldSampleSearches.set(rulesUri.toString(), { held, finished });
  return { release, finished: done };
}

function takeSampleSearchHold(rulesUri: vscode.Uri): { held: Promise<void>; finished(): void } | undefined {
  const hold = heldSampleSearches.get(rulesUri.toString());
  heldSampleSearches.delete(rulesUri.toString());
  return hold;
}

export class PreviewPanel {
  static titleFor(uri: vscode.Uri): string {
    return `Preview ${baseName(uri.path)}`;
  }

  static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
    };
  }

  private readonly runner: PreviewRunner;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly renderedListeners: Array<(state: RenderedState) => void> = [];
  private readonly disposeListeners: Array<() => void> = [];
  private document: vscode.TextDocument | undefined;
  private options: PreviewOptions = { ...DEFAULT_PREVIEW_OPTIONS };
  private sample: { uri: vscode.Uri; sampleId: number } | undefined;
  private sampleWatcher: vscode.Disposable | undefined;
  private rules: RuleSummary[] = [];
  private debounce: NodeJS.Timeout | undefined;
  private nextSampleId = 1;
  /** loadSample calls so far: the latest is the one that may change the sample. */
  private loads = 0;
  private disposed = false;
  /** The latest message of each kind, replayed when the webview (re)loads. */
  private readonly replay = new Map<string, ToWebview>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly panel: vscode.WebviewPanel,
  ) {
    this.runner = new PreviewRunner(previewWorkerLocation(context));
    panel.webview.html = previewHtml(panel.webview, context.extensionUri);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: FromWebview) => void this.onMessage(message)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === this.document && event.contentChanges.length > 0) this.scheduleRun();
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // A proposed version shown in a diff (Add a rule for this traffic…) is not a rules file to follow.
        const proposal = editor?.document.uri.scheme === PROPOSAL_SCHEME;
        if (editor !== undefined && !proposal && editor.document.uri.path.endsWith('.channels') && editor.document !== this.document) {
          void this.showRules(editor.document);
        }
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor.document === this.document) this.postCursorRule(event.textEditor);
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (this.document === undefined || !event.affectsConfiguration('channelRules', this.document.uri)) return;
        this.options = this.optionsFor(this.document.uri);
        this.post({ type: 'options', options: this.options });
        void this.loadSample().then(() => this.runNow());
      }),
    );
  }

  onRendered(listener: (state: RenderedState) => void): void {
    this.renderedListeners.push(listener);
  }

  onDidDispose(listener: () => void): void {
    this.disposeListeners.push(listener);
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  /** Shows `document`'s rules: loads its sample events and runs. */
  async showRules(document: vscode.TextDocument): Promise<void> {
    if (this.disposed) return;
    const changed = this.document?.uri.toString() !== document.uri.toString();
    this.document = document;
    this.panel.title = PreviewPanel.titleFor(document.uri);
    this.post({ type: 'rulesFile', name: vscode.workspace.asRelativePath(document.uri), uri: document.uri.toString() });
    if (changed) {
      this.options = this.optionsFor(document.uri);
      this.post({ type: 'options', options: this.options });
      await this.loadSample();
    }
    await this.runNow();
  }

  showNoRules(): void {
    this.post({ type: 'error', message: 'Open a .channels file and run "Channel Rules: Open Preview".' });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.debounce);
    this.sampleWatcher?.dispose();
    this.runner.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.panel.dispose();
    for (const listener of this.disposeListeners.splice(0)) listener();
  }

  private post(message: ToWebview): void {
    if (this.disposed) return;
    this.remember(message);
    void this.panel.webview.postMessage(message);
  }

  /**
   * Keeps what a reloaded webview needs to show the same thing again, in the order it
   * needs it: rules file, options, sample, result, then any problem with the last run.
   */
  private remember(message: ToWebview): void {
    const replay = this.replay;
    switch (message.type) {
      case 'rulesFile':
        if ((replay.get('rulesFile') as Extract<ToWebview, { type: 'rulesFile' }> | undefined)?.uri !== message.uri) {
          for (const key of ['sample', 'result', 'problem', 'cursorRule']) replay.delete(key);
        }
        replay.set('rulesFile', message);
        return;
      case 'options':
        replay.set('options', message);
        return;
      case 'sample':
      case 'noSample':
        for (const key of ['sample', 'result', 'problem', 'cursorRule']) replay.delete(key);
        replay.set('sample', message);
        return;
      case 'result':
        replay.delete('problem');
        replay.delete('cursorRule');
        replay.set('result', message);
        return;
      case 'overrun':
      case 'error':
        replay.set('problem', message);
        return;
      case 'cursorRule':
        replay.delete('cursorRule');
        replay.set('cursorRule', message);
        return;
      case 'progress':
      case 'explanation':
        return;
    }
  }

  /** A message as if the webview sent it (end-to-end tests press the panel's buttons this way). */
  receive(message: FromWebview): Promise<void> {
    return this.onMessage(message);
  }

  private async onMessage(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        for (const replayed of this.replay.values()) void this.panel.webview.postMessage(replayed);
        return;
      case 'setOptions': {
        this.options = previewOptionsFor(this.options, message.options);
        if (this.document !== undefined) {
          const all = { ...this.context.workspaceState.get<Record<string, PreviewOptions>>(OPTIONS_KEY, {}) };
          all[this.document.uri.toString()] = this.options;
          await this.context.workspaceState.update(OPTIONS_KEY, all);
        }
        this.post({ type: 'options', options: this.options });
        await this.runNow();
        return;
      }
      case 'pickEvents':
        await this.pickEvents();
        return;
      case 'pickEventSource':
        // Writing the setting reloads the sample (onDidChangeConfiguration).
        if (this.document !== undefined) await pickEventSource(this.document.uri, vscode.workspace.getConfiguration('channelRules', this.document.uri).get<string>('eventSource'));
        return;
      case 'explain': {
        if (this.document === undefined) return;
        const outcome = await this.runner.explain(message.eventIndex, this.document.getText(), this.rulesName());
        if (outcome.kind === 'explanation') this.post({ type: 'explanation', explanation: outcome.explanation });
        else if (outcome.kind === 'overrun') this.post({ type: 'overrun', runId: 0, overrun: outcome.overrun });
        else if (outcome.kind === 'error') this.post({ type: 'error', message: outcome.message });
        return;
      }
      case 'revealRule':
        await this.revealRange(message.start, message.end);
        return;
      case 'addRuleForTraffic': {
        const result = this.replay.get('result') as Extract<ToWebview, { type: 'result' }> | undefined;
        const pattern = result?.result.report.unassigned?.patterns[message.pattern];
        if (this.document === undefined || pattern === undefined) return;
        const channels = [...new Set(result!.result.rules.map((rule) => rule.channel))];
        const args: AddRuleArgs = { uri: this.document.uri.toString(), fields: pattern.fields, channels };
        await vscode.commands.executeCommand(ADD_RULE_FOR_TRAFFIC_COMMAND, args);
        return;
      }
      case 'rendered':
        for (const listener of this.renderedListeners) listener(message.state);
        return;
    }
  }

  private optionsFor(uri: vscode.Uri): PreviewOptions {
    const config = vscode.workspace.getConfiguration('channelRules', uri);
    const fromSettings: PreviewOptions = {
      sessionTimeout: config.get<string>('sessionTimeout') ?? DEFAULT_PREVIEW_OPTIONS.sessionTimeout,
      conversion: config.get<string>('conversionEvent') ?? DEFAULT_PREVIEW_OPTIONS.conversion,
      lookback: config.get<string>('lookback') ?? DEFAULT_PREVIEW_OPTIONS.lookback,
      halfLife: config.get<string>('halfLife') ?? DEFAULT_PREVIEW_OPTIONS.halfLife,
      models: (config.get<string[]>('attributionModels') as AttributionModel[] | undefined) ?? DEFAULT_PREVIEW_OPTIONS.models,
      against: config.get<string>('against') ?? 'auto',
    };
    const remembered = this.context.workspaceState.get<Record<string, PreviewOptions>>(OPTIONS_KEY, {})[uri.toString()];
    return previewOptionsFor(fromSettings, remembered);
  }

  private rulesName(): string {
    return this.document === undefined ? 'rules.channels' : vscode.workspace.asRelativePath(this.document.uri);
  }

  private async pickEvents(): Promise<void> {
    if (this.document === undefined) return;
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      defaultUri: vscode.Uri.joinPath(this.document.uri, '..'),
      filters: { 'Events (NDJSON, JSON, CSV, Parquet; .gz, .zip)': [...PICKER_EXTENSIONS] },
      openLabel: 'Use as sample events',
    });
    if (picked === undefined || picked.length === 0) return;
    await rememberPicked(this.context, this.document.uri, picked[0]!);
    await this.loadSample();
    await this.runNow();
  }

  /**
   * Finds and reads the sample of the rules shown. Calls overlap (a setting changes as
   * another rules file opens, a rules file opens as the last one is still searched), and
   * their searches and reads end in any order: a search that finds nothing checks a dozen
   * names, one that finds a file beside the rules one. Only the latest call changes the
   * sample, so an older one ending last cannot replace the newer one's sample with its
   * own, or with none (the preview then showed nothing more, or "no sample" for rules
   * that have one).
   */
  private async loadSample(): Promise<void> {
    const load = ++this.loads;
    const document = this.document;
    if (document === undefined) return;
    this.sampleWatcher?.dispose();
    this.sampleWatcher = undefined;
    const hold = takeSampleSearchHold(document.uri);
    try {
      await hold?.held;
      await this.loadSampleOf(document, () => load === this.loads && !this.disposed);
    } finally {
      hold?.finished();
    }
  }

  private async loadSampleOf(document: vscode.TextDocument, latest: () => boolean): Promise<void> {
    const search = await findSampleEvents(this.context, document.uri);
    if (!latest()) return;
    if (search.choice === undefined) {
      this.sample = undefined;
      this.runner.clearSample();
      this.post({ type: 'noSample', message: 'No sample events for these rules.', searched: search.searched });
      return;
    }
    const uri = search.choice.uri;
    const sampleId = this.nextSampleId++;
    this.sample = { uri, sampleId };
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), baseName(uri.path)),
    );
    const reload = () => void this.loadSample().then(() => this.runNow());
    watcher.onDidChange(reload);
    watcher.onDidCreate(reload);
    watcher.onDidDelete(reload);
    this.sampleWatcher = watcher;
    try {
      const eventSource = eventSourceOptionsFor(document.uri);
      const source: SampleSource =
        uri.scheme === 'file' && READS_SAMPLES_BY_PATH
          ? { kind: 'path', path: uri.fsPath, eventSource }
          : { kind: 'bytes', name: uri.path, bytes: await readSampleBytes(uri), eventSource };
      if (!latest()) return;
      const columns = await this.runner.loadSample(sampleId, source, vscode.workspace.asRelativePath(uri));
      if (latest()) this.post({ type: 'sample', columns });
    } catch (error) {
      if (!latest()) return;
      this.sample = undefined;
      this.post({ type: 'noSample', message: `Cannot read ${vscode.workspace.asRelativePath(uri)}: ${errorText(error)}`, searched: [] });
    }
  }

  private scheduleRun(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.runNow(), DEBOUNCE_MS);
  }

  private async runNow(): Promise<void> {
    clearTimeout(this.debounce);
    const document = this.document;
    if (document === undefined || this.sample === undefined || this.disposed) return;
    const outcome: RunOutcome = await this.runner.run(document.getText(), this.rulesName(), this.options, (progress) =>
      this.post({ type: 'progress', ...progress }),
    );
    if (this.disposed) return;
    switch (outcome.kind) {
      case 'result':
        this.rules = outcome.result.rules;
        this.post({ type: 'result', result: outcome.result });
        {
          const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document === document);
          if (editor !== undefined) this.postCursorRule(editor);
        }
        return;
      case 'overrun':
        this.post({ type: 'overrun', runId: outcome.runId, overrun: outcome.overrun });
        return;
      case 'error':
        this.post({ type: 'error', runId: outcome.runId, message: outcome.message });
        return;
      case 'cancelled':
        return;
    }
  }

  private postCursorRule(editor: vscode.TextEditor): void {
    const offset = editor.document.offsetAt(editor.selection.active);
    const rule = this.rules.find((candidate) => candidate.index >= 0 && candidate.start <= offset && offset <= candidate.end);
    this.post({ type: 'cursorRule', ruleIndex: rule?.index ?? null });
  }

  private async revealRange(start: number, end: number): Promise<void> {
    const document = this.document;
    if (document === undefined) return;
    const range = new vscode.Range(document.positionAt(start), document.positionAt(end));
    const visible = vscode.window.visibleTextEditors.find((editor) => editor.document === document);
    const editor = await vscode.window.showTextDocument(document, {
      viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
      selection: new vscode.Selection(range.start, range.start),
      preserveFocus: false,
    });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}


function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
