// Code lenses above each channel block: how many sample events its rules classify
// (when sample events are configured or found beside the file); and once, above the
// first channel, "Open Preview" (in clients that have the preview command, i.e. the
// VS Code extension). The counts are of the sample as last read: while the first
// read runs there are none, and the server asks the client to refresh its code
// lenses when it is done (./server).

import type { CodeLens } from 'vscode-languageserver';
import { percent } from '../../engine/language/percent';
import { OPEN_PREVIEW_COMMAND } from '../custom-protocol';
import type { ServerContext } from '../context';
import type { RuleServices } from '../rule-services';
import { safe } from '../safe-handler';

export function registerCodeLens(context: ServerContext, services: RuleServices, options: { previewCommand: boolean }): void {
  const { connection, logger, store } = context;
  connection.onCodeLens(
    safe(logger, 'codeLens', async (params): Promise<CodeLens[] | null> => {
      const uri = params.textDocument.uri;
      const open = store.get(uri);
      if (open === undefined) return null;
      const { rules } = open;
      const sample = await context.readySampleFor(uri).catch(() => undefined);
      const counts = sample === undefined ? undefined : await services.sampleCounts(uri, rules, sample);
      const checkedByStart = new Map(rules.checked.rules.map((rule) => [rule.span.start, rule.index]));
      const lenses: CodeLens[] = [];
      let first = true;
      for (const statement of rules.parsed.tree.statements) {
        if (statement.kind !== 'channel') continue;
        const range = rules.lines.range(statement.keyword);
        if (counts !== undefined && sample !== undefined) {
          let got = 0;
          for (const rule of statement.rules) {
            const index = checkedByStart.get(rule.span.start);
            if (index !== undefined) got += counts.perRule[index] ?? 0;
          }
          const share = percent(got, counts.total);
          const title = `${got.toLocaleString('en-US')} sample event${got === 1 ? '' : 's'} (${share})`;
          lenses.push({
            range,
            command: options.previewCommand ? { title, command: OPEN_PREVIEW_COMMAND, arguments: [uri] } : { title, command: '' },
          });
        }
        if (options.previewCommand && first) lenses.push({ range, command: { title: 'Open Preview', command: OPEN_PREVIEW_COMMAND, arguments: [uri] } });
        first = false;
      }
      return lenses;
    }),
  );
}
