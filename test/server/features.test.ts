// Protocol tests of the structural features: outline, workspace symbols, folding,
// semantic tokens, formatting, navigation and rename, on the bundled server.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DefinitionRequest,
  DocumentFormattingRequest,
  DocumentHighlightRequest,
  DocumentRangeFormattingRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  SemanticTokensRangeRequest,
  SemanticTokensRequest,
  WorkspaceSymbolRequest,
  type DocumentSymbol,
  type Location,
  type SemanticTokensLegend,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { applyEdits, positionOf } from './cursor';
import { FIXTURES, fixtureUri, TestClient } from './lsp-client';

const RULES = fs.readFileSync(path.join(FIXTURES, 'rules.channels'), 'utf8');

let client: TestClient;
beforeAll(async () => {
  client = await TestClient.start({ settings: {} });
});
afterAll(async () => {
  await client.stop();
});

async function open(name: string, text: string): Promise<string> {
  const uri = fixtureUri(name);
  await client.open(uri, text);
  return uri;
}

describe('document symbols', () => {
  it('outlines channels with their rules in order, lists, otherwise and expectations', async () => {
    const uri = await open('symbols.channels', RULES);
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    expect(symbols.map((symbol) => [symbol.name, symbol.detail])).toEqual([
      ['search_sites', '3 values'],
      ['Paid Search', '2 rules'],
      ['Paid (never)', '1 rule'],
      ['Organic Search', '2 rules'],
      ['Email', '1 rule'],
      ['Referral', '2 rules'],
      ['Other', 'otherwise'],
      ['expect "Paid Search"', 'utm_medium'],
      ['expect "Email"', 'utm_medium'],
    ]);
    const paid = symbols[1]!;
    expect(paid.children!.map((rule) => [rule.name, rule.detail])).toEqual([
      ['when utm_medium = "cpc"', 'rule 1 of 8'],
      ['when utm_medium = "ppc"', 'rule 2 of 8'],
    ]);
    expect(paid.range.start).toEqual(positionOf(RULES, 'channel "Paid Search"'));
    expect(paid.selectionRange.start).toEqual(positionOf(RULES, '"Paid Search"'));
  });
});

describe('workspace symbols', () => {
  it('finds channels and lists of open and unopened files by a fuzzy query', async () => {
    await open('workspace-open.channels', 'channel "Affiliates"\n  when utm_medium = "affiliate"\n');
    const found = (await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'afil' })) as { name: string; location: Location }[];
    expect(found.map((symbol) => symbol.name)).toContain('Affiliates');
    const lists = (await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'search_s' })) as { name: string; location: Location }[];
    // rules.channels is not open: it is read from disk.
    expect(lists.some((symbol) => symbol.name === 'search_sites' && symbol.location.uri === fixtureUri('rules.channels'))).toBe(true);
  });
});

describe('folding ranges', () => {
  it('folds channel blocks, multi-line lists and rules, and comment runs', async () => {
    const text = '# one\n# two\nlist a = [\n  "x",\n  "y",\n]\nchannel "A"\n  when x exists\n    or y exists\n  when z exists\n';
    const uri = await open('folding.channels', text);
    const ranges = await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } });
    expect(ranges!.map((range) => [range.startLine, range.endLine, range.kind])).toEqual(
      expect.arrayContaining([
        [0, 1, 'comment'],
        [2, 5, 'region'],
        [6, 9, 'region'],
        [7, 8, 'region'],
      ]),
    );
    expect(ranges).toHaveLength(4);
  });
});

describe('semantic tokens', () => {
  it('tells fields, list names (declared and used), channel names and keywords apart', async () => {
    const text = 'list sites = ["a"]\nchannel "A"\n  when utm_source in sites and not x.`y z` exists\n';
    const uri = await open('tokens.channels', text);
    const legend = client.initializeResult.capabilities.semanticTokensProvider!.legend as SemanticTokensLegend;
    const decode = (data: number[]) => {
      const out: { text: string; type: string; modifiers: string[] }[] = [];
      let line = 0;
      let character = 0;
      const lines = text.split('\n');
      for (let i = 0; i < data.length; i += 5) {
        line += data[i]!;
        character = data[i]! === 0 ? character + data[i + 1]! : data[i + 1]!;
        const modifiers = legend.tokenModifiers.filter((_, bit) => (data[i + 4]! & (1 << bit)) !== 0);
        out.push({ text: lines[line]!.slice(character, character + data[i + 2]!), type: legend.tokenTypes[data[i + 3]!]!, modifiers });
      }
      return out;
    };
    const full = await client.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } });
    expect(decode(full!.data).map((token) => `${token.text}:${token.type}${token.modifiers.map((m) => `+${m}`).join('')}`)).toEqual([
      'list:keyword',
      'sites:variable+declaration+readonly',
      '=:operator',
      '"a":string',
      'channel:keyword',
      '"A":type',
      'when:keyword',
      'utm_source:property',
      'in:keyword',
      'sites:variable+readonly',
      'and:keyword',
      'not:keyword',
      'x:property',
      '`y z`:property',
      'exists:keyword',
    ]);
    const range = await client.connection.sendRequest(SemanticTokensRangeRequest.type, {
      textDocument: { uri },
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 11 } },
    });
    expect(decode(range!.data).map((token) => token.text)).toEqual(['channel', '"A"']);
  });
});

