// `channelRules/diff`: "Compare with…" asks for the semantic diff of two versions.
// It runs where the analysis runs (server/analyser*: a worker thread, the analysis
// web worker); cancelling the request stops it. Its sample events are read with the
// document's reading settings, as the preview reads them.

import { DIFF_REQUEST, type DiffParams, type DiffResult } from '../custom-protocol';
import type { ServerContext } from '../context';
import { safe } from '../safe-handler';
import { eventSourceOptionsOf } from '../sample-store-types';
import type { EventSourceOptions } from '../../engine/events/event-source';

export function registerDiff(context: ServerContext): void {
  const { connection, logger, analyser } = context;
  connection.onRequest(
    DIFF_REQUEST,
    safe(logger, 'diff', async (params: DiffParams, token): Promise<DiffResult> => {
      // The sample is read as the preview reads it: the document's channelRules.eventSource, fieldMap and timeUnit.
      let sampleEventFields: EventSourceOptions | undefined;
      if (params.sample !== undefined) {
        const reading = eventSourceOptionsOf(await context.settings.get(params.uri));
        if (typeof reading === 'string') return { error: `channelRules.eventSource / fieldMap / timeUnit: ${reading}` };
        sampleEventFields = reading;
      }
      const running = analyser.diff(params, sampleEventFields);
      const listener = token.onCancellationRequested(() => running.cancel());
      try {
        return await running.result;
      } finally {
        listener.dispose();
      }
    }, { error: 'the diff failed (see the Channel Rules output)' }),
  );
}
