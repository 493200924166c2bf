// A regex's automata are charged to the analysis's budget once made. When that charge is
// refused, the rule asking is left undecided, the budget stays open for smaller questions
// (engine/analysis/regions: RAN_OUT_CHARGE), and the automata made are kept: the later
// questions about the same regex do not make them again.

import { describe, expect, it, vi } from 'vitest';
import * as regexLanguage from '../../engine/analysis/regex-language';
import { analyse } from './analysis-support';

vi.mock('../../engine/analysis/regex-language', async (importOriginal) => {
  const original = await importOriginal<typeof regexLanguage>();
  return { ...original, regexSearchLanguage: vi.fn(original.regexSearchLanguage) };
});

/** Remembers the 12th character from the end: a deterministic automaton of 2^12 states, charged more than 4,096 steps. */
const BIG = '/^[ab]*a[ab]{11}$/';

describe('a large automaton refused by the overall budget', () => {
  it('leaves the rules after it decided', async () => {
    const big = BIG;
    const text = [
      `channel "A"\n  when a matches ${big}\n`,
      'channel "C"\n  when b = "x"\n',
      'channel "D"\n  when b = "x"\n',
    ].join('\n');
    const { analysis } = await analyse(text, { limits: { maxStepsTotal: 4_000 } });
    expect(analysis.rules[0]!.incomplete.join('\n')).toContain('overall budget of 4,000 steps ran out');
    expect(analysis.rules.at(-1)!.status).toBe('unreachable');
    expect(analysis.rules.at(-1)!.coveredBy).toEqual([1]);
  });

  it('is made once for all the rules that ask for it', async () => {
    const text = Array.from({ length: 4 }, (_, k) => `channel "A${k}"\n  when a matches ${BIG} and e = "${k}"\n`).join('\n');
    const made = vi.mocked(regexLanguage.regexSearchLanguage);
    made.mockClear();
    const { analysis } = await analyse(text, { limits: { maxStepsTotal: 4_000 } });
    expect(analysis.rules[0]!.incomplete.join('\n')).toContain('overall budget of 4,000 steps ran out');
    expect(made.mock.calls.filter(([source]) => source.includes('[ab]{11}'))).toHaveLength(1);
  });
});
