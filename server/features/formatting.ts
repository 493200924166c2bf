// Document and range formatting through the engine's formatter. A file with syntax
// errors is left as it is (no edits) rather than guessed at.

import type { TextEdit } from 'vscode-languageserver';
import { formatDocumentEdits, formatRangeEdits } from '../../engine/format/format-edits';
import type { ServerContext } from '../context';
import { safe } from '../safe-handler';

export function registerFormatting(context: ServerContext): void {
  const { connection, logger, store } = context;
  connection.onDocumentFormatting(
    safe(logger, 'formatting', (params): TextEdit[] | null => {
      const open = store.get(params.textDocument.uri);
      if (open === undefined) return null;
      const { rules } = open;
      const edits = formatDocumentEdits(rules.text, rules.parsed);
      return edits === undefined ? [] : edits.map((edit) => ({ range: rules.lines.range(edit.span), newText: edit.newText }));
    }),
  );
  connection.onDocumentRangeFormatting(
    safe(logger, 'rangeFormatting', (params): TextEdit[] | null => {
      const open = store.get(params.textDocument.uri);
      if (open === undefined) return null;
      const { rules } = open;
      const span = { start: rules.lines.offset(params.range.start), end: rules.lines.offset(params.range.end) };
      const edits = formatRangeEdits(rules.text, rules.parsed, span);
      return edits === undefined ? [] : edits.map((edit) => ({ range: rules.lines.range(edit.span), newText: edit.newText }));
    }),
  );
}
