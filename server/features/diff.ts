// `channelRules/diff`: "Compare with…" asks for the semantic diff of two versions.
// It runs where the analysis runs (server/analyser*: a worker thread, the analysis
// web worker); cancelling the request stops it. Its sample events are read with the
// document's reading settings, as the preview reads them; a sample named by URI (in
// the browser, and a file of a virtual file system in desktop VS Code) is read
// through the client first, its bytes and path handed to the engine's byte readers
// (engine/report/report-bytes), never decoded as text here.

import { LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { CancelledError } from '../../engine/cancellation';
import { DIFF_REQUEST, type DiffParams, type DiffResult } from '../custom-protocol';
import type { ServerContext } from '../context';
import { invalidParams, isString, objectWith, oneOf, optional, requestByName, type ParamCheck } from '../request-params';
import { safe } from '../safe-handler';
import { sampleBytesFromClient } from '../sample-bytes-from-client';
import { samplePathProblem } from '../sample-path';
import { eventSourceOptionsOf } from '../sample-store-types';
import type { EventSourceOptions } from '../../engine/events/event-source';
import type { DiffJobParams } from '../worker-protocol';

/** `sample`: `{ path }` (absolute: the server reads it), `{ text, format }` or `{ uri }` (read through the client), one of them. */
const sampleSource: ParamCheck = (value, field) => {
  const shape = objectWith({ path: optional(isString), text: optional(isString), uri: optional(isString) })(value, field);
  if (shape !== undefined) return shape;
  const { path, text, uri } = value as { path?: string; text?: string; uri?: string };
  const given = [path === undefined ? [] : ['path'], text === undefined ? [] : ['text'], uri === undefined ? [] : ['uri']].flat();
  if (given.length > 1) return `${field} has ${given.length === 2 ? 'both ' : ''}${given.slice(0, -1).join(', ')} and ${given.at(-1)}; send one`;
  if (path !== undefined) {
    const problem = samplePathProblem(path);
    return problem === undefined ? undefined : `${field}.path ${problem}`;
  }
  if (uri !== undefined) return URL.canParse(uri) ? undefined : `${field}.uri must be a URI`;
  if (text === undefined) return `${field} must have path, text or uri`;
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
      let job: DiffJobParams;
      if (params.sample !== undefined && 'uri' in params.sample) {
        try {
          const { bytes, name } = await sampleBytesFromClient(connection, params.sample.uri, token);
          job = { ...params, sample: { bytes, name } };
        } catch (error) {
          if (error instanceof CancelledError) return cancelled();
          return { error: (error as Error).message };
        }
      } else job = { ...params, sample: params.sample };
      if (token.isCancellationRequested) return cancelled();
      const running = analyser.diff(job, sampleEventFields);
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
