// GA4 channel groups in and out: random groups, imported, classify every random event
// as an independent implementation of GA4's documented matching does
// (./support/random-ga4); and export then import gives back an equivalent file, by the
// project's own semantic diff (engine/diff: no moves).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRulesText } from '../../cli/load-rules';
import { diffRules } from '../../engine/diff/diff-rules';
import type { EventProps } from '../../engine/events/event';
import { exportGa4ChannelGroup } from '../../engine/import/ga4/export-ga4';
import { importGa4ChannelGroup } from '../../engine/import/ga4/import-ga4';
import { channelGroupArbitrary, eventsArbitrary, ga4Channel, smallChannelGroupArbitrary } from './support/random-ga4';

function classify(rulesText: string, events: Record<string, string | null>[]): (string | null)[] {
  const loaded = compileRulesText('imported.channels', rulesText);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return events.map((event) => loaded.classifier.channelOf(loaded.classifier.classify(event as EventProps)));
}

export function exportText(rulesText: string, name = 'Round trip'): string {
  const loaded = compileRulesText('rules.channels', rulesText);
  const group = exportGa4ChannelGroup(loaded.checked, { name, fileName: 'rules.channels', text: rulesText, lineOf: (offset) => loaded.lineIndex.position(offset).line + 1 });
  return JSON.stringify(group, null, 2);
}

describe('GA4 channel groups', () => {
  it('imported, classify as GA4 does', () => {
    fc.assert(
      fc.property(channelGroupArbitrary, eventsArbitrary, (group, events) => {
        const rules = importGa4ChannelGroup(JSON.stringify(group), { fileName: 'group.json' });
        const expected = events.map((event) => ga4Channel(group, event));
        expect(classify(rules, events)).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('exported and imported again, are the same rules (no moves in the semantic diff)', async () => {
    await fc.assert(
      fc.asyncProperty(smallChannelGroupArbitrary, eventsArbitrary, async (group, events) => {
        const first = importGa4ChannelGroup(JSON.stringify(group), { fileName: 'group.json' });
        // Channels repeated apart cannot be exported (a refusal tested elsewhere).
        const names = group.groupingRule.map((rule) => rule.displayName);
        if (names.some((name, i) => names.indexOf(name) !== i && names[i - 1] !== name)) return;
        const second = importGa4ChannelGroup(exportText(first), { fileName: 'exported.json' });
        const diff = await diffRules(compileRulesText('first.channels', first), compileRulesText('second.channels', second));
        expect(diff.moves).toEqual([]);
        // Where the analysis stopped at its budget (it says so), the random events decide.
        if (!diff.complete) expect(classify(second, events)).toEqual(classify(first, events));
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
