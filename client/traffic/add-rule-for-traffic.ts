// "Add a rule for this traffic…" (the preview's Unassigned view): pick the channel,
// ask the language server for the proved edit (channelRules/ruleForTraffic), show it
// as a diff of the rules file, and apply it only when the person says so.

import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { RULE_FOR_TRAFFIC_REQUEST, type RuleForTrafficResult } from '../../server/custom-protocol';

export const ADD_RULE_FOR_TRAFFIC_COMMAND = 'channelRules.addRuleForTraffic';
export const PROPOSAL_SCHEME = 'channel-rules-proposal';
const NEW_CHANNEL = '$(add) New channel…';

export interface AddRuleArgs {
  /** The rules file. */
  uri: string;
  /** The unassigned pattern: each grouped field's value, null for missing or null. */
  fields: Record<string, string | null>;
  /** The rules' channels, offered first. */
  channels: string[];
}

export type AddRuleOutcome = { kind: 'applied'; line: number; condition: string } | { kind: 'cancelled' } | { kind: 'error'; message: string };

/** For tests: answers the channel picker and the confirmation instead of a person, and reports the outcome. */
export const addRuleTestHooks = {
  answers: undefined as { channel: string; apply: boolean } | undefined,
  lastOutcome: undefined as AddRuleOutcome | undefined,
  /** The diff shown before the last confirmation: the proposed text. */
  lastProposal: undefined as string | undefined,
};

export function registerAddRuleForTraffic(getClient: () => LanguageClient | undefined): vscode.Disposable {
  const proposals = new Map<string, string>();
  const provider = vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, {
    provideTextDocumentContent: (uri) => proposals.get(uri.toString()) ?? '',
  });
  const command = vscode.commands.registerCommand(ADD_RULE_FOR_TRAFFIC_COMMAND, async (args: AddRuleArgs): Promise<AddRuleOutcome> => {
    const outcome = await addRule(args, getClient(), proposals);
    addRuleTestHooks.lastOutcome = outcome;
    if (outcome.kind === 'error') void vscode.window.showErrorMessage(`Channel Rules: ${outcome.message}`);
    return outcome;
  });
  return vscode.Disposable.from(provider, command);
}

async function pickChannel(channels: string[]): Promise<string | undefined> {
  const answers = addRuleTestHooks.answers;
  if (answers !== undefined) return answers.channel;
  const picked = await vscode.window.showQuickPick([...channels, NEW_CHANNEL], {
    title: 'Add a rule for this traffic: which channel should it get?',
    placeHolder: 'A channel of the rules, or a new one',
  });
  if (picked !== NEW_CHANNEL) return picked;
  return vscode.window.showInputBox({
    title: 'Add a rule for this traffic: the new channel',
    prompt: 'The channel name',
    validateInput: (value) => (value === '' || value === '(unclassified)' || value === '(no touch)' ? `"${value}" cannot be a channel name` : undefined),
  });
}

async function addRule(args: AddRuleArgs, client: LanguageClient | undefined, proposals: Map<string, string>): Promise<AddRuleOutcome> {
  if (client === undefined || !client.isRunning()) return { kind: 'error', message: 'the language server is not running (try Channel Rules: Restart Server)' };
  const uri = vscode.Uri.parse(args.uri);
  const document = await vscode.workspace.openTextDocument(uri);
  const channel = await pickChannel(args.channels);
  if (channel === undefined) return { kind: 'cancelled' };
  const result = await client.sendRequest<RuleForTrafficResult>(RULE_FOR_TRAFFIC_REQUEST, { uri: args.uri, fields: args.fields, channel });
  if (result.error !== undefined || result.edit === undefined) return { kind: 'error', message: result.error ?? 'no rule was proposed' };
  const range = client.protocol2CodeConverter.asRange(result.edit.range);
  const proposed = document.getText().slice(0, document.offsetAt(range.start)) + result.edit.newText + document.getText().slice(document.offsetAt(range.end));
  const proposalUri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: uri.path, query: String(Date.now()) });
  proposals.set(proposalUri.toString(), proposed);
  addRuleTestHooks.lastProposal = proposed;
  const name = vscode.workspace.asRelativePath(uri);
  // Where the rules are shown, so that the preview beside them stays in view; not as a preview
  // tab, which would replace the rules' own tab when that is one (and close its group with it).
  const viewColumn = vscode.window.visibleTextEditors.find((editor) => editor.document === document)?.viewColumn ?? vscode.ViewColumn.One;
  await vscode.commands.executeCommand('vscode.diff', uri, proposalUri, `${name} ↔ with a rule for this traffic`, { preview: false, viewColumn });
  const moves = result.moves ?? [];
  const where = result.placement === 'new-block' ? `a new "${channel}" block` : `the "${channel}" block`;
  const apply = addRuleTestHooks.answers?.apply ??
    (await vscode.window.showInformationMessage(
      `Add "when ${result.condition}" to ${where} (line ${result.line})? It only moves events that no rule classified: ${moves.join('; ') || 'none in the analysis'}.`,
      { modal: false },
      'Apply',
      'Cancel',
    )) === 'Apply';
  proposals.delete(proposalUri.toString());
  await closeProposalEditors(proposalUri);
  if (!apply) return { kind: 'cancelled' };
  if (document.version !== result.version) return { kind: 'error', message: 'the rules file changed meanwhile; try again' };
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, range, result.edit.newText);
  if (!(await vscode.workspace.applyEdit(edit))) return { kind: 'error', message: 'the edit could not be applied' };
  const editor = await vscode.window.showTextDocument(document, { preview: false, viewColumn });
  const line = document.lineAt(result.line! - 1).range;
  editor.selection = new vscode.Selection(line.start, line.end);
  editor.revealRange(line, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return { kind: 'applied', line: result.line!, condition: result.condition! };
}

async function closeProposalEditors(proposalUri: vscode.Uri): Promise<void> {
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      const input = tab.input;
      if (input instanceof vscode.TabInputTextDiff && input.modified.toString() === proposalUri.toString()) await vscode.window.tabGroups.close(tab);
    }
  }
}
