// When the rules' channel and the data's own agree (SPEC §9: compared ignoring case),
// on its own so that every view of an agreement section (the CLI's tables, the diff's
// counts, the webview's matrix colours) decides it with the engine's Unicode simple case
// folding: lowercasing differs from it (`İ` lowercases to `i̇`; `ſ` folds to `s`).
// Imports only the case folding: the webview bundle uses it.

import { foldCase } from '../semantics/case-fold';

/** Whether two channel names agree (equal ignoring case); `null` (unclassified) agrees with nothing. */
export function channelsAgree(ours: string | null, theirs: string): boolean {
  return ours !== null && foldCase(ours) === foldCase(theirs);
}
