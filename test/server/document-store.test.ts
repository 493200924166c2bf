// The store keeps each open document's rules per version. LSP's versions only increase,
// but a client that sends a number again (or always the same one) must still get
// results for the text it sent, not for the earlier text of that number.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocuments } from 'vscode-languageserver/node';
import { describe, expect, it, vi } from 'vitest';
import { completeAt } from '../../engine/language/completion';
import { BUILT_FOR_COMPLETION_MAX, DocumentStore } from '../../server/document-store';

// Counts the full builds (parse and check of the whole text), the work completion must
// not do on its request's path for a long document.
const builds = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../engine/language/document', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../engine/language/document')>();
  return {
    ...original,
    buildRulesDocument: (text: string) => {
      builds.count++;
      return original.buildRulesDocument(text);
    },
  };
});

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

  it('answers the first completion of a long document without building it, then with the last built names', () => {
    const head = 'list sites = ["a.com"]\nchannel "Paid"\n  when utm_medium = "cpc"\n';
    const text = head + '# a long comment\n'.repeat(BUILT_FOR_COMPLETION_MAX / 16) + 'expect ';
    expect(text.length).toBeGreaterThan(BUILT_FOR_COMPLETION_MAX);
    let document = TextDocument.create(URI, 'channels', 1, text);
    const store = storeOf(() => document);
    builds.count = 0;
    const first = store.current(URI)!;
    expect(builds.count).toBe(0);
    expect(first.text).toBe(text);
    expect(first.lines.offset(first.lines.position(text.length))).toBe(text.length);
    // Keywords and fields from the text as typed; no names from the file, which is not parsed yet.
    const labels = completeAt({ text: first.text, offset: text.length, tree: first.tree }).map((entry) => entry.label);
    expect(labels).toContain('unclassified');
    expect(labels).not.toContain('"Paid"');
    expect(builds.count).toBe(0);

    store.get(URI);
    expect(builds.count).toBe(1);
    document = TextDocument.update(document, [{ text: text + '"' }], 2);
    const next = store.current(URI)!;
    expect(builds.count).toBe(1);
    expect(next.text).toBe(text + '"');
    expect(completeAt({ text: next.text, offset: next.text.length, tree: next.tree }).map((entry) => entry.label)).toContain('"Paid"');
  });

  it('builds a short document for its first completion, which then has the names from the file', () => {
    const text = 'channel "Paid"\n  when utm_medium = "cpc"\nexpect ';
    const document = TextDocument.create(URI, 'channels', 1, text);
    const store = storeOf(() => document);
    builds.count = 0;
    const first = store.current(URI)!;
    expect(builds.count).toBe(1);
    expect(completeAt({ text: first.text, offset: text.length, tree: first.tree }).map((entry) => entry.label)).toContain('"Paid"');
    store.current(URI);
    expect(builds.count).toBe(1);
  });
});
