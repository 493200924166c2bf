// Go to definition, find references, document highlights and rename for list and
// channel names (file-local: each rules file is its own classifier).

import { DocumentHighlightKind, ResponseError, type Location, type WorkspaceEdit } from 'vscode-languageserver';
import { definitionsOf, occurrencesOf, prepareRename, renameEdits, symbolAt } from '../../engine/language/references';
import type { ServerContext } from '../context';
import { safe } from '../safe-handler';

export function registerNavigation(context: ServerContext): void {
  const { connection, logger, store } = context;
  const at = (uri: string, position: { line: number; character: number }) => {
    const open = store.get(uri);
    if (open === undefined) return undefined;
    return { rules: open.rules, offset: open.rules.lines.offset(position) };
  };

  connection.onDefinition(
    safe(logger, 'definition', (params): Location[] | null => {
      const found = at(params.textDocument.uri, params.position);
      if (found === undefined) return null;
      const symbol = symbolAt(found.rules.parsed.tree, found.offset);
      if (symbol === undefined) return null;
      return definitionsOf(found.rules.parsed.tree, symbol.symbol).map((span) => ({ uri: params.textDocument.uri, range: found.rules.lines.range(span) }));
    }),
  );

  connection.onReferences(
    safe(logger, 'references', (params): Location[] | null => {
      const found = at(params.textDocument.uri, params.position);
      if (found === undefined) return null;
      const symbol = symbolAt(found.rules.parsed.tree, found.offset);
      if (symbol === undefined) return null;
      return occurrencesOf(found.rules.parsed.tree, symbol.symbol)
        .filter((occurrence) => params.context.includeDeclaration || !occurrence.declaration)
        .map((occurrence) => ({ uri: params.textDocument.uri, range: found.rules.lines.range(occurrence.span) }));
    }),
  );

  connection.onDocumentHighlight(
    safe(logger, 'documentHighlight', (params) => {
      const found = at(params.textDocument.uri, params.position);
      if (found === undefined) return null;
      const symbol = symbolAt(found.rules.parsed.tree, found.offset);
      if (symbol === undefined) return null;
      return occurrencesOf(found.rules.parsed.tree, symbol.symbol).map((occurrence) => ({
        range: found.rules.lines.range(occurrence.span),
        kind: occurrence.declaration ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
      }));
    }),
  );

  connection.onPrepareRename(
    safe(logger, 'prepareRename', (params) => {
      const found = at(params.textDocument.uri, params.position);
      if (found === undefined) return null;
      const prepared = prepareRename(found.rules.parsed.tree, found.offset);
      return prepared === undefined ? null : { range: found.rules.lines.range(prepared.span), placeholder: prepared.placeholder };
    }),
  );

  // Not wrapped in `safe`: a refused rename answers with an error the editor shows.
  connection.onRenameRequest(async (params): Promise<WorkspaceEdit | null | ResponseError<void>> => {
    try {
      const found = at(params.textDocument.uri, params.position);
      if (found === undefined) return null;
      const result = renameEdits(found.rules.parsed.tree, found.offset, params.newName);
      if ('error' in result) return new ResponseError(-32803 /* RequestFailed */, result.error);
      return {
        changes: {
          [params.textDocument.uri]: result.edits.map((edit) => ({ range: found.rules.lines.range(edit.span), newText: edit.newText })),
        },
      };
    } catch (error) {
      logger.error(`rename failed: ${(error as Error)?.stack ?? String(error)}`);
      return null;
    }
  });
}
