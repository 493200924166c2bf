// "Channel Rules: Compare with…" (`channelRules.compareWith`): pick HEAD or any branch,
// remote branch or tag (or type a commit), read the active rules file's version there
// through git (./git-source; in the browser through the host's file system,
// ./git-source.web), or pick another file, or the same file in another folder (any
// host: read through `vscode.workspace.fs`), and show the semantic diff in the compare
// panel (./compare-panel). client/extension.ts calls registerCompare once and puts its
// test hooks in the extension's API.
//
// Arguments, for menus and tests: a Uri (or its string) of the rules file, and a ref
// or the Uri of another rules file or of a folder to skip the quick pick:
// executeCommand('channelRules.compareWith', uri, 'HEAD'), or (…, uri, otherUri).

import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { baseName } from '../uri-names';
import { BASE_SCHEME, BaseDocuments } from './base-documents';
import type { ComparePanel, RenderedDiff } from './compare-panel.js';
import { gitSourceFor } from './git-source';
import { GitReadError, type GitSource, type RefChoice } from './git-source-types';

export const COMPARE_COMMAND = 'channelRules.compareWith';

/** For end-to-end tests: what the compare panel shows. */
export interface CompareTestHooks {
  /** Resolves after the panel next finishes rendering a diff (or an error). */
  nextDiff(timeoutMs?: number): Promise<RenderedDiff>;
  lastDiff(): RenderedDiff | undefined;
  isOpen(): boolean;
  /**
   * The next picker of "Compare with…" applies the refs it lists only when `release` is
   * called; `shown` resolves once the picker is on screen (with its first rows).
   */
  holdNextRefs(): { shown: Promise<void>; release(): void };
}

/** A test's hold on the next picker's refs (CompareTestHooks.holdNextRefs). */
interface RefsHold {
  held: Promise<void>;
  onShown(): void;
}

export interface CompareRegistration extends vscode.Disposable {
  testHooks: CompareTestHooks;
}

export function registerCompare(context: vscode.ExtensionContext, languageClient: () => BaseLanguageClient | undefined): CompareRegistration {
  let panel: ComparePanel | undefined;
  let last: RenderedDiff | undefined;
  const waiters: Array<(rendered: RenderedDiff) => void> = [];
  const baseDocuments = new BaseDocuments();
  let refsHold: RefsHold | undefined;

  const takeHold = (): RefsHold | undefined => {
    const hold = refsHold;
    refsHold = undefined;
    return hold;
  };
  const onRendered = (rendered: RenderedDiff): void => {
    last = rendered;
    for (const resolve of waiters.splice(0)) resolve(rendered);
  };

  const command = vscode.commands.registerCommand(COMPARE_COMMAND, async (uriArgument?: vscode.Uri | string, versionArgument?: string | vscode.Uri) => {
    const target =
      uriArgument instanceof vscode.Uri ? uriArgument : typeof uriArgument === 'string' ? vscode.Uri.parse(uriArgument, true) : vscode.window.activeTextEditor?.document.uri;
    if (target === undefined || !target.path.endsWith('.channels')) {
      void vscode.window.showInformationMessage('Channel Rules: open a .channels file to compare it with another version.');
      return;
    }
    const document = await vscode.workspace.openTextDocument(target);
    const git = await gitSourceFor(target);
    const choice: VersionChoice | undefined =
      versionArgument instanceof vscode.Uri ? await fileOrFolder(versionArgument) : versionArgument !== undefined ? { kind: 'ref', ref: versionArgument } : await pickVersion(git, takeHold());
    if (choice === undefined) return;

    let base: { label: string; text: string } | undefined;
    try {
      base = await readVersion(choice, git, target);
    } catch (error) {
      const message = error instanceof GitReadError ? error.message : (error as Error).message;
      void vscode.window.showErrorMessage(`Channel Rules: ${message}`);
      return;
    }
    if (base === undefined) return;

    let shown = panel;
    if (shown === undefined) {
      // Loaded on first use: activation does not need the panel (the diff itself is the language server's).
      const { ComparePanel, COMPARE_VIEW_TYPE } = await import('./compare-panel.js');
      const webviewPanel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, 'Compare', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, ComparePanel.webviewOptions(context.extensionUri));
      const created = new ComparePanel(context, webviewPanel, baseDocuments, languageClient);
      created.onRendered(onRendered);
      created.onDidDispose(() => {
        if (panel === created) panel = undefined;
      });
      panel = shown = created;
    } else {
      shown.reveal();
    }
    await shown.compare(document, base.label, base.text);
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
    holdNextRefs() {
      let release!: () => void;
      let onShown!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const shown = new Promise<void>((resolve) => (onShown = resolve));
      refsHold = { held, onShown };
      return { shown, release };
    },
  };
  return { dispose: () => disposables.dispose(), testHooks };
}

