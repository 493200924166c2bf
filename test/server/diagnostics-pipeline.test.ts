// The diagnostics pipeline (server/diagnostics-pipeline) on the server's sources, with
// the analysis on this thread and a sample whose loading the test holds back, so the
// order in which the fast check, the sample and the background analysis finish is
// the test's to choose, not the machine's.
import type { Connection, PublishDiagnosticsParams, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { AnalysisScheduler } from '../../server/analysis-scheduler';
import type { AnalysisStatusParams } from '../../server/custom-protocol';
import { DiagnosticsPipeline } from '../../server/diagnostics-pipeline';
import { DocumentStore } from '../../server/document-store';
import { InThreadAnalyser } from '../../server/in-thread-analyser';
import type { Logger } from '../../server/safe-handler';
import type { LoadedSample } from '../../server/sample-store';
import { DEFAULT_SETTINGS, type SettingsStore } from '../../server/settings';

const URI = 'file:///work/rules.channels';
// `otherwise` is unreachable: every event has utm_source set or not set.
const RULES = 'channel "A"\n  when utm_source is set\nchannel "B"\n  when utm_source is not set\notherwise "C"\n';

type Sent = { kind: 'diagnostics'; params: PublishDiagnosticsParams } | { kind: 'status'; params: AnalysisStatusParams };

function pipeline(sampleFor: (uri: string) => Promise<LoadedSample | undefined>) {
  const sent: Sent[] = [];
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  const record = (message: Sent) => {
    sent.push(message);
    notify();
  };
  const connection = {
    sendDiagnostics: async (params: PublishDiagnosticsParams) => record({ kind: 'diagnostics', params }),
    sendNotification: async (_method: string, params: AnalysisStatusParams) => record({ kind: 'status', params }),
  } as unknown as Connection;
  const open = new Map<string, TextDocument>();
  const store = new DocumentStore({ get: (uri: string) => open.get(uri) } as unknown as TextDocuments<TextDocument>);
  const settings = { get: async () => DEFAULT_SETTINGS } as unknown as SettingsStore;
  const silent: Logger = { error: () => undefined, warn: () => undefined, info: () => undefined, log: () => undefined };
  const analyser = new InThreadAnalyser();
  const diagnostics = new DiagnosticsPipeline(connection, store, analyser, settings, sampleFor, silent);
  let finished = 0;
  const analysis = new AnalysisScheduler(
    analyser,
    {
      started: (uri, version) => diagnostics.started(uri, version),
      finished: (done) => {
        finished++;
        diagnostics.analysed(done);
        notify();
      },
      failed: (uri, version, error) => diagnostics.failed(uri, version, error),
    },
    silent,
    0,
  );
  diagnostics.attach(analysis);
  const until = (check: () => boolean) =>
    new Promise<void>((resolve) => {
      const attempt = () => {
        if (!check()) return;
        listeners.delete(attempt);
        resolve();
      };
      listeners.add(attempt);
      attempt();
    });
  return {
    sent,
    open: (text: string, version = 1) => {
      open.set(URI, TextDocument.create(URI, 'channels', version, text));
      diagnostics.changed(URI);
    },
    analysisFinished: () => until(() => finished > 0),
    /** Resolves when the fast diagnostics of the latest change are published. */
    idle: () => diagnostics.idle(URI),
    dispose: () => {
      diagnostics.dispose();
      analysis.dispose();
    },
  };
}

describe('the diagnostics pipeline', () => {
  it('publishes the analysis of a version that finished before its fast diagnostics (a sample still loading), then says it is done', async () => {
    let sampleLoaded!: (sample: undefined) => void;
    const loading = new Promise<undefined>((resolve) => (sampleLoaded = resolve));
    const server = pipeline(() => loading);
    server.open(RULES);
    await server.analysisFinished();
    expect(server.sent.filter((message) => message.kind === 'diagnostics')).toEqual([]);
    sampleLoaded(undefined);
    await server.idle();
    const codes = server.sent.map((message) =>
      message.kind === 'diagnostics' ? `v${message.params.version} ${message.params.diagnostics.map((each) => each.code).join(',')}` : `${message.params.state} v${message.params.version}`,
    );
    expect(codes).toEqual(['running v1', 'v1 ', 'v1 unreachable-otherwise', 'done v1']);
  });

  it('publishes nothing more once disposed (after shutdown): a check under way, and a change after it', async () => {
    let sampleLoaded!: (sample: undefined) => void;
    const loading = new Promise<undefined>((resolve) => (sampleLoaded = resolve));
    const server = pipeline(() => loading);
    server.open(RULES);
    await server.analysisFinished();
    expect(server.sent.map((message) => message.kind)).toEqual(['status']);
    server.dispose();
    sampleLoaded(undefined);
    await server.idle();
    server.open(RULES + '# changed\n', 2);
    await server.idle();
    expect(server.sent.map((message) => message.kind)).toEqual(['status']);
  });
});
