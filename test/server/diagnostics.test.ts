// Protocol tests of diagnostics: published at once on every change, versioned, never
// stale after rapid edits, the analysis in the background (status notifications,
// cancelled by edits), and requests answered while it runs.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompletionRequest,
  DiagnosticSeverity,
  DocumentSymbolRequest,
  HoverRequest,
  type CompletionList,
  type Diagnostic,
} from 'vscode-languageserver-protocol';
import { LineIndex } from '../../engine/text/line-index';
import { largeRulesFile } from './large-rules';
import { fixtureUri, TestClient } from './lsp-client';

let client: TestClient;
beforeAll(async () => {
  // A generous time budget: these tests check what the analysis finds, and a loaded
  // machine can take longer than the default 5 s ('the analysis time budget' below
  // tests the budget itself).
  client = await TestClient.start({ settings: { sampleEvents: 'rules.events.ndjson', analysis: { timeBudgetMs: 120_000 } } });
});
afterAll(async () => {
  await client.stop();
});

let counter = 0;
function newUri(): string {
  return fixtureUri(`diagnostics-${++counter}.channels`);
}

/** Diagnostics as comparable lines (messages name the file in `file:line` references: that part is left out). */
function summary(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map(
    (d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code} ${d.message.replace(/diagnostics-\d+\.channels/g, 'FILE')}`,
  );
}

describe('fast diagnostics', () => {
  it('publishes syntax and checker errors at once, with codes, documentation links and data', async () => {
    const uri = newUri();
    await client.open(uri, 'list a = ["x"]\nlist a = ["y"]\nchannel "A"\n  when utm_source in b\n  when utm_medium = \n');
    const { diagnostics } = await client.diagnosticsFor(uri, 1);
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['duplicate-list', DiagnosticSeverity.Error],
      ['unknown-list', DiagnosticSeverity.Error],
      ['syntax', DiagnosticSeverity.Error],
    ]);
    for (const diagnostic of diagnostics) {
      expect(diagnostic.source).toBe('channel-rules');
      expect(diagnostic.codeDescription?.href).toMatch(new RegExp(`^file:///.*/docs/diagnostics\\.md#${diagnostic.code}$`));
      expect(diagnostic.data).toMatchObject({ code: diagnostic.code, version: 1 });
    }
    const duplicate = diagnostics[0]!;
    expect(duplicate.range).toEqual({ start: { line: 1, character: 5 }, end: { line: 1, character: 6 } });
    expect(duplicate.relatedInformation?.[0]?.location.range.start).toEqual({ line: 0, character: 5 });
  });

  it('reports failed expectations and fields no sample event has', async () => {
    const uri = newUri();
    await client.open(uri, 'channel "Email"\n  when utm_medium = "email"\n  when utm_medum = "x"\nexpect "Email" for { utm_medium: "cpc" }\n');
    const { diagnostics } = await client.diagnosticsFor(uri, 1, (params) => params.diagnostics.length >= 2);
    const failed = diagnostics.find((d) => d.code === 'failed-expectation')!;
    expect(failed.severity).toBe(DiagnosticSeverity.Error);
    expect(failed.range.start.line).toBe(3);
    const unknown = diagnostics.find((d) => d.code === 'unknown-field')!;
    expect(unknown.severity).toBe(DiagnosticSeverity.Hint);
    expect(unknown.message).toContain('did you mean "utm_medium"?');
  });

  it('follows edits: every publication is of the version it says, and the last one matches the text', async () => {
    const uri = newUri();
    await client.open(uri, 'channel "A"\n  when utm_source exists\n');
    expect((await client.diagnosticsFor(uri, 1)).diagnostics).toEqual([]);
    await client.change(uri, 'channel "A"\n  when utm_source in nowhere\n');
    expect((await client.diagnosticsFor(uri, 2)).diagnostics.map((d) => d.code)).toEqual(['unknown-list']);
    await client.change(uri, [{ range: { start: { line: 1, character: 21 }, end: { line: 1, character: 28 } }, text: '["a"]' }]);
    expect((await client.diagnosticsFor(uri, 3)).diagnostics).toEqual([]);
  });
});

describe('rapid edits', () => {
  it('leaves no stale diagnostic and no crash', async () => {
    const uri = newUri();
    const start = 'list sites = ["google"]\nchannel "A"\n  when utm_source in sites\n';
    await client.open(uri, start);
    await client.diagnosticsFor(uri, 1);
    // Type a rule character by character, without waiting for anything.
    const typed = 'channel "B"\n  when utm_medium = "email" and utm_source in site\n';
    let line = 3;
    let character = 0;
    for (const c of typed) {
      await client.change(uri, [{ range: { start: { line, character }, end: { line, character } }, text: c }]);
      if (c === '\n') {
        line++;
        character = 0;
      } else character++;
    }
    const last = client.version(uri);
    const final = await client.diagnosticsFor(uri, last);
    await client.analysed(uri, last);
    // Publications come in version order: nothing older is published after something newer.
    const versions = client.publications.filter((p) => p.uri === uri).map((p) => p.version!);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    // The final diagnostics are exactly those of the final text opened afresh.
    const fresh = newUri();
    await client.open(fresh, start + typed);
    const expected = await client.diagnosticsFor(fresh, 1);
    await client.analysed(fresh, 1);
    expect(summary(client.lastDiagnostics(uri)!.diagnostics)).toEqual(summary(client.lastDiagnostics(fresh)!.diagnostics));
    expect(summary(final.diagnostics)).toEqual(['4:46-4:50 unknown-list no list named `site` is declared; did you mean `sites`?']);
    expect(summary(expected.diagnostics)).toEqual(summary(final.diagnostics));
    expect(client.process.exitCode).toBeNull();
  });
});

