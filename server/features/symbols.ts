// Outline (document symbols) and workspace symbols (channels and lists of every
// `.channels` file: the open ones as edited, the others as saved on disk).

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver';
import { documentSymbols, matchesQuery, workspaceSymbolsOf, type OutlineKind, type OutlineSymbol } from '../../engine/language/symbols';
import type { LineIndex } from '../../engine/text/line-index';
import type { ServerContext } from '../context';
import { safe } from '../safe-handler';

const KIND: Record<OutlineKind, SymbolKind> = {
  channel: SymbolKind.Class,
  rule: SymbolKind.Event,
  list: SymbolKind.Array,
  otherwise: SymbolKind.Class,
  expectation: SymbolKind.Boolean,
  setting: SymbolKind.Property,
};

const MAX_WORKSPACE_FILES = 2000;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test']);

function toDocumentSymbol(symbol: OutlineSymbol, lines: LineIndex): DocumentSymbol {
  return {
    name: symbol.name === '' ? '""' : symbol.name,
    ...(symbol.detail === undefined ? {} : { detail: symbol.detail }),
    kind: KIND[symbol.kind],
    range: lines.range(symbol.span),
    selectionRange: lines.range(symbol.selectionSpan),
    children: symbol.children.map((child) => toDocumentSymbol(child, lines)),
  };
}

export function registerSymbols(context: ServerContext): void {
  const { connection, logger, store } = context;
  connection.onDocumentSymbol(
    safe(logger, 'documentSymbol', (params) => {
      const open = store.get(params.textDocument.uri);
      if (open === undefined) return null;
      const { rules } = open;
      return documentSymbols(rules.parsed.tree, rules.text).map((symbol) => toDocumentSymbol(symbol, rules.lines));
    }),
  );

  connection.onWorkspaceSymbol(
    safe(logger, 'workspaceSymbol', async (params, token) => {
      const uris = new Set<string>(store.documents.keys().filter((uri) => uri.endsWith('.channels')));
      for (const folder of context.workspaceFolders) {
        if (!folder.startsWith('file:')) continue;
        for (const file of await findRulesFiles(fileURLToPath(folder))) uris.add(pathToFileURL(file).href);
        if (token.isCancellationRequested) return null;
      }
      const results: SymbolInformation[] = [];
      for (const uri of [...uris].sort()) {
        const rules = await store.load(uri);
        if (rules === undefined) continue;
        for (const symbol of workspaceSymbolsOf(rules.parsed.tree)) {
          if (!matchesQuery(symbol.name, params.query)) continue;
          results.push({
            name: symbol.name === '' ? '""' : symbol.name,
            kind: symbol.kind === 'channel' ? SymbolKind.Class : SymbolKind.Array,
            location: { uri, range: rules.lines.range(symbol.selectionSpan) },
            containerName: path.basename(uri),
          });
        }
      }
      return results;
    }),
  );
}

/** Every `.channels` file under a folder (skipping dependency and build folders), up to a limit. */
export async function findRulesFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const queue = [root];
  while (queue.length > 0 && found.length < MAX_WORKSPACE_FILES) {
    const folder = queue.shift()!;
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) queue.push(path.join(folder, entry.name));
      } else if (entry.isFile() && entry.name.endsWith('.channels')) found.push(path.join(folder, entry.name));
    }
  }
  return found.sort();
}
