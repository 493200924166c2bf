// The store keeps each open document's rules per version. LSP's versions only increase,
// but a client that sends a number again (or always the same one) must still get
// results for the text it sent, not for the earlier text of that number.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocuments } from 'vscode-languageserver/node';
import { describe, expect, it } from 'vitest';
import { DocumentStore } from '../../server/document-store';

const URI = 'file:///rules.channels';

function storeOf(document: () => TextDocument): DocumentStore {
  return new DocumentStore({ get: (uri: string) => (uri === URI ? document() : undefined) } as unknown as TextDocuments<TextDocument>);
}

describe('the document store', () => {
  it('builds the rules again when a version number comes back with another text', () => {
    let document = TextDocument.create(URI, 'channels', 1, 'channel "A"\n  when a = "x"\n');
    const store = storeOf(() => document);
    expect(store.get(URI)!.rules.checked.rules.map((rule) => rule.channel)).toEqual(['A']);
    // Nothing asked of version 2 before the number 1 comes back with another text.
    document = TextDocument.update(document, [{ text: 'x' }], 2);
    document = TextDocument.update(document, [{ text: 'channel "B"   when g = "h"' }], 1);
    expect(store.get(URI)!.rules.checked.rules.map((rule) => rule.channel)).toEqual(['B']);
    expect(store.linesOf(URI)!.lineCount).toBe(1);
  });

  it('keeps the rules of an unchanged version (the same text is the same string)', () => {
    const document = TextDocument.create(URI, 'channels', 3, 'channel "A"\n  when a = "x"\n');
    const store = storeOf(() => document);
    expect(store.get(URI)!.rules).toBe(store.get(URI)!.rules);
  });
});
