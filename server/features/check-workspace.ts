// `channelRules/checkWorkspace`: every `.channels` file of the workspace folders is
// checked (fast diagnostics and the exact analysis) and its diagnostics published,
// so the Problems panel lists files that are not open too.

import type { Diagnostic } from '../../engine/diagnostics';
import { compareDiagnostics } from '../../engine/diagnostics';
import { fastDiagnostics } from '../../engine/language/fast-diagnostics';
import { fileNameOf } from '../file-uris';
import { CHECK_WORKSPACE_REQUEST, type CheckWorkspaceResult } from '../custom-protocol';
import type { ServerContext } from '../context';
import { safe } from '../safe-handler';
import { tokenOfParamless } from '../request-params';
import type { CancellationToken, ResponseError } from 'vscode-languageserver';
import { workspaceRulesFiles } from '../workspace-rules-files';

export function registerCheckWorkspace(context: ServerContext): void {
  const { connection, logger, store } = context;
  connection.onRequest(
    CHECK_WORKSPACE_REQUEST,
    safe(logger, 'checkWorkspace', async (...args: unknown[]): Promise<CheckWorkspaceResult | ResponseError<void>> => {
      const taken = tokenOfParamless<CancellationToken>(CHECK_WORKSPACE_REQUEST, args);
      if ('error' in taken) return taken.error;
      const { token } = taken;
      const result: CheckWorkspaceResult = { files: 0, errors: 0, warnings: 0, unreadable: [] };
      const uris = (await workspaceRulesFiles(store.documents.keys(), context.workspaceFolders, () => token.isCancellationRequested)) ?? [];
      // Files checked without an editor: their samples are kept while the check runs (many share one), then let go.
      const unopened = context.holdUnopenedSamples();
      try {
        for (const uri of uris) {
          if (token.isCancellationRequested) break;
          if (store.isOpen(uri) && store.sizeOf(uri).kind !== 'normal') {
            // Too large to build here: its pipeline checks it in the worker and publishes what it found.
            await context.diagnostics.idle(uri);
            const diagnostics = context.diagnostics.current(uri)?.diagnostics ?? [];
            result.files++;
            result.errors += diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
            result.warnings += diagnostics.filter((diagnostic) => diagnostic.severity === 'warning').length;
            continue;
          }
          const rules = await store.load(uri);
          if (rules === undefined) {
            result.unreadable.push({ uri, reason: 'cannot read the file, or it is larger than channelRules.analysis.maxDocumentSize' });
            continue;
          }
          result.files++;
          let diagnostics: Diagnostic[];
          if (store.isOpen(uri)) {
            // Open documents have their own pipeline; wait for its analysis of the current version.
            await context.analysis.idle(uri);
            diagnostics = context.diagnostics.current(uri)?.diagnostics ?? fastDiagnostics(rules, undefined, fileNameOf(uri));
          } else {
            const settings = await context.settings.get(uri);
            // A sample of millions of events takes seconds: a cancelled check stops waiting for it, and the release below stops its read.
            const sample = await unopened.sampleFor(uri, token).catch(() => undefined);
            if (token.isCancellationRequested) break;
            const analysis = await context.analysis.analyseOnce(uri, rules.text, settings.analysis.timeBudgetMs, token);
            diagnostics = [...fastDiagnostics(rules, sample?.profile, fileNameOf(uri)), ...analysis.diagnostics].sort(compareDiagnostics);
            context.diagnostics.publishFile(uri, rules, diagnostics);
          }
          result.errors += diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
          result.warnings += diagnostics.filter((diagnostic) => diagnostic.severity === 'warning').length;
        }
      } finally {
        unopened.release();
      }
      return result;
    }, { files: 0, errors: 0, warnings: 0, unreadable: [] }),
  );
}
