// The open documents (kept in sync by vscode-languageserver's TextDocuments) and
// their built RulesDocument, one build per version. Files that are not open (the
// workspace check, workspace symbols) are read from disk.

import { readIfChanged } from './workspace-files';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { buildRulesDocument, type RulesDocument } from '../engine/language/document';
import { LineIndex } from '../engine/text/line-index';

export interface OpenDocument {
  uri: string;
  version: number;
  rules: RulesDocument;
}

export class DocumentStore {
  private readonly built = new Map<string, { version: number; rules: RulesDocument }>();

  constructor(readonly documents: TextDocuments<TextDocument>) {}

  /** The open document with its rules built for its current version. */
  get(uri: string): OpenDocument | undefined {
    const document = this.documents.get(uri);
    if (document === undefined) return undefined;
    const cached = this.built.get(uri);
    if (cached !== undefined && cached.version === document.version) return { uri, version: document.version, rules: cached.rules };
    const rules = buildRulesDocument(document.getText());
    this.built.set(uri, { version: document.version, rules });
    return { uri, version: document.version, rules };
  }

  /**
   * The current text with the syntax tree of the last built version, without
   * parsing: completion reads the text as typed and only takes names (lists,
   * channels, fields) from the tree, so a tree one keystroke old serves, and typing
   * never waits for a parse of the whole file.
   */
  current(uri: string): { text: string; tree: RulesDocument['parsed']['tree']; lines: LineIndex } | undefined {
    const document = this.documents.get(uri);
    if (document === undefined) return undefined;
    const built = this.built.get(uri);
    if (built === undefined || built.version === document.version) {
      const rules = this.get(uri)!.rules;
      return { text: rules.text, tree: rules.parsed.tree, lines: rules.lines };
    }
    const text = document.getText();
    return { text, tree: built.rules.parsed.tree, lines: new LineIndex(text) };
  }

  /** The last built version, whatever the current one (for comparing old and new text). */
  lastBuilt(uri: string): { version: number; rules: RulesDocument } | undefined {
    return this.built.get(uri);
  }

  forget(uri: string): void {
    this.built.delete(uri);
  }

  isOpen(uri: string): boolean {
    return this.documents.get(uri) !== undefined;
  }

  private readonly onDisk = new Map<string, { mtimeMs: number; size: number; rules: RulesDocument }>();

  /** An open document's rules, else the file read from disk (undefined when unreadable), built again only when it changed. */
  async load(uri: string): Promise<RulesDocument | undefined> {
    const open = this.get(uri);
    if (open !== undefined) return open.rules;
    try {
      const known = this.onDisk.get(uri);
      const read = await readIfChanged(uri, known);
      if (read === 'unchanged') return known!.rules;
      const rules = buildRulesDocument(read.text);
      this.onDisk.set(uri, { mtimeMs: read.mtimeMs, size: read.size, rules });
      return rules;
    } catch {
      this.onDisk.delete(uri);
      return undefined;
    }
  }
}
