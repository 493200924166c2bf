// `channelRules/diff`: "Compare with…" asks for the semantic diff of two versions.
// It runs where the analysis runs (server/analyser*: a worker thread, the analysis
// web worker); cancelling the request stops it.

import { DIFF_REQUEST, type DiffParams, type DiffResult } from '../custom-protocol';
import type { ServerContext } from '../context';
import { safe } from '../safe-handler';

export function registerDiff(context: ServerContext): void {
  const { connection, logger, analyser } = context;
  connection.onRequest(
    DIFF_REQUEST,
    safe(logger, 'diff', async (params: DiffParams, token): Promise<DiffResult> => {
      const running = analyser.diff(params);
      const listener = token.onCancellationRequested(() => running.cancel());
      try {
        return await running.result;
      } finally {
        listener.dispose();
      }
    }, { error: 'the diff failed (see the Channel Rules output)' }),
  );
}