type VersionChoice =
  | { kind: 'ref'; ref: string; label?: string }
  | { kind: 'file'; uri: vscode.Uri }
  | { kind: 'folder'; uri: vscode.Uri }
  | { kind: 'pickFile' }
  | { kind: 'pickFolder' };

async function fileOrFolder(uri: vscode.Uri): Promise<VersionChoice> {
  const stat = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
  return stat !== undefined && (stat.type & vscode.FileType.Directory) !== 0 ? { kind: 'folder', uri } : { kind: 'file', uri };
}

/** The chosen version's text and its name in the panel; undefined when a dialog was cancelled. */
async function readVersion(choice: VersionChoice, git: GitSource, target: vscode.Uri): Promise<{ label: string; text: string } | undefined> {
  switch (choice.kind) {
    case 'ref':
      return { label: choice.label ?? choice.ref, text: await git.show(choice.ref) };
    case 'file':
      return { label: vscode.workspace.asRelativePath(choice.uri), text: await readText(choice.uri) };
    case 'pickFile': {
      const picked = await vscode.window.showOpenDialog({
        title: `Compare ${baseName(target.path)} with…`,
        defaultUri: vscode.workspace.getWorkspaceFolder(target)?.uri ?? target,
        filters: { 'Channel Rules': ['channels'] },
        openLabel: 'Compare',
      });
      return picked?.[0] === undefined ? undefined : readVersion({ kind: 'file', uri: picked[0] }, git, target);
    }
    case 'pickFolder': {
      const picked = await vscode.window.showOpenDialog({
        title: `A folder holding another version of ${vscode.workspace.asRelativePath(target)}`,
        defaultUri: vscode.workspace.getWorkspaceFolder(target)?.uri ?? target,
        canSelectFiles: false,
        canSelectFolders: true,
        openLabel: 'Compare',
      });
      return picked?.[0] === undefined ? undefined : readVersion({ kind: 'folder', uri: picked[0] }, git, target);
    }
    case 'folder':
      return readVersion({ kind: 'file', uri: await sameFileIn(choice.uri, target) }, git, target);
  }
}

/**
 * The rules file's counterpart in `folder`: the same path relative to its workspace
 * folder (a checkout of the base branch beside the workspace's), else the same name
 * directly in `folder`.
 */
async function sameFileIn(folder: vscode.Uri, target: vscode.Uri): Promise<vscode.Uri> {
  const workspaceFolder = vscode.workspace.getWorkspaceFolder(target);
  const relative = workspaceFolder === undefined ? undefined : target.path.slice(workspaceFolder.uri.path.replace(/\/$/, '').length + 1);
  const candidates = [...(relative === undefined ? [] : [vscode.Uri.joinPath(folder, relative)]), vscode.Uri.joinPath(folder, baseName(target.path))];
  for (const candidate of candidates) {
    const stat = await Promise.resolve(vscode.workspace.fs.stat(candidate)).catch(() => undefined);
    if (stat !== undefined && (stat.type & vscode.FileType.File) !== 0) return candidate;
  }
  throw new Error(`${vscode.workspace.asRelativePath(folder)} has no ${candidates.map((uri) => vscode.workspace.asRelativePath(uri)).join(' or ')}`);
}

async function readText(uri: vscode.Uri): Promise<string> {
  // An open document's text is what the user sees (maybe unsaved); else the file's.
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open !== undefined) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch (error) {
    throw new Error(`cannot read ${vscode.workspace.asRelativePath(uri)}: ${(error as Error).message}`);
  }
}

interface VersionItem extends vscode.QuickPickItem {
  choice?: VersionChoice;
  /** The row of the ref typed in the box. */
  typed?: true;
}

const KIND_LABELS: Record<RefChoice['kind'], string> = { head: 'Last commit', branch: 'Branches', remote: 'Remote branches', tag: 'Tags' };
const KIND_ICONS: Record<RefChoice['kind'], string> = { head: '$(git-commit)', branch: '$(git-branch)', remote: '$(cloud)', tag: '$(tag)' };

