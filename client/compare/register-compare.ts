// "Channel Rules: Compare with…" (`channelRules.compareWith`): pick HEAD or any branch,
// remote branch or tag (or type a commit), read the active rules file's version there
// through git (./git-source), and show the semantic diff in the compare panel
// (./compare-panel). client/extension.ts calls registerCompare once and puts its
// test hooks in the extension's API.
//
// Arguments, for menus and tests: a Uri (or its string) of the rules file, and a ref
// to skip the quick pick: executeCommand('channelRules.compareWith', uri, 'HEAD').

import * as vscode from 'vscode';
import { BASE_SCHEME, BaseDocuments } from './base-documents';
import type { ComparePanel, RenderedDiff } from './compare-panel.js';
import { GitReadError, gitSourceFor, type RefChoice } from './git-source';

export const COMPARE_COMMAND = 'channelRules.compareWith';

/** For end-to-end tests: what the compare panel shows. */
export interface CompareTestHooks {
  /** Resolves after the panel next finishes rendering a diff (or an error). */
  nextDiff(timeoutMs?: number): Promise<RenderedDiff>;
  lastDiff(): RenderedDiff | undefined;
  isOpen(): boolean;
}

export interface CompareRegistration extends vscode.Disposable {
  testHooks: CompareTestHooks;
}

export function registerCompare(context: vscode.ExtensionContext): CompareRegistration {
  let panel: ComparePanel | undefined;
  let last: RenderedDiff | undefined;
  const waiters: Array<(rendered: RenderedDiff) => void> = [];
  const baseDocuments = new BaseDocuments();

  const onRendered = (rendered: RenderedDiff): void => {
    last = rendered;
    for (const resolve of waiters.splice(0)) resolve(rendered);
  };

  const command = vscode.commands.registerCommand(COMPARE_COMMAND, async (uriArgument?: vscode.Uri | string, refArgument?: string) => {
    const target =
      uriArgument instanceof vscode.Uri ? uriArgument : typeof uriArgument === 'string' ? vscode.Uri.parse(uriArgument, true) : vscode.window.activeTextEditor?.document.uri;
    if (target === undefined || !target.path.endsWith('.channels')) {
      void vscode.window.showInformationMessage('Channel Rules: open a .channels file to compare it with another version.');
      return;
    }
    if (target.scheme !== 'file') {
      void vscode.window.showInformationMessage('Channel Rules: only files in a git repository on disk can be compared with other versions.');
      return;
    }
    const document = await vscode.workspace.openTextDocument(target);
    const git = await gitSourceFor(target);
    const ref = refArgument ?? (await pickRef(git.refs.bind(git)));
    if (ref === undefined) return;

    let baseText: string;
    try {
      baseText = await git.show(ref);
    } catch (error) {
      const message = error instanceof GitReadError ? error.message : (error as Error).message;
      void vscode.window.showErrorMessage(`Channel Rules: ${message}`);
      return;
    }

    let shown = panel;
    if (shown === undefined) {
      // Loaded on first use: the diff brings the whole analysis engine, which activation does not need.
      const { ComparePanel, COMPARE_VIEW_TYPE } = await import('./compare-panel.js');
      const webviewPanel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, 'Compare', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, ComparePanel.webviewOptions(context.extensionUri));
      const created = new ComparePanel(context, webviewPanel, baseDocuments);
      created.onRendered(onRendered);
      created.onDidDispose(() => {
        if (panel === created) panel = undefined;
      });
      panel = shown = created;
    } else {
      shown.reveal();
    }
    await shown.compare(document, ref, baseText);
  });

  const disposables = vscode.Disposable.from(command, vscode.workspace.registerTextDocumentContentProvider(BASE_SCHEME, baseDocuments), baseDocuments, {
    dispose: () => panel?.dispose(),
  });
  context.subscriptions.push(disposables);

  const testHooks: CompareTestHooks = {
    nextDiff(timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const done = (rendered: RenderedDiff): void => {
          clearTimeout(timer);
          resolve(rendered);
        };
        const timer = setTimeout(() => {
          const index = waiters.indexOf(done);
          if (index >= 0) waiters.splice(index, 1);
          reject(new Error(`the compare panel did not render within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(done);
      });
    },
    lastDiff: () => last,
    isOpen: () => panel !== undefined,
  };
  return { dispose: () => disposables.dispose(), testHooks };
}

interface RefItem extends vscode.QuickPickItem {
  ref?: string;
}

const KIND_LABELS: Record<RefChoice['kind'], string> = { head: 'Last commit', branch: 'Branches', remote: 'Remote branches', tag: 'Tags' };
const KIND_ICONS: Record<RefChoice['kind'], string> = { head: '$(git-commit)', branch: '$(git-branch)', remote: '$(cloud)', tag: '$(tag)' };

/** A quick pick of HEAD, branches, remote branches and tags; whatever is typed can be used as a ref too. */
async function pickRef(loadRefs: () => Promise<RefChoice[]>): Promise<string | undefined> {
  const quickPick = vscode.window.createQuickPick<RefItem>();
  quickPick.title = 'Channel Rules: Compare with…';
  quickPick.placeholder = 'A branch, tag or commit to compare the rules file with';
  quickPick.busy = true;
  quickPick.matchOnDescription = true;
  let refItems: RefItem[] = [{ label: `${KIND_ICONS.head} HEAD`, ref: 'HEAD', description: 'the last commit' }];
  const typed = (): RefItem[] => {
    const value = quickPick.value.trim();
    return value === '' || refItems.some((item) => item.ref === value) ? [] : [{ label: `$(search) ${value}`, ref: value, description: 'use this ref', alwaysShow: true }];
  };
  quickPick.items = refItems;
  quickPick.show();
  void loadRefs().then(
    (refs) => {
      refItems = [];
      let kind: RefChoice['kind'] | undefined;
      for (const choice of refs) {
        if (choice.kind !== kind) {
          kind = choice.kind;
          refItems.push({ label: KIND_LABELS[kind], kind: vscode.QuickPickItemKind.Separator });
        }
        refItems.push({ label: `${KIND_ICONS[choice.kind]} ${choice.ref}`, ref: choice.ref, ...(choice.commit === undefined ? {} : { description: choice.commit }) });
      }
      quickPick.items = [...typed(), ...refItems];
      quickPick.busy = false;
    },
    (error: Error) => {
      quickPick.busy = false;
      quickPick.placeholder = `Type a ref (the refs could not be listed: ${error.message})`;
    },
  );
  quickPick.onDidChangeValue(() => {
    quickPick.items = [...typed(), ...refItems];
  });
  return new Promise((resolve) => {
    let chosen: string | undefined;
    quickPick.onDidAccept(() => {
      chosen = quickPick.selectedItems[0]?.ref ?? (quickPick.value.trim() || undefined);
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      quickPick.dispose();
      resolve(chosen);
    });
  });
}
