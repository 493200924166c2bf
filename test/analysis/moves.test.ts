// findMoves (the semantic diff's core): for every (old channel → new channel) pair that
// some event takes, an example both classifiers confirm; none when the two files
// classify every event alike. Checked on hand-made cases and against brute force on
// random pairs of small files.

import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findMoves } from '../../engine/analysis/moves';
import { parseChannels } from '../../grammar/parse';
import { checkRules } from '../../engine/check/check-rules';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import { enumeratedEvents, rulesFile } from './random-rules';

const GA4 = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'ga4-default.channels'), 'utf8');
const checked = (text: string) => checkRules(parseChannels(text), text);

async function moves(before: string, after: string) {
  const result = await findMoves(checked(before), checked(after));
  expect(result.undecided).toEqual([]);
  return result.moves.map((move) => ({ from: move.from, to: move.to, example: move.example }));
}

describe('moves between two rule files', () => {
  it('finds none between a file and itself, or when only comments, spacing and list names change', async () => {
    expect(await moves(GA4, GA4)).toEqual([]);
    const renamed = `# reformatted\n${GA4.replace(/email_tags/g, 'mail_words').replace(/\n\n/g, '\n\n\n')}`;
    expect(await moves(GA4, renamed)).toEqual([]);
  });

  it('finds what moving a rule changes, with examples', async () => {
    const before = 'channel "Referral"\n  when utm_medium = "referral"\nchannel "Email"\n  when utm_source = "email"\notherwise "Other"';
    const after = 'channel "Email"\n  when utm_source = "email"\nchannel "Referral"\n  when utm_medium = "referral"\notherwise "Other"';
    expect(await moves(before, after)).toEqual([{ from: 'Referral', to: 'Email', example: { utm_medium: 'referral', utm_source: 'email' } }]);
  });

  it('reports moves to and from unclassified and otherwise', async () => {
    const before = 'channel "Email"\n  when utm_medium = "email"';
    const after = 'channel "Email"\n  when utm_medium = "email" ignoring case\notherwise "Other"';
    const found = await moves(before, after);
    expect(found).toContainEqual({ from: null, to: 'Email', example: { utm_medium: expect.stringMatching(/^email$/i) } });
    expect(found).toContainEqual({ from: null, to: 'Other', example: {} });
    expect(found.length).toBe(2);
  });

  it('agrees with brute force on random pairs of small files', async () => {
    await fc.assert(
      fc.asyncProperty(rulesFile, rulesFile, async (before, after) => {
        const base = checked(before);
        const head = checked(after);
        const result = await findMoves(base, head);
        expect(result.undecided).toEqual([]);
        const baseClassifier = compileClassifier(base);
        const headClassifier = compileClassifier(head);
        const key = (from: string | null, to: string | null) => JSON.stringify([from, to]);
        const reported = new Set(result.moves.map((move) => key(move.from, move.to)));
        for (const move of result.moves) {
          expect(baseClassifier.channelOf(baseClassifier.classify(move.example))).toBe(move.from);
          expect(headClassifier.channelOf(headClassifier.classify(move.example))).toBe(move.to);
        }
        for (const event of enumeratedEvents(`${before}\n${after}`)) {
          const from = baseClassifier.channelOf(baseClassifier.classify(event));
          const to = headClassifier.channelOf(headClassifier.classify(event));
          if (from !== to) expect(reported.has(key(from, to)), `${JSON.stringify(event)}: ${from} → ${to}\n${before}\n---\n${after}`).toBe(true);
        }
      }),
      { numRuns: Number(process.env.ANALYSIS_PROPERTY_RUNS ?? 40) },
    );
  });
});
