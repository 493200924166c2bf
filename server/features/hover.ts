// Hover: the engine's Markdown at the cursor. Uses what is ready (the analysis of
// this exact version, the sample as last read, sample counts already computed) and
// never waits for the background work, so it answers at once while an analysis runs
// or a large sample is read.

import type { Hover } from 'vscode-languageserver';
import { hoverAt, type RuleVerdict } from '../../engine/language/hover';
import type { ServerContext } from '../context';
import type { RuleServices } from '../rule-services';
import { tooLargeFor } from '../large-documents';
import { safe } from '../safe-handler';

export function registerHover(context: ServerContext, services: RuleServices): void {
  const { connection, logger, store, analysis } = context;
  connection.onHover(
    safe(logger, 'hover', async (params): Promise<Hover | null> => {
      const uri = params.textDocument.uri;
      const size = store.sizeOf(uri);
      if (size.kind !== 'normal') return { contents: { kind: 'markdown', value: tooLargeFor('hover', size) } };
      const open = store.get(uri);
      if (open === undefined) return null;
      const { rules, version } = open;
      const offset = rules.lines.offset(params.position);
      const done = analysis.completedFor(uri, version);
      const verdicts: RuleVerdict[] | undefined = done === undefined || done.stoppedAtBudget ? undefined : done.verdicts;
      const sample = await context.readySampleFor(uri).catch(() => undefined);
      const counts = services.readyCounts(uri, rules, sample);
      if (sample !== undefined && counts === undefined) void services.sampleCounts(uri, rules, sample).catch(() => undefined);
      const classifier = services.classifier(rules);
      const otherwise = done?.otherwise;
      const result = hoverAt({
        document: rules,
        offset,
        ...(verdicts === undefined ? {} : { verdicts }),
        ...(otherwise === undefined ? {} : { otherwise }),
        analysisPending: analysis.isPending(uri, version),
        classify: (props) => classifier.classify(props),
        ...(sample === undefined ? {} : { profile: sample.profile }),
        ...(counts === undefined ? {} : { sampleCounts: counts }),
      });
      if (result === undefined) return null;
      return { contents: { kind: 'markdown', value: result.markdown }, range: rules.lines.range(result.span) };
    }),
  );
}
