// What every feature handler of the server shares.

import type { ClientCapabilities, Connection } from 'vscode-languageserver';
import type { Analyser } from './analyser-interface';
import type { AnalysisScheduler } from './analysis-scheduler';
import type { DiagnosticsPipeline } from './diagnostics-pipeline';
import type { DocumentStore } from './document-store';
import type { Logger } from './safe-handler';
import type { SampleStore, LoadedSample } from './sample-store';
import type { SettingsStore } from './settings';
import type { UnopenedSamples } from './unopened-samples';

export interface ServerContext {
  connection: Connection;
  logger: Logger;
  store: DocumentStore;
  settings: SettingsStore;
  samples: SampleStore;
  /** Runs the jobs that need the analysis engine (worker threads, the analysis web worker, or this thread). */
  analyser: Analyser;
  analysis: AnalysisScheduler;
  diagnostics: DiagnosticsPipeline;
  capabilities: ClientCapabilities;
  /** Workspace folder URIs. */
  workspaceFolders: string[];
  /**
   * The sample events of a rules document, when one is configured or found beside it
   * and readable, once the read in flight is done (a large file takes seconds): for
   * work in the background (diagnostics, Check Workspace).
   */
  sampleFor(uri: string): Promise<LoadedSample | undefined>;
  /**
   * The same sample as last read, never waiting for a read (undefined until the first
   * one is done; the server then asks the client to refresh its code lenses): for
   * requests that must answer at once (hover, completion, code lens).
   */
  readySampleFor(uri: string): Promise<LoadedSample | undefined>;
  /**
   * A Check Workspace run's hold on the samples of files no editor has open: as
   * sampleFor, kept read until the run releases them (a read no open document or other
   * run needs is stopped then, and the sample path of a file not open dropped).
   */
  holdUnopenedSamples(): UnopenedSamples;
}
