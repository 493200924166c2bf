// Resuming from a previous analysis (the language server's case) gives exactly what a
// fresh analysis gives, reuses the unchanged prefix, and the analysis can be cancelled
// and lets the event loop run while it works.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CancellationSource, CancelledError, type CancellationToken } from '../../engine/cancellation';
import type { RuleListAnalysis } from '../../engine/analysis/analyze-rules';
import { analyse } from './analysis-support';

const GA4 = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'ga4-default.channels'), 'utf8');

/** The facts without the boxes (internal), for comparing two analyses. */
function summary(analysis: RuleListAnalysis) {
  return {
    rules: analysis.rules.map((facts) => ({
      key: facts.key,
      status: facts.status,
      coveredBy: facts.coveredBy,
      example: facts.example?.event,
      overlaps: facts.overlaps.map((overlap) => ({ channel: overlap.channel, rules: overlap.rules, examples: overlap.examples.map((example) => example.event) })),
      redundant: facts.redundant,
      incomplete: facts.incomplete,
    })),
    otherwise: { status: analysis.otherwise.status, example: analysis.otherwise.example?.event },
  };
}

describe('resuming from a previous analysis', () => {
  it('reuses the prefix before an edit near the end and agrees with a fresh run', async () => {
    const before = await analyse(GA4);
    const editedText = GA4.replace('when utm_medium contains "mobile"', 'when utm_medium contains "mobil"');
    const resumed = await analyse(editedText, { previous: before.analysis });
    const fresh = await analyse(editedText);
    const edited = resumed.checked.rules.findIndex((rule) => editedText.slice(rule.span.start, rule.span.end).includes('"mobil"'));
    expect(resumed.analysis.reused).toBe(edited);
    expect(fresh.analysis.reused).toBe(0);
    expect(summary(resumed.analysis)).toEqual(summary(fresh.analysis));
    expect(resumed.diagnostics).toEqual(fresh.diagnostics);
  });

  it('reuses everything when only comments and spacing change, with the new positions', async () => {
    const before = await analyse(GA4);
    const shifted = `# a comment above everything\n\n${GA4}`;
    const resumed = await analyse(shifted, { previous: before.analysis });
    const fresh = await analyse(shifted);
    expect(resumed.analysis.reused).toBe(resumed.checked.rules.length);
    expect(resumed.diagnostics).toEqual(fresh.diagnostics);
  });

  it('starts again when a field changes domain (a case-sensitive test appears)', async () => {
    const before = await analyse(GA4);
    const text = GA4.replace('otherwise "Unassigned"', 'channel "Exact"\n  when utm_medium = "CPC" matching case\notherwise "Unassigned"');
    const resumed = await analyse(text, { previous: before.analysis });
    expect(resumed.analysis.reused).toBe(0);
    expect(summary(resumed.analysis)).toEqual(summary((await analyse(text)).analysis));
  });
});

describe('cancellation', () => {
  it('stops with CancelledError when the token is already cancelled', async () => {
    const source = new CancellationSource();
    source.cancel();
    await expect(analyse(GA4, { token: source })).rejects.toBeInstanceOf(CancelledError);
  });

  it('stops part way when cancelled while running, and yields to the event loop meanwhile', async () => {
    let polls = 0;
    const token: CancellationToken = {
      get isCancellationRequested() {
        return ++polls > 5;
      },
    };
    await expect(analyse(GA4, { token })).rejects.toBeInstanceOf(CancelledError);

    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      await analyse(GA4, { token: new CancellationSource(), limits: {} });
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
  });
});
