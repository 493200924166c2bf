// "Channel Rules: Compare with…" on Amplitude's worked example (the e2e workspace is a
// git repository with one commit): an unsaved edit against HEAD shows the moves with
// example events and the sample's counts; the file as committed shows no move.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionApi, lineOf, openRules } from './helpers';

interface RenderedDiff {
  file: string;
  ref: string;
  diff?: {
    moves: Array<{ from: string | null; to: string | null; example: { event: Record<string, string | null> }; sampleEvents?: number }>;
    sample?: { events: number; moved: number };
    complete: boolean;
  };
  error?: string;
  state: { summary: string; moves: string[][]; tables: Record<string, string[][]>; alerts: string[] };
}
interface Api {
  compareTestHooks: { nextDiff(timeoutMs?: number): Promise<RenderedDiff>; isOpen(): boolean };
}

describe('Compare with…', () => {
  it('shows what an unsaved edit does against HEAD: moves, examples, sample counts', async () => {
    const editor = await openRules('examples/amplitude-example.channels');
    const api = await extensionApi<Api>();
    const line = lineOf(editor.document, 'when utm_medium = "email"');
    await editor.edit((edit) => edit.replace(editor.document.lineAt(line).range, '  when utm_medium = "newsletter"'));
    try {
      const next = api.compareTestHooks.nextDiff(60_000);
      await vscode.commands.executeCommand('channelRules.compareWith', editor.document.uri, 'HEAD');
      const rendered = await next;
      assert.equal(rendered.error, undefined);
      assert.equal(rendered.ref, 'HEAD');
      assert.equal(rendered.file, 'examples/amplitude-example.channels');
      const diff = rendered.diff!;
      assert.equal(diff.complete, true);
      const pairs = diff.moves.map((move) => `${move.from} → ${move.to}`).sort();
      assert.deepEqual(pairs, ['(null) → email', 'direct → email', 'email → (null)', 'email → direct'].map((pair) => pair.replace('(null)', 'null')).sort());
      assert.ok(diff.sample !== undefined && diff.sample.events === 17, 'the preview’s sample (amplitude-example.ndjson) is counted');
      assert.ok(diff.sample.moved > 0);
      assert.match(rendered.state.summary, /^1 rule changed · 4 moves · \d+ of 17 sample events change channel$/);
      assert.deepEqual(rendered.state.moves.map((row) => `${row[0]} → ${row[1]}`).sort(), ['(unclassified) → email', 'direct → email', 'email → (unclassified)', 'email → direct'].sort());
      assert.ok(rendered.state.tables['matrix-table'] !== undefined, 'the sample matrix is shown');
      assert.ok(api.compareTestHooks.isOpen());
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  it('the file as committed: no move', async () => {
    const editor = await openRules('examples/amplitude-example.channels');
    const api = await extensionApi<Api>();
    const next = api.compareTestHooks.nextDiff(60_000);
    await vscode.commands.executeCommand('channelRules.compareWith', editor.document.uri, 'HEAD');
    const rendered = await next;
    assert.deepEqual(rendered.diff?.moves, []);
    assert.equal(rendered.state.summary, 'no rule changed · no moves · 0 of 17 sample events change channel');
  });
});