describe('formatting', () => {
  const messy = 'list  a=["x","y"]\nchannel   "A"\n     when utm_source   in a    or x   exists\n';
  it('formats the document to the canonical layout', async () => {
    const uri = await open('format.channels', messy);
    const edits = (await client.connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    })) as TextEdit[];
    expect(applyEdits(messy, edits)).toBe('list a = ["x", "y"]\n\nchannel "A"\n  when utm_source in a or x exists\n');
  });
  it('formats only the statements a range touches', async () => {
    const uri = await open('format-range.channels', messy);
    const edits = (await client.connection.sendRequest(DocumentRangeFormattingRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } },
      options: { tabSize: 2, insertSpaces: true },
    })) as TextEdit[];
    expect(applyEdits(messy, edits)).toBe('list a = ["x", "y"]\nchannel   "A"\n     when utm_source   in a    or x   exists\n');
  });
  it('leaves a file with syntax errors as it is', async () => {
    const uri = await open('format-broken.channels', 'channel "A"\n  when x = \n');
    const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    expect(edits).toEqual([]);
  });
});

describe('definition, references, highlights and rename', () => {
  it('goes from a list use to its declaration', async () => {
    const uri = await open('nav.channels', RULES);
    const locations = (await client.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri },
      position: positionOf(RULES, 'in search_sites', 5),
    })) as Location[];
    expect(locations).toEqual([{ uri, range: { start: positionOf(RULES, 'search_sites'), end: positionOf(RULES, 'search_sites', 12) } }]);
  });

  it('reads a position past the end of a line as the end of that line, not the next line', async () => {
    for (const [name, lineBreak] of [
      ['past-end-lf.channels', '\n'],
      ['past-end-crlf.channels', '\r\n'],
    ] as const) {
      // Line 1 is 21 characters and ends with `in`; the list it names is on line 2.
      const text = ['list sites = ["x"]', 'channel "A" when f in', 'sites', ''].join(lineBreak);
      const uri = await open(name, text);
      const atTheEnd = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 21 } });
      expect(atTheEnd!.range!.start.line).toBe(1);
      for (const character of [22, 23, 500]) {
        const position = { line: 1, character };
        expect(await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position })).toBeNull();
        expect(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position })).toEqual(atTheEnd);
      }
      const onTheList = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: { line: 2, character: 2 } })) as Location[];
      expect(onTheList.map((location) => location.range)).toEqual([{ start: { line: 0, character: 5 }, end: { line: 0, character: 10 } }]);
    }
  });

  it('finds every place a channel is named, with or without the declarations', async () => {
    const uri = await open('nav-refs.channels', RULES);
    const position = positionOf(RULES, '"Paid Search"', 2);
    const all = (await client.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position, context: { includeDeclaration: true } })) as Location[];
    expect(all.map((location) => location.range.start.line)).toEqual([3, 23]);
    const uses = (await client.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position, context: { includeDeclaration: false } })) as Location[];
    expect(uses.map((location) => location.range.start.line)).toEqual([23]);
    const highlights = await client.connection.sendRequest(DocumentHighlightRequest.type, { textDocument: { uri }, position });
    expect(highlights!.map((highlight) => [highlight.range.start.line, highlight.kind])).toEqual([
      [3, 3],
      [23, 2],
    ]);
  });

  it('renames a list everywhere, and refuses a keyword or a taken name', async () => {
    const text = 'list sites = ["a"]\nlist other = ["b"]\nchannel "A"\n  when x in sites or y not in sites\n';
    const uri = await open('rename-list.channels', text);
    const position = positionOf(text, 'in sites', 3);
    const prepared = await client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position });
    expect(prepared).toEqual({ range: { start: position, end: { ...position, character: position.character + 5 } }, placeholder: 'sites' });
    const edit = (await client.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position, newName: 'search_sites' })) as WorkspaceEdit;
    expect(applyEdits(text, edit.changes![uri]!)).toBe(
      'list search_sites = ["a"]\nlist other = ["b"]\nchannel "A"\n  when x in search_sites or y not in search_sites\n',
    );
    await expect(client.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position, newName: 'when' })).rejects.toThrow(/keyword/);
    await expect(client.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position, newName: 'other' })).rejects.toThrow(/already exists/);
  });

  it('refuses to rename a list to the name of an undeclared list that a condition uses', async () => {
    const text = 'list a = ["x"]\nchannel "A" when f in b\nchannel "B" when f in a\n';
    const uri = await open('rename-list-undeclared.channels', text);
    const position = positionOf(text, 'in a', 3);
    await expect(client.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position, newName: 'b' })).rejects.toThrow(
      'A list named b is used (`in b`) but not declared: renaming would make that use name this list.',
    );
  });

  it('renames a channel in its blocks, otherwise and expectations, quoting the new name', async () => {
    const text = 'channel "A"\n  when x exists\nchannel "B"\n  when y exists\nchannel "A"\n  when z exists\nexpect "A" for { x: "1" }\n';
    const uri = await open('rename-channel.channels', text);
    const position = positionOf(text, '"A"', 1);
    const edit = (await client.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position, newName: 'Paid "Social"' })) as WorkspaceEdit;
    expect(applyEdits(text, edit.changes![uri]!)).toBe(text.replaceAll('"A"', '"Paid \\"Social\\""'));
    await expect(client.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position, newName: 'B' })).rejects.toThrow(/merge/);
    expect(await client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position: positionOf(text, 'exists') })).toBeNull();
  });
});
