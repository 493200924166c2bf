// Document and range formatting through the engine's formatter. A file with syntax
// errors is left as it is (no edits) rather than guessed at.

import { ResponseError, type TextEdit } from 'vscode-languageserver';
import { formatDocumentEdits, formatRangeEdits } from '../../engine/format/format-edits';
import type { ServerContext } from '../context';
import { tooLargeFor } from '../large-documents';
import { safe } from '../safe-handler';

/** Formatting a document above the size limit is refused with the reason (the editor shows it). */
function refusal(context: ServerContext, uri: string): ResponseError<void> | undefined {
  const size = context.store.sizeOf(uri);
  return size.kind === 'normal' ? undefined : new ResponseError(-32803 /* RequestFailed */, tooLargeFor('formatting', size));
}

export function registerFormatting(context: ServerContext): void {
  const { connection, logger, store } = context;
  connection.onDocumentFormatting(
    safe(logger, 'formatting', (params): TextEdit[] | null | ResponseError<void> => {
      const refused = refusal(context, params.textDocument.uri);
      if (refused !== undefined) return refused;
      const open = store.get(params.textDocument.uri);
      if (open === undefined) return null;
      const { rules } = open;
      const edits = formatDocumentEdits(rules.text, rules.parsed);
      return edits === undefined ? [] : edits.map((edit) => ({ range: rules.lines.range(edit.span), newText: edit.newText }));
    }),
  );
  connection.onDocumentRangeFormatting(
    safe(logger, 'rangeFormatting', (params): TextEdit[] | null | ResponseError<void> => {
      const refused = refusal(context, params.textDocument.uri);
      if (refused !== undefined) return refused;
      const open = store.get(params.textDocument.uri);
      if (open === undefined) return null;
      const { rules } = open;
      const span = { start: rules.lines.offset(params.range.start), end: rules.lines.offset(params.range.end) };
      const edits = formatRangeEdits(rules.text, rules.parsed, span);
      return edits === undefined ? [] : edits.map((edit) => ({ range: rules.lines.range(edit.span), newText: edit.newText }));
    }),
  );
}
