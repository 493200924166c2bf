// The case-folding table (./case-folding-data, generated) as its pairs: [code point,
// representative, code point, representative, …], sorted by code point. The table is
// stored as runs of alike pairs, a fifth of the pairs' size in every web bundle that
// folds case; they are expanded once, when this module loads.

import { CASE_FOLDING_RUNS } from './case-folding-data';

export const CASE_FOLDING_PAIRS: readonly number[] = pairsOf(CASE_FOLDING_RUNS);

/** Runs of [gap from the previous code point, representative − code point, pairs in the run]. */
function pairsOf(runs: readonly number[]): number[] {
  const pairs: number[] = [];
  let codePoint = 0;
  for (let i = 0; i < runs.length; i += 3) {
    for (let n = 0; n < runs[i + 2]!; n++) {
      codePoint += runs[i]!;
      pairs.push(codePoint, codePoint + runs[i + 1]!);
    }
  }
  return pairs;
}