/**
 * A quick pick of HEAD, another file or folder, then the branches, remote branches and
 * tags once git has listed them (whatever is typed can be used as a ref too). Without
 * git (the browser outside GitHub repositories), only the files and folders.
 *
 * The rows on screen never move: the workbench names the row Enter took by its index in
 * the list it shows, and the extension host reads that index in its own latest list. When
 * the refs arrived while an Enter was on its way, the rows used to shift (HEAD went from
 * index 0 to 1), index 0 was the "Last commit" separator, and Enter on HEAD chose nothing.
 * So the rows shown first (HEAD, the files) keep their places, the refs are appended after
 * them, and the typed ref comes last; a stale index then lands on the same row or on a
 * separator (the typed text is used then).
 */
async function pickVersion(git: GitSource, hold?: RefsHold): Promise<VersionChoice | undefined> {
  const quickPick = vscode.window.createQuickPick<VersionItem>();
  quickPick.title = 'Channel Rules: Compare with…';
  quickPick.placeholder = git.available ? 'A branch, tag or commit to compare the rules file with, or another file' : 'Another version of the rules file: a file, or the same file in another folder';
  quickPick.matchOnDescription = true;
  const fileItems: VersionItem[] = [
    { label: 'Other versions', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(file) Another file…', description: 'a .channels file of the workspace', choice: { kind: 'pickFile' }, alwaysShow: true },
    { label: '$(folder) The same file in another folder…', description: 'e.g. a checkout of the base branch', choice: { kind: 'pickFolder' }, alwaysShow: true },
  ];
  const headItem = (commit?: string): VersionItem[] => [
    { label: KIND_LABELS.head, kind: vscode.QuickPickItemKind.Separator },
    { label: `${KIND_ICONS.head} HEAD`, choice: { kind: 'ref', ref: 'HEAD' }, description: commit ?? 'the last commit' },
  ];
  let headItems: VersionItem[] = git.available ? headItem() : [];
  let refItems: VersionItem[] = [];
  const typed = (): VersionItem[] => {
    const value = quickPick.value.trim();
    if (!git.available || value === '' || [...headItems, ...refItems].some((item) => item.choice?.kind === 'ref' && item.choice.ref === value)) return [];
    return [{ label: `$(search) ${value}`, choice: { kind: 'ref', ref: value }, description: 'use this ref', alwaysShow: true, typed: true }];
  };
  const update = (): void => {
    quickPick.items = [...headItems, ...fileItems, ...refItems, ...typed()];
  };
  update();
  quickPick.busy = git.available;
  quickPick.show();
  hold?.onShown();
  if (git.available) {
    void Promise.all([git.refs(), hold?.held]).then(
      ([refs]) => {
        headItems = headItem(refs.find((choice) => choice.kind === 'head')?.commit);
        refItems = [];
        let kind: RefChoice['kind'] | undefined;
        for (const choice of refs) {
          if (choice.kind === 'head') continue;
          if (choice.kind !== kind) {
            kind = choice.kind;
            refItems.push({ label: KIND_LABELS[kind], kind: vscode.QuickPickItemKind.Separator });
          }
          refItems.push({
            label: `${KIND_ICONS[choice.kind]} ${choice.label ?? choice.ref}`,
            choice: { kind: 'ref', ref: choice.ref, ...(choice.label === undefined ? {} : { label: choice.label }) },
            ...(choice.commit === undefined ? {} : { description: choice.commit }),
          });
        }
        // Keep the row the user is on: a new list may move the focus to its first row.
        const active = quickPick.activeItems[0]?.choice;
        update();
        const same = active === undefined ? undefined : quickPick.items.find((item) => item.choice !== undefined && sameChoice(item.choice, active));
        if (same !== undefined) quickPick.activeItems = [same];
        quickPick.busy = false;
      },
      (error: Error) => {
        quickPick.busy = false;
        quickPick.placeholder = `Type a ref, or pick a file (the refs could not be listed: ${error.message})`;
      },
    );
  }
  quickPick.onDidChangeValue(update);
  return new Promise((resolve) => {
    let chosen: VersionChoice | undefined;
    quickPick.onDidAccept(() => {
      const value = quickPick.value.trim();
      const item = quickPick.selectedItems[0] ?? quickPick.activeItems[0];
      // The typed row stands for the text in the box now (it may be a keystroke behind);
      // a separator (a stale index, see above) or no row at all: the text too.
      const typedRef: VersionChoice | undefined = git.available && value !== '' ? { kind: 'ref', ref: value } : undefined;
      chosen = item?.typed === true ? typedRef : (item?.choice ?? typedRef);
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      quickPick.dispose();
      resolve(chosen);
    });
  });
}

function sameChoice(a: VersionChoice, b: VersionChoice): boolean {
  return a.kind === b.kind && (a.kind !== 'ref' || (b.kind === 'ref' && a.ref === b.ref));
}
