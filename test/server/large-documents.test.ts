// Documents too large for the server's thread (server/large-documents.ts): a 5 MB
// rules file is checked in the worker while hover and completion in another file
// are answered, its syntax errors still come with one "too large for analysis"
// information, and the features that need the parsed file answer at once with the
// reason. The limit is the setting channelRules.analysis.maxDocumentSize.
import { afterEach, describe, expect, it } from 'vitest';
import {
  CompletionRequest,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  SemanticTokensRequest,
  type CompletionList,
  type Hover,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { largeRulesFile } from './large-rules';
import { fixtureUri, TestClient } from './lsp-client';

const INFORMATION = 3;
const ERROR = 1;
const SMALL = 'channel "Paid Search"\n  when utm_medium = "cpc"\n\notherwise "Other"\n';

function hoverText(hover: Hover | null): string {
  const contents = hover?.contents;
  return typeof contents === 'object' && contents !== null && 'value' in contents ? contents.value : '';
}

describe('a huge document', () => {
  let client: TestClient | undefined;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  it('is checked off the server thread: requests on another document are answered while it is processed, then its syntax errors come with "too large for analysis"', async () => {
    client = await TestClient.start({ settings: {} });
    const small = fixtureUri('small-beside-huge.channels');
    const huge = fixtureUri('huge.channels');
    // About 5 MB and 50,000 rules, with one syntax error near the end.
    const text = `${largeRulesFile(70_000)}channel "Broken"\n  when utm_medium =\n`;
    expect(text.length).toBeGreaterThan(4_900_000);
    await client.open(small, SMALL);
    await client.diagnosticsFor(small, 1);

    const hugePublished = () => client!.publications.some((publication) => publication.uri === huge);
    await client.open(huge, text);
    // The server says it is checking the huge file (in the worker) before it starts.
    await client.waitFor(() => client!.statuses.find((status) => status.uri === huge && status.state === 'checking'), 'the huge file being checked', 120_000);
    // What an editor asks on opening a file, and hover and completion in the small one: each
    // answered before the huge file's check is done (none waits for it).
    const answeredBeforeHugeDiagnostics: Record<string, boolean> = {};
    const ask = async <T>(what: string, request: Promise<T>): Promise<T> => {
      const answer = await request;
      answeredBeforeHugeDiagnostics[what] = !hugePublished();
      return answer;
    };
    const hugeDocument = { textDocument: { uri: huge } };
    const [smallHover, smallCompletion, hugeHover, tokens, symbols, folding, formatting] = await Promise.all([
      ask('hover on the small file', client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: small }, position: { line: 1, character: 8 } })),
      ask('completion on the small file', client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: small }, position: { line: 1, character: 18 } })),
      ask('hover on the huge file', client.connection.sendRequest(HoverRequest.type, { ...hugeDocument, position: { line: 20, character: 4 } })),
      ask('semantic tokens of the huge file', client.connection.sendRequest(SemanticTokensRequest.type, hugeDocument)),
      ask('outline of the huge file', client.connection.sendRequest(DocumentSymbolRequest.type, hugeDocument)),
      ask('folding of the huge file', client.connection.sendRequest(FoldingRangeRequest.type, hugeDocument)),
      ask(
        'formatting of the huge file',
        client.connection.sendRequest(DocumentFormattingRequest.type, { ...hugeDocument, options: { tabSize: 2, insertSpaces: true } }).then(
          () => 'formatted',
          (error: Error) => error.message,
        ),
      ),
    ]);
    expect(answeredBeforeHugeDiagnostics).toEqual({
      'hover on the small file': true,
      'completion on the small file': true,
      'hover on the huge file': true,
      'semantic tokens of the huge file': true,
      'outline of the huge file': true,
      'folding of the huge file': true,
      'formatting of the huge file': true,
    });
    // The small file is served in full.
    expect(hoverText(smallHover)).toContain('utm_medium');
    expect((smallCompletion as CompletionList).items.map((item) => item.label)).toContain('=');
    // The huge one says why it is not.
    expect(hoverText(hugeHover)).toContain('too large');
    expect(tokens?.data).toEqual([]);
    expect(symbols).toBeNull();
    expect(folding).toBeNull();
    expect(formatting).toMatch(/no formatting in this file, it is too large \(4,9\d\d,\d\d\d characters; channelRules\.analysis\.maxDocumentSize is 262,144\)/);

    const published: PublishDiagnosticsParams = await client.waitFor(() => client!.lastDiagnostics(huge), 'the diagnostics of the huge file', 600_000);
    expect(published.version).toBe(1);
    const tooLarge = published.diagnostics.filter((diagnostic) => diagnostic.message.includes('too large for analysis'));
    expect(tooLarge).toHaveLength(1);
    expect(tooLarge[0]!.severity).toBe(INFORMATION);
    expect(tooLarge[0]!.range.start).toEqual({ line: 0, character: 0 });
    // The syntax error is still found (on the last rule's line).
    const lastLine = text.split('\n').length - 2;
    expect(published.diagnostics.some((diagnostic) => diagnostic.code === 'syntax' && diagnostic.severity === ERROR && diagnostic.range.start.line === lastLine)).toBe(true);
    // No exact analysis ran; the status says so.
    await client.waitFor(() => client!.statuses.find((status) => status.uri === huge && status.state === 'skipped'), 'the huge file\'s status');
    expect(client.statuses.filter((status) => status.uri === huge).map((status) => status.state)).toEqual(['checking', 'skipped']);
  }, 900_000);

  it('above the limit set in channelRules.analysis.maxDocumentSize: no analysis, and completion still answers', async () => {
    client = await TestClient.start({ settings: { analysis: { maxDocumentSize: 50 } } });
    const uri = fixtureUri('over-a-small-limit.channels');
    // 59 characters: an unreachable rule the analysis would find, and a checker error it still gets.
    const text = 'channel "A"\n  when x = "1"\n  when x = "1"\n  when y in nope\n';
    expect(text.length).toBeGreaterThan(50);
    await client.open(uri, text);
    const published = await client.diagnosticsFor(uri, 1);
    expect(published.diagnostics.map((diagnostic) => diagnostic.code).sort()).toEqual(['analysis-incomplete', 'unknown-list']);
    expect(published.diagnostics.find((diagnostic) => diagnostic.code === 'analysis-incomplete')!.message).toContain('maxDocumentSize is 50');
    const completion = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 1, character: 9 } })) as CompletionList;
    expect(completion.items.map((item) => item.label)).toContain('=');
    // Below the limit again (a shorter text): the exact analysis runs and finds the unreachable rule.
    const version = await client.change(uri, 'channel "A"\n  when x = "1"\n  when x = "1"\n');
    const analysed = await client.diagnosticsFor(uri, version, (params) => params.diagnostics.some((diagnostic) => diagnostic.code === 'unreachable-rule'));
    expect(analysed.diagnostics.some((diagnostic) => diagnostic.message.includes('too large'))).toBe(false);
    await client.analysed(uri, version);
    expect(client.statuses.filter((status) => status.uri === uri).map((status) => status.state)).toEqual(['checking', 'skipped', 'running', 'done']);
  });

  it('above 16 MiB: not checked at all, one error says so', async () => {
    client = await TestClient.start({ settings: {} });
    const uri = fixtureUri('over-16-mib.channels');
    const text = '# a comment line of 64 characters, repeated past 16 MiB........\n'.repeat(16 * 16_384 + 1);
    expect(text.length).toBeGreaterThan(16 * 1024 * 1024);
    await client.open(uri, text);
    const published = await client.waitFor(() => client!.lastDiagnostics(uri), 'the diagnostics of the 16 MiB file', 120_000);
    expect(published.diagnostics).toHaveLength(1);
    expect(published.diagnostics[0]!.severity).toBe(ERROR);
    expect(published.diagnostics[0]!.message).toMatch(/^This file is not checked: it has 16,777,280 characters, and rules files may have at most 16,777,216 characters \(16 MiB\)\.$/);
  }, 300_000);

  it('a check that needs more memory than its worker may use ends that worker, not the server: the document gets one error and the server goes on', async () => {
    const before = process.env.CHANNEL_RULES_WORKER_HEAP_MB;
    process.env.CHANNEL_RULES_WORKER_HEAP_MB = '48';
    try {
      client = await TestClient.start({ settings: {} });
    } finally {
      if (before === undefined) delete process.env.CHANNEL_RULES_WORKER_HEAP_MB;
      else process.env.CHANNEL_RULES_WORKER_HEAP_MB = before;
    }
    const huge = fixtureUri('needs-more-memory.channels');
    await client.open(huge, largeRulesFile(20_000));
    const published = await client.waitFor(() => client!.lastDiagnostics(huge), 'the diagnostics of the file', 300_000);
    expect(published.diagnostics.map((diagnostic) => [diagnostic.severity, diagnostic.message])).toEqual([
      [ERROR, 'This file could not be checked: its check needs more than the 48 MiB of memory the server allows it.'],
    ]);
    // A new worker checks the next document.
    const small = fixtureUri('after-the-big-one.channels');
    await client.open(small, 'channel "A"\n  when x in nope\n');
    const next = await client.diagnosticsFor(small, 1);
    expect(next.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['unknown-list']);
  }, 600_000);
});
