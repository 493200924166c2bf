// The language server: wires the document store, the diagnostics pipeline, the
// background analysis and one handler per feature onto an LSP connection. The
// transport (stdio, IPC, socket) is the caller's business (./main).

import { CodeLensRefreshRequest, TextDocuments, TextDocumentSyncKind, type CancellationToken, type Connection, type InitializeResult } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createAnalyser } from './analyser';
import { AnalysisScheduler } from './analysis-scheduler';
import type { ServerContext } from './context';
import { DiagnosticsPipeline } from './diagnostics-pipeline';
import { configureDiagnosticsDoc } from './diagnostics-doc-url';
import { DocumentStore } from './document-store';
import { registerCheckWorkspace } from './features/check-workspace';
import { registerCodeActions } from './features/code-actions';
import { registerCodeLens } from './features/code-lens';
import { COMPLETION_TRIGGER_CHARACTERS, registerCompletion } from './features/completion';
import { registerDiff } from './features/diff';
import { registerFolding } from './features/folding';
import { registerFormatting } from './features/formatting';
import { registerHover } from './features/hover';
import { registerNavigation } from './features/navigation';
import { registerRuleForTraffic } from './features/rule-for-traffic';
import { registerSemanticTokens, SEMANTIC_TOKENS_LEGEND } from './features/semantic-tokens';
import { registerSymbols } from './features/symbols';
import { RuleServices } from './rule-services';
import { safeNotification, type Logger } from './safe-handler';
import { refusingAfterShutdown } from './shutdown-guard';
import { eventSourceOptionsOf, SampleStore } from './sample-store';
import { DEFAULT_SETTINGS, SettingsStore } from './settings';
import { UnopenedSamples } from './unopened-samples';

export const SERVER_NAME = 'channel-rules-language-server';

/** Options a client may pass in `initializationOptions`. */
export interface InitializationOptions {
  /** Settings for clients without workspace/configuration (same shape as the `channelRules` section). */
  settings?: unknown;
  /** The client has the `channelRules.openPreview` command (the VS Code extension). */
  previewCommand?: boolean;
  /** A client command that reopens completion (VS Code: `editor.action.triggerSuggest`). */
  retriggerCommand?: string;
  /** Milliseconds between the last edit and the start of the analysis (tests use 0). */
  analysisDebounceMs?: number;
  /** Web extension: where docs/diagnostics.md is (the server's web worker does not know its folder). */
  diagnosticsDoc?: string;
  /** Web extension: the analysis worker's script (dist/web/analysis-worker.js), a URL or a `blob:` URL (server/analyser.web). */
  analysisWorker?: string;
}

