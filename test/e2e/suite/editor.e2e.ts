// The language features, through the real vscode API, as test-electron suites do.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticCode, diagnosticsWith, EXTENSION_ID, extensionApi, lineOf, openRules, waitFor, workspaceUri } from './helpers';

describe('Channel Rules in VS Code', () => {
  it('activates on a .channels file and starts the language server', async () => {
    const editor = await openRules('shadowed.channels');
    assert.equal(editor.document.languageId, 'channels');
    await waitFor('the extension to activate', () => vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
    const api = await extensionApi<{ languageClient(): { isRunning(): boolean } | undefined }>();
    await waitFor('the language client to run', () => api.languageClient()?.isRunning());
  });

  it('reports the unreachable rule with the rules that cover it, faded as unnecessary', async () => {
    const editor = await openRules('shadowed.channels');
    const [diagnostic] = await diagnosticsWith(editor.document.uri, 'unreachable-rule');
    assert.equal(diagnostic!.range.start.line, lineOf(editor.document, 'when utm_medium in ["cpc", "ppc"]'));
    assert.equal(diagnostic!.severity, vscode.DiagnosticSeverity.Warning);
    assert.ok(diagnostic!.tags?.includes(vscode.DiagnosticTag.Unnecessary), 'tagged Unnecessary');
    const related = diagnostic!.relatedInformation ?? [];
    const relatedLines = related.map((info) => info.location.range.start.line).sort();
    assert.deepEqual(relatedLines, [lineOf(editor.document, 'when utm_medium = "cpc"'), lineOf(editor.document, 'when utm_medium = "ppc"')]);
  });

  it('offers list names after `in`', async () => {
    const document = await vscode.workspace.openTextDocument({
      language: 'channels',
      content: 'list search_sites = ["google"]\nlist social_sites = ["facebook"]\nchannel "Search"\n  when utm_source in ',
    });
    await vscode.window.showTextDocument(document);
    const end = document.lineAt(document.lineCount - 1).range.end;
    // Word-based suggestions (kind Text) would offer the names too: only the server's count.
    const labels = await waitFor('list names in the completion list', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, end);
      const names = list.items
        .filter((item) => item.kind !== vscode.CompletionItemKind.Text)
        .map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
      return names.includes('search_sites') ? names : undefined;
    });
    assert.ok(labels.includes('social_sites'));
    assert.ok(!labels.includes('google'), 'values are not offered where a list name goes');
  });

  it('shows an example event (one it classifies) when hovering a rule', async () => {
    const editor = await openRules('shadowed.channels');
    const line = lineOf(editor.document, 'when utm_medium = "ppc"');
    const text = await waitFor('a hover with an example event', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(line, 3));
      const markdown = hovers
        .flatMap((hover) => hover.contents)
        .map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))
        .join('\n');
      return /ppc/.test(markdown) && /An event it classifies/.test(markdown) ? markdown : undefined;
    });
    assert.match(text, /Paid Search/);
  });

  it('"Move above" fixes a shadowed rule and the diagnostic goes away', async () => {
    const editor = await openRules('move-above.channels');
    const uri = editor.document.uri;
    const [diagnostic] = await diagnosticsWith(uri, 'unreachable-rule');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic!.range, vscode.CodeActionKind.QuickFix.value);
    const move = actions.find((action) => /move/i.test(action.title));
    assert.ok(move, `a "move above" quick fix among: ${actions.map((a) => a.title).join(', ')}`);
    if (move!.edit) assert.ok(await vscode.workspace.applyEdit(move!.edit));
    if (move!.command) await vscode.commands.executeCommand(move!.command.command, ...(move!.command.arguments ?? []));
    const text = editor.document.getText();
    assert.ok(text.indexOf('"Paid Social"') < text.indexOf('"Social"\n') || text.indexOf('utm_source = "facebook"') < text.indexOf('contains "facebook"'), 'the rule moved above');
    await waitFor('the unreachable-rule diagnostic to go away', () =>
      vscode.languages.getDiagnostics(uri).every((d) => diagnosticCode(d) !== 'unreachable-rule') ? true : undefined,
    );
  });

  it('formats idempotently', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceUri('examples/ga4-default.channels'));
    await vscode.window.showTextDocument(document);
    // The server has the document once it answers with its outline.
    await waitFor('the outline of the GA4 file', async () => {
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', document.uri);
      return symbols !== undefined && symbols.length > 0 ? symbols : undefined;
    });
    const options = { tabSize: 2, insertSpaces: true };
    // VS Code answers undefined when the formatter has no edits.
    const format = async () => {
      const edits = (await vscode.commands.executeCommand<vscode.TextEdit[] | undefined>('vscode.executeFormatDocumentProvider', document.uri, options)) ?? [];
      const edit = new vscode.WorkspaceEdit();
      edit.set(document.uri, edits);
      await vscode.workspace.applyEdit(edit);
      return { edits: edits.length, text: document.getText() };
    };
    const once = await format();
    const twice = await format();
    assert.equal(twice.edits, 0, 'a formatted file gets no more edits');
    assert.equal(twice.text, once.text);
    assert.match(once.text, /channel "Paid Search"\n {2}when utm_source in search_sites/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