describe('the background analysis', () => {
  const large = largeRulesFile(2000);

  it('reports its progress, and requests are answered while it runs', async () => {
    const uri = newUri();
    await client.open(uri, large);
    await client.waitFor(() => client.statuses.find((s) => s.uri === uri && s.version === 1 && s.state === 'running'), 'the analysis to start');
    const finishedBefore = () => client.statuses.some((s) => s.uri === uri && s.version === 1 && s.state !== 'running');
    const position = { line: 13, character: 3 };
    const started = performance.now();
    const [completion, hover, symbols] = await Promise.all([
      client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }) as Promise<CompletionList>,
      client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }),
      client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }),
    ]);
    const elapsed = performance.now() - started;
    expect(finishedBefore(), `answered in ${elapsed.toFixed(0)} ms, after the analysis finished`).toBe(false);
    expect(completion.items.length).toBeGreaterThan(0);
    expect(hover).not.toBeNull();
    expect(symbols!.length).toBeGreaterThan(100);
    const done = await client.analysed(uri, 1);
    expect(done.state).toBe('done');
    expect(done.rules).toBeGreaterThan(1000);
    expect(done.timeMs).toBeGreaterThan(0);
    expect(done.message).toMatch(/^analysed \d+ rules in /);
  }, 60_000);

  it('is cancelled by an edit, resumes from the unchanged prefix, and publishes only for the current version', async () => {
    const uri = newUri();
    await client.open(uri, large);
    await client.waitFor(() => client.statuses.find((s) => s.uri === uri && s.version === 1 && s.state === 'running'), 'the analysis to start');
    const version = await client.change(uri, large.replace('otherwise "Unassigned"', 'otherwise "Other"'));
    const done = await client.analysed(uri, version);
    expect(done.state).toBe('done');
    // The run for version 1 was cancelled: it never finished.
    expect(client.statuses.filter((s) => s.uri === uri && s.version === 1).map((s) => s.state)).toEqual(['running']);
    // An edit at the end: the next analysis reuses every rule's facts.
    const again = await client.change(uri, large.replace('otherwise "Unassigned"', 'otherwise "Rest"'));
    const reused = await client.analysed(uri, again);
    expect(reused.reusedRules).toBe(reused.rules);
  }, 60_000);
});

describe('the analysis time budget', () => {
  it('stops the analysis and says so rather than guess', async () => {
    const budgeted = await TestClient.start({ settings: { analysis: { timeBudgetMs: 1 } } });
    try {
      const uri = fixtureUri('budget.channels');
      await budgeted.open(uri, largeRulesFile(2000));
      const status = await budgeted.analysed(uri, 1);
      expect(status.state).toBe('incomplete');
      expect(status.message).toMatch(/stopped at its time budget/);
      const published = await budgeted.diagnosticsFor(uri, 1, (params) => params.diagnostics.some((d) => d.code === 'analysis-incomplete'));
      const incomplete = published.diagnostics.find((d) => d.code === 'analysis-incomplete')!;
      expect(incomplete.severity).toBe(DiagnosticSeverity.Information);
      expect(incomplete.message).toContain('channelRules.analysis.timeBudgetMs');
      expect(published.diagnostics.some((d) => d.code === 'unreachable-rule')).toBe(false);
    } finally {
      await budgeted.stop();
    }
  }, 60_000);
});

describe('random rapid edits (property)', () => {
  const BASE = 'list sites = ["google", "bing"]\nchannel "Paid"\n  when utm_medium = "cpc"\n  when utm_medium in ["cpc", "ppc"]\nchannel "Organic"\n  when utm_source in sites\notherwise "Other"\nexpect "Paid" for { utm_medium: "cpc" }\n';
  const SNIPPETS = ['"', ' and ', ' or ', 'when x exists\n', '\n', 'channel "X"\n', '[', ']', 'not ', '# c\n', '/a.b/', ' in sites', 'list', '=', '', '', ''];

  it('always ends with the diagnostics of the final text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ at: fc.nat(), remove: fc.nat(6), insert: fc.constantFrom(...SNIPPETS) }), { minLength: 5, maxLength: 25 }),
        async (edits) => {
          const uri = newUri();
          let text = BASE;
          await client.open(uri, text);
          const lines = () => new LineIndex(text);
          for (const edit of edits) {
            const start = edit.at % (text.length + 1);
            const end = Math.min(text.length, start + edit.remove);
            const index = lines();
            await client.change(uri, [{ range: { start: index.position(start), end: index.position(end) }, text: edit.insert }]);
            text = text.slice(0, start) + edit.insert + text.slice(end);
          }
          const last = client.version(uri);
          await client.analysed(uri, last);
          const final = await client.diagnosticsFor(uri, last);
          const fresh = newUri();
          await client.open(fresh, text);
          await client.analysed(fresh, 1);
          await client.diagnosticsFor(fresh, 1);
          expect(final.version).toBe(last);
          expect(summary(client.lastDiagnostics(uri)!.diagnostics)).toEqual(summary(client.lastDiagnostics(fresh)!.diagnostics));
          await client.close(uri);
          await client.close(fresh);
        },
      ),
      { numRuns: 25 },
    );
    expect(client.process.exitCode).toBeNull();
  }, 120_000);
});
