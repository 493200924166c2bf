// The open documents (kept in sync by vscode-languageserver's TextDocuments) and
// their built RulesDocument, one build per version. Files that are not open (the
// workspace check, workspace symbols) are read from disk. A document above the size
// limit (./large-documents) is never built here, on the server's thread: `get` and
// `load` answer undefined for it and `sizeOf` says why.

import { readIfChanged } from './workspace-files';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { buildRulesDocument, type RulesDocument } from '../engine/language/document';
import { LineIndex } from '../engine/text/line-index';
import type { SourceFile } from '../grammar/syntax-tree';
import { documentSize, type DocumentSize } from './large-documents';

/** The tree completion gets for a document too large to parse here, or not built yet: no names from the file. */
const NO_TREE: SourceFile = { kind: 'file', statements: [], span: { start: 0, end: 0 } };

/** Characters: a document no longer than this is built for its first completion (a few milliseconds), a longer one is not. */
export const BUILT_FOR_COMPLETION_MAX = 4096;

export interface OpenDocument {
  uri: string;
  version: number;
  rules: RulesDocument;
}

export class DocumentStore {
  private readonly built = new Map<string, { version: number; rules: RulesDocument }>();
  /** Line indexes of large documents' versions (they have no RulesDocument). */
  private readonly largeLines = new Map<string, { version: number; text: string; lines: LineIndex }>();

  /** `limitFor(uri)`: the document's size limit in characters, known without waiting (channelRules.analysis.maxDocumentSize). */
  constructor(
    readonly documents: TextDocuments<TextDocument>,
    private readonly limitFor: (uri: string) => number = () => Number.POSITIVE_INFINITY,
  ) {}

  /** Whether an open document is above the size limit (`normal` also for documents that are not open). */
  sizeOf(uri: string): DocumentSize {
    const document = this.documents.get(uri);
    return document === undefined ? { kind: 'normal' } : documentSize(document.getText().length, this.limitFor(uri));
  }

  /** The line index of an open document's current version (kept per version for large documents). */
  linesOf(uri: string): LineIndex | undefined {
    const document = this.documents.get(uri);
    if (document === undefined) return undefined;
    if (this.sizeOf(uri).kind === 'normal') return this.get(uri)?.rules.lines;
    const cached = this.largeLines.get(uri);
    const text = document.getText();
    if (cached !== undefined && isCurrent(cached.version, cached.text, document.version, text)) return cached.lines;
    const lines = new LineIndex(text);
    this.largeLines.set(uri, { version: document.version, text, lines });
    return lines;
  }

  /** The open document with its rules built for its current version (undefined above the size limit). */
  get(uri: string): OpenDocument | undefined {
    const document = this.documents.get(uri);
    if (document === undefined) return undefined;
    if (this.sizeOf(uri).kind !== 'normal') {
      this.built.delete(uri);
      return undefined;
    }
    const cached = this.built.get(uri);
    const text = document.getText();
    if (cached !== undefined && isCurrent(cached.version, cached.rules.text, document.version, text)) return { uri, version: document.version, rules: cached.rules };
    const rules = buildRulesDocument(text);
    this.built.set(uri, { version: document.version, rules });
    return { uri, version: document.version, rules };
  }

  /**
   * The current text with the syntax tree of the last built version, without
   * parsing: completion reads the text as typed and only takes names (lists,
   * channels, fields) from the tree, so a tree one keystroke old serves, and typing
   * never waits for a parse of the whole file. Before any version is built (the
   * first completion after opening) a short file is built here, since that costs a
   * few milliseconds; a longer one gets an empty tree, so the answer has no names
   * from the file until something that needs the parse (hover, outline,
   * highlighting) has built it (a 2,000-line file took 300–600 ms to build).
   */
  current(uri: string): { text: string; tree: RulesDocument['parsed']['tree']; lines: LineIndex } | undefined {
    const document = this.documents.get(uri);
    if (document === undefined) return undefined;
    if (this.sizeOf(uri).kind !== 'normal') return { text: document.getText(), tree: NO_TREE, lines: this.linesOf(uri)! };
    const text = document.getText();
    const built = this.built.get(uri);
    if (built === undefined) {
      if (text.length > BUILT_FOR_COMPLETION_MAX) return { text, tree: NO_TREE, lines: new LineIndex(text) };
      const rules = this.get(uri)!.rules;
      return { text, tree: rules.parsed.tree, lines: rules.lines };
    }
    if (isCurrent(built.version, built.rules.text, document.version, text)) return { text, tree: built.rules.parsed.tree, lines: built.rules.lines };
    return { text, tree: built.rules.parsed.tree, lines: new LineIndex(text) };
  }

  /** The last built version, whatever the current one (for comparing old and new text). */
  lastBuilt(uri: string): { version: number; rules: RulesDocument } | undefined {
    return this.built.get(uri);
  }

  forget(uri: string): void {
    this.built.delete(uri);
    this.largeLines.delete(uri);
  }

  isOpen(uri: string): boolean {
    return this.documents.get(uri) !== undefined;
  }

  private readonly onDisk = new Map<string, { mtimeMs: number; size: number; rules: RulesDocument }>();

  /** An open document's rules, else the file read from disk (undefined when unreadable or above the size limit), built again only when it changed. */
  async load(uri: string): Promise<RulesDocument | undefined> {
    if (this.isOpen(uri)) return this.get(uri)?.rules;
    try {
      const known = this.onDisk.get(uri);
      const read = await readIfChanged(uri, known);
      if (read === 'unchanged') return known!.rules;
      if (documentSize(read.text.length, this.limitFor(uri)).kind !== 'normal') {
        this.onDisk.delete(uri);
        return undefined;
      }
      const rules = buildRulesDocument(read.text);
      this.onDisk.set(uri, { mtimeMs: read.mtimeMs, size: read.size, rules });
      return rules;
    } catch {
      this.onDisk.delete(uri);
      return undefined;
    }
  }
}

/**
 * Whether what was kept for a version is the document's now. A client that breaks the
 * protocol and sends a version number again (LSP: versions only increase) gets results
 * for its text, not for the earlier text of that number: the text is compared too,
 * which costs no more than a look when it is the same string, as it is when unchanged.
 */
function isCurrent(keptVersion: number, keptText: string, version: number, text: string): boolean {
  return keptVersion === version && keptText === text;
}
