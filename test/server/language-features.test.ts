// Protocol tests of completion, hover, code actions and code lenses on the bundled
// server, with sample events configured through `channelRules.sampleEvents`.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  DiagnosticTag,
  HoverRequest,
  InsertTextFormat,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type MarkupContent,
} from 'vscode-languageserver-protocol';
import { applyEdits, positionOf, withCursor } from './cursor';
import { FIXTURES, fixtureUri, TestClient } from './lsp-client';

const RULES = fs.readFileSync(path.join(FIXTURES, 'rules.channels'), 'utf8');

let client: TestClient;
beforeAll(async () => {
  client = await TestClient.start({
    settings: { sampleEvents: 'rules.events.ndjson' },
    initializationOptions: { previewCommand: true, retriggerCommand: 'editor.action.triggerSuggest' },
  });
  // Requests use the sample once it is read; the first document starts the read.
  await client.open(fixtureUri('features-sample.channels'), RULES);
  await client.sampleRead(path.join(FIXTURES, 'rules.events.ndjson'));
});
afterAll(async () => {
  await client.stop();
});

let counter = 0;
async function open(text: string): Promise<string> {
  const uri = fixtureUri(`features-${++counter}.channels`);
  await client.open(uri, text);
  return uri;
}

async function complete(marked: string): Promise<CompletionItem[]> {
  const { text, position } = withCursor(marked);
  const uri = await open(text);
  const result = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position })) as CompletionList;
  return result.items;
}

describe('completion over the protocol', () => {
  it('offers sample values for the field being compared, replacing the typed string', async () => {
    const items = await complete('channel "A"\n  when utm_source = "go‸"');
    const google = items.find((item) => item.label === '"google"')!;
    expect(google.detail).toMatch(/of 60 sample events$/);
    expect(google.textEdit).toEqual({ range: { start: { line: 1, character: 20 }, end: { line: 1, character: 24 } }, newText: '"google"' });
  });

  it('offers fields from the file, the sample and the standard list', async () => {
    const labels = (await complete('channel "A"\n  when my_field exists\n  when ‸')).map((item) => item.label);
    expect(labels).toEqual(expect.arrayContaining(['my_field', 'utm_source', 'plan', 'event_properties.page_path', 'gclid', 'not', '(']));
  });

  it('inserts operators as snippets and reopens completion for the operand', async () => {
    const items = await complete('channel "A"\n  when utm_medium ‸');
    const equals = items.find((item) => item.label === '=')!;
    expect(equals.insertTextFormat).toBe(InsertTextFormat.Snippet);
    expect(equals.textEdit?.newText).toBe('= "$1"');
    expect(equals.command?.command).toBe('editor.action.triggerSuggest');
  });

  it('offers list names after `in` and channel names after `expect`', async () => {
    expect((await complete('list sites = []\nchannel "A"\n  when x in ‸')).map((item) => item.label)).toContain('sites');
    expect((await complete('channel "Paid"\n  when x exists\nexpect ‸')).map((item) => item.label)).toEqual(expect.arrayContaining(['"Paid"', 'unclassified']));
  });
});

describe('hover over the protocol', () => {
  it('explains a rule with an example once the analysis of this version is done', async () => {
    const uri = await open(RULES);
    await client.analysed(uri, 1);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(RULES, 'when utm_medium = "ppc"', 2) });
    const markdown = (hover!.contents as MarkupContent).value;
    expect(markdown).toContain('**Rule 2 of 8** → channel `"Paid Search"`');
    expect(markdown).toContain('{ utm_medium: "ppc" }');
    expect(hover!.range).toEqual({ start: positionOf(RULES, 'when utm_medium = "ppc"'), end: positionOf(RULES, 'when utm_medium = "ppc"', 4) });
  });

  it('shows the sample values of a field', async () => {
    const uri = await open(RULES);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(RULES, 'utm_source in', 3) });
    expect((hover!.contents as MarkupContent).value).toMatch(/In \d+ of 60 sample events/);
  });

  it('answers null where there is nothing to say', async () => {
    const uri = await open(RULES);
    expect(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 3 } })).toBeNull();
  });
});

describe('code actions over the protocol', () => {
  it('fixes a placeholder comparison from its diagnostic', async () => {
    const text = 'channel "D"\n  when utm_source = "(none)"\n';
    const uri = await open(text);
    const published = await client.diagnosticsFor(uri, 1, (params) => params.diagnostics.some((diagnostic) => diagnostic.code === 'placeholder-value'));
    const diagnostic = published.diagnostics.find((candidate) => candidate.code === 'placeholder-value')!;
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    })) as CodeAction[];
    const fix = actions.find((action) => action.kind === 'quickfix')!;
    expect(fix.title).toBe('Replace with `utm_source is not set`');
    expect(fix.isPreferred).toBe(true);
    expect(fix.diagnostics).toEqual([diagnostic]);
    expect(applyEdits(text, fix.edit!.changes![uri]!)).toBe('channel "D"\n  when utm_source is not set\n');
  });

  it('offers `ignoring case` at the cursor, and only quick fixes when asked for them', async () => {
    const text = 'channel "A"\n  when utm_medium = "Email"\n';
    const uri = await open(text);
    const range = { start: positionOf(text, 'Email'), end: positionOf(text, 'Email') };
    const all = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: [] } })) as CodeAction[];
    expect(all.map((action) => [action.title, action.kind])).toEqual([['Add `ignoring case`', 'refactor.rewrite']]);
    const quickfixes = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: [], only: ['quickfix'] } });
    expect(quickfixes).toEqual([]);
  });

  it('ignores diagnostics of other tools', async () => {
    const text = 'channel "A"\n  when x exists\n';
    const uri = await open(text);
    const foreign: Diagnostic = { range: { start: { line: 1, character: 2 }, end: { line: 1, character: 6 } }, message: 'x', source: 'other', code: 'unreachable-rule' };
    const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: foreign.range, context: { diagnostics: [foreign], only: ['quickfix'] } });
    expect(actions).toEqual([]);
  });
});

