// `channelRules/diff`: "Compare with…" asks for the semantic diff of two versions.
// It runs where the analysis runs (server/analyser*: a worker thread, the analysis
// web worker); cancelling the request stops it. Its sample events are read with the
// document's reading settings, as the preview reads them.

import { LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { CancelledError } from '../../engine/cancellation';
import { DIFF_REQUEST, type DiffParams, type DiffResult } from '../custom-protocol';
import type { ServerContext } from '../context';
import { invalidParams, isString, objectWith, oneOf, optional, requestByName, type ParamCheck } from '../request-params';
import { safe } from '../safe-handler';
import { samplePathProblem } from '../sample-path';
import { eventSourceOptionsOf } from '../sample-store-types';
import type { EventSourceOptions } from '../../engine/events/event-source';

/** `sample`: `{ path }` (absolute: the server reads it) or `{ text, format }`, never both. */
const sampleSource: ParamCheck = (value, field) => {
  const shape = objectWith({ path: optional(isString), text: optional(isString) })(value, field);
  if (shape !== undefined) return shape;
  const { path, text } = value as { path?: string; text?: string };
  if (path !== undefined && text !== undefined) return `${field} has both path and text; send one`;
  if (path !== undefined) {
    const problem = samplePathProblem(path);
    return problem === undefined ? undefined : `${field}.path ${problem}`;
  }
  if (text === undefined) return `${field} must have path or text`;
  return objectWith({ format: oneOf(['ndjson', 'json', 'csv']) })(value, field);
};

const DIFF_PARAMS = objectWith({
  uri: isString,
  baseText: isString,
  headText: isString,
  baseLabel: isString,
  sample: optional(sampleSource),
  against: optional(isString),
});

/** LSP's answer to a request its client cancelled (the panel drops a diff it no longer wants, whatever it is). */
function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'the diff was cancelled');
}

export function registerDiff(context: ServerContext): void {
  const { connection, logger, analyser } = context;
  connection.onRequest(
    requestByName<DiffResult>(DIFF_REQUEST),
    safe(logger, 'diff', async (untrusted: unknown, token): Promise<DiffResult | ResponseError<void>> => {
      const refusal = invalidParams(DIFF_REQUEST, untrusted, DIFF_PARAMS);
      if (refusal !== undefined) return refusal;
      const params = untrusted as DiffParams;
      // The sample is read as the preview reads it: the document's channelRules.eventSource, fieldMap and timeUnit.
      let sampleEventFields: EventSourceOptions | undefined;
      if (params.sample !== undefined) {
        const reading = eventSourceOptionsOf(await context.settings.get(params.uri));
        if (typeof reading === 'string') return { error: `channelRules.eventSource / fieldMap / timeUnit: ${reading}` };
        sampleEventFields = reading;
      }
      if (token.isCancellationRequested) return cancelled();
      const running = analyser.diff(params, sampleEventFields);
      const listener = token.onCancellationRequested(() => running.cancel());
      try {
        const result = await running.result;
        return token.isCancellationRequested ? cancelled() : result;
      } catch (error) {
        if (error instanceof CancelledError) return cancelled();
        throw error;
      } finally {
        listener.dispose();
      }
    }, { error: 'the diff failed (see the Channel Rules output)' }),
  );
}
