// Folding ranges: engine regions in offsets → line ranges.

import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import { foldingRegions } from '../../engine/language/folding';
import type { ServerContext } from '../context';
import { safe } from '../safe-handler';

export function registerFolding(context: ServerContext): void {
  const { connection, logger, store } = context;
  connection.onFoldingRanges(
    safe(logger, 'foldingRange', (params) => {
      const open = store.get(params.textDocument.uri);
      if (open === undefined) return null;
      const { rules } = open;
      const ranges: FoldingRange[] = [];
      for (const region of foldingRegions(rules.parsed, rules.text)) {
        const startLine = rules.lines.position(region.span.start).line;
        const endLine = rules.lines.position(region.span.end).line;
        if (endLine <= startLine) continue;
        ranges.push({ startLine, endLine, kind: region.kind === 'comment' ? FoldingRangeKind.Comment : FoldingRangeKind.Region });
      }
      return ranges;
    }),
  );
}
