// Outline (document symbols) and workspace symbols (channels and lists of every
// `.channels` file: the open ones as edited, the others as saved on disk).

import { SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver';
import { documentSymbols, matchesQuery, workspaceSymbolsOf, type OutlineKind, type OutlineSymbol } from '../../engine/language/symbols';
import type { LineIndex } from '../../engine/text/line-index';
import type { ServerContext } from '../context';
import { safe } from '../safe-handler';
import { fileNameOf } from '../file-uris';
import { workspaceRulesFiles } from '../workspace-rules-files';

const KIND: Record<OutlineKind, SymbolKind> = {
  channel: SymbolKind.Class,
  rule: SymbolKind.Event,
  list: SymbolKind.Array,
  otherwise: SymbolKind.Class,
  expectation: SymbolKind.Boolean,
  setting: SymbolKind.Property,
};

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
      const uris = await workspaceRulesFiles(store.documents.keys(), context.workspaceFolders, () => token.isCancellationRequested);
      if (uris === undefined) return null;
      const results: SymbolInformation[] = [];
      for (const uri of uris) {
        const rules = await store.load(uri);
        if (rules === undefined) continue;
        for (const symbol of workspaceSymbolsOf(rules.parsed.tree)) {
          if (!matchesQuery(symbol.name, params.query)) continue;
          results.push({
            name: symbol.name === '' ? '""' : symbol.name,
            kind: symbol.kind === 'channel' ? SymbolKind.Class : SymbolKind.Array,
            location: { uri, range: rules.lines.range(symbol.selectionSpan) },
            containerName: fileNameOf(uri),
          });
        }
      }
      return results;
    }),
  );
}