describe('code lenses', () => {
  it('show each channel block its sample events, and Open Preview above the first', async () => {
    const uri = await open(RULES);
    const lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } }))!;
    const titles = lenses.map((lens) => `${lens.range.start.line}:${lens.command!.title}`);
    expect(titles.filter((title) => title.endsWith('Open Preview'))).toEqual(['3:Open Preview']);
    const counts = lenses.filter((lens) => lens.command!.title !== 'Open Preview');
    expect(counts.map((lens) => lens.range.start.line)).toEqual([3, 7, 10, 14, 17]);
    const numbers = counts.map((lens) => Number(/^([\d,]+) sample event/.exec(lens.command!.title)![1]!.replace(/,/g, '')));
    // "Paid (never)" is unreachable: no sample event gets it.
    expect(numbers[1]).toBe(0);
    expect(numbers.reduce((sum, n) => sum + n, 0)).toBeLessThanOrEqual(60);
    expect(lenses[0]!.command!.command).toBe('channelRules.openPreview');
    expect(lenses[0]!.command!.arguments).toEqual([uri]);
  });
});

describe('analysis diagnostics and their quick fixes', () => {
  async function analysedDiagnostics(text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = await open(text);
    await client.analysed(uri, 1);
    const published = await client.diagnosticsFor(uri, 1, (params) => params.diagnostics.some((d) => d.code === 'unreachable-rule'));
    return { uri, diagnostics: published.diagnostics };
  }

  async function fixes(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
    return (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    })) as CodeAction[];
  }

  it('publishes an unreachable rule faded, with the covering rules and an example event', async () => {
    const { diagnostics } = await analysedDiagnostics(RULES);
    const unreachable = diagnostics.find((d) => d.code === 'unreachable-rule')!;
    expect(unreachable.severity).toBe(2);
    expect(unreachable.tags).toEqual([DiagnosticTag.Unnecessary]);
    expect(unreachable.range.start).toEqual(positionOf(RULES, 'when utm_medium in ["cpc", "ppc"]'));
    expect(unreachable.relatedInformation!.map((related) => related.location.range.start.line)).toEqual([4, 5]);
    expect(unreachable.data).toMatchObject({ example: { event: { utm_medium: 'cpc' }, channel: 'Paid Search' }, details: { coveredBy: [0, 1] } });
    expect(unreachable.codeDescription!.href).toMatch(/docs\/diagnostics\.md#unreachable-rule$/);
    expect(diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['overlapping-rule', 'suspicious-regex', 'failed-expectation', 'placeholder-value']));
  });

  it('deletes the unreachable rule, or moves it above the rules that cover it', async () => {
    const { uri, diagnostics } = await analysedDiagnostics(RULES);
    const actions = await fixes(uri, diagnostics.find((d) => d.code === 'unreachable-rule')!);
    expect(actions.map((action) => action.title)).toEqual(['Delete the unreachable rule', 'Move the rule above the rule on line 5 that covers it']);
    expect(applyEdits(RULES, actions[0]!.edit!.changes![uri]!)).toBe(RULES.replace('channel "Paid (never)"\n  when utm_medium in ["cpc", "ppc"]\n\n', ''));
    const moved = applyEdits(RULES, actions[1]!.edit!.changes![uri]!);
    expect(moved).toContain('channel "Paid (never)"\n  when utm_medium in ["cpc", "ppc"]\n\nchannel "Paid Search"\n  when utm_medium = "cpc"');
  });

  it('adds an expectation for the example event of an overlap', async () => {
    const { uri, diagnostics } = await analysedDiagnostics(RULES);
    const overlap = diagnostics.find((d) => d.code === 'overlapping-rule')!;
    const [action] = await fixes(uri, overlap);
    expect(action!.title).toBe('Add an expectation: this event gets "Paid Search"');
    expect(applyEdits(RULES, action!.edit!.changes![uri]!).trimEnd().split('\n').pop()).toBe('expect "Paid Search" for { utm_medium: "cpc", utm_source: "google" }');
  });

  it('escapes the dot of a domain-like regex', async () => {
    const { uri, diagnostics } = await analysedDiagnostics(RULES);
    const [action] = await fixes(uri, diagnostics.find((d) => d.code === 'suspicious-regex')!);
    expect(action!.title).toBe('Write `\\.` to match a literal dot');
    expect(applyEdits(RULES, action!.edit!.changes![uri]!)).toContain('when referrer matches /google\\.com/');
  });

  it('makes a failed expectation expect what the rules do', async () => {
    const { uri, diagnostics } = await analysedDiagnostics(RULES);
    const [action] = await fixes(uri, diagnostics.find((d) => d.code === 'failed-expectation')!);
    expect(applyEdits(RULES, action!.edit!.changes![uri]!)).toContain('expect "Other" for { utm_medium: "newsletter" }');
  });
});
