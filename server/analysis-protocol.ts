// Messages between the server and its analysis worker (./analysis-worker).

import type { PortableAnalysis } from '../engine/language/document-analysis';

export type ToAnalysisWorker =
  | {
      kind: 'analyse';
      run: number;
      uri: string;
      text: string;
      timeBudgetMs: number;
      fileName: string;
      /** Keep the engine's facts for the next run of this document (open documents). */
      keep: boolean;
    }
  | { kind: 'cancel'; run: number }
  | { kind: 'forget'; uri: string };

export type FromAnalysisWorker =
  | { kind: 'done'; run: number; analysis: PortableAnalysis }
  | { kind: 'cancelled'; run: number }
  | { kind: 'failed'; run: number; error: string };

/** Shared memory: slot 0 holds the id of a run to stop now (read by the running analysis at each yield). */
export const CANCEL_SLOT = 0;