export function startServer(unguardedConnection: Connection, version: string): void {
  let shutDown = false;
  const connection = refusingAfterShutdown(unguardedConnection, () => shutDown);
  const logger: Logger = {
    error: (message) => connection.console.error(message),
    warn: (message) => connection.console.warn(message),
    info: (message) => connection.console.info(message),
    log: (message) => connection.console.log(message),
  };
  const documents = new TextDocuments(TextDocument);
  let pullConfiguration = false;
  let settings: SettingsStore | undefined;
  const store = new DocumentStore(documents, (uri) => (settings?.peek(uri) ?? DEFAULT_SETTINGS).analysis.maxDocumentSize);
  const samples = new SampleStore(logger, connection);
  const services = new RuleServices();
  let context!: ServerContext;

  connection.onInitialize((params): InitializeResult => {
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    pullConfiguration = params.capabilities.workspace?.configuration === true;
    configureDiagnosticsDoc(options.diagnosticsDoc);
    const settingsStore = new SettingsStore(connection, () => pullConfiguration, options.settings);
    settings = settingsStore;
    const folders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
    /**
     * The sample file of a document and how its records are read, or undefined (none, or
     * bad settings, or an open document closed while they were looked up: asking for its
     * sample then would keep it read for a document that is gone). `unopenedHolder`: a
     * Check Workspace run's hold (./unopened-samples), else the open document's own.
     */
    const sampleSourceOf = async (uri: string, unopenedHolder?: string) => {
      const configured = await settingsStore.get(uri);
      const file = await samples.resolve(uri, configured.sampleEvents, context.workspaceFolders);
      const reading = eventSourceOptionsOf(configured);
      if (file !== undefined && typeof reading === 'string') logger.warn(`channelRules.eventSource / fieldMap / timeUnit: ${reading}`);
      if (file === undefined || typeof reading === 'string' || (unopenedHolder === undefined && !store.isOpen(uri))) {
        // A read of the sample the holder used before is stopped unless another document or run uses it.
        samples.release(unopenedHolder ?? uri);
        return undefined;
      }
      return { file, reading };
    };
    const sampleFor = async (uri: string, unopenedHolder?: string, token?: CancellationToken) => {
      const source = await sampleSourceOf(uri, unopenedHolder);
      const loaded = source === undefined ? undefined : await samples.get(unopenedHolder ?? uri, source.file, source.reading, token);
      return loaded !== undefined && 'sample' in loaded ? loaded.sample : undefined;
    };
    const readySampleFor = async (uri: string) => {
      const source = await sampleSourceOf(uri);
      const loaded = source === undefined ? undefined : samples.ready(uri, source.file, source.reading);
      return loaded !== undefined && 'sample' in loaded ? loaded.sample : undefined;
    };
    if (params.capabilities.workspace?.codeLens?.refreshSupport === true) {
      // Code lenses asked for while the sample was read had no counts (or the old file's).
      samples.onSampleRead(() => void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined));
    }
    // Diagnostics take the sample as last read and never wait for a read (a sample of a
    // million events took seconds before a file opened beside it had any): once a read
    // is done, the first or a changed file's, the documents that use it get theirs again.
    samples.onSampleRead((file) => {
      for (const holder of samples.holdersReading(file)) if (store.isOpen(holder)) context.diagnostics.changed(holder);
    });
    const analyser = createAnalyser(logger, options.analysisWorker === undefined ? {} : { analysisWorker: options.analysisWorker });
    const diagnostics = new DiagnosticsPipeline(connection, store, analyser, settingsStore, readySampleFor, logger);
    const analysis = new AnalysisScheduler(
      analyser,
      {
        started: (uri, documentVersion) => diagnostics.started(uri, documentVersion),
        finished: (done) => diagnostics.analysed(done),
        failed: (uri, documentVersion, error) => diagnostics.failed(uri, documentVersion, error),
      },
      logger,
      options.analysisDebounceMs,
    );
    diagnostics.attach(analysis);
    context = {
      connection,
      analyser,
      logger,
      store,
      settings: settingsStore,
      samples,
      analysis,
      diagnostics,
      capabilities: params.capabilities,
      workspaceFolders: folders,
      sampleFor: (uri: string) => sampleFor(uri),
      readySampleFor,
      holdUnopenedSamples: () =>
        new UnopenedSamples(
          (uri, holder, token) => sampleFor(uri, holder, token),
          (uri, holder) => {
            samples.release(holder);
            if (!store.isOpen(uri)) samples.forget(uri);
          },
        ),
    };
    registerSymbols(context);
    registerFolding(context);
    registerSemanticTokens(context);
    registerFormatting(context);
    registerCompletion(context, options.retriggerCommand === undefined ? {} : { retriggerCommand: options.retriggerCommand });
    registerHover(context, services);
    registerNavigation(context);
    registerCodeActions(context);
    registerCodeLens(context, services, { previewCommand: options.previewCommand === true });
    registerCheckWorkspace(context);
    registerRuleForTraffic(context);
    registerDiff(context);

    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS, resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: { label: 'Channel Rules' },
        workspaceSymbolProvider: true,
        foldingRangeProvider: true,
        semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true, range: true },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix', 'refactor.rewrite'] },
        codeLensProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: SERVER_NAME, version },
    };
  });

  connection.onInitialized(
    safeNotification(logger, 'initialized', () => {
      if (context.capabilities.workspace?.workspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders(
          safeNotification(logger, 'didChangeWorkspaceFolders', (event) => {
            const removed = new Set(event.removed.map((folder) => folder.uri));
            context.workspaceFolders = [...context.workspaceFolders.filter((uri) => !removed.has(uri)), ...event.added.map((folder) => folder.uri)];
          }),
        );
      }
    }),
  );

  connection.onDidChangeConfiguration(
    safeNotification(logger, 'didChangeConfiguration', (params) => {
      context.settings.changed(params.settings);
      for (const document of documents.all()) context.diagnostics.changed(document.uri);
    }),
  );

  documents.onDidOpen(safeNotification(logger, 'didOpen', (event) => context.diagnostics.changed(event.document.uri)));
  documents.onDidChangeContent(safeNotification(logger, 'didChange', (event) => context.diagnostics.changed(event.document.uri)));
  documents.onDidClose(
    safeNotification(logger, 'didClose', (event) => {
      const uri = event.document.uri;
      context.analysis.forget(uri);
      services.forget(uri);
      store.forget(uri);
      context.settings.forget(uri);
      samples.forget(uri);
      context.diagnostics.closed(uri);
    }),
  );

  connection.onShutdown(() => {
    shutDown = true;
    context?.diagnostics.dispose();
    context?.analysis.dispose();
  });

  documents.listen(connection);
}
