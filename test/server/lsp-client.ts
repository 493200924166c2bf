// A real LSP client for protocol tests: starts the BUNDLED server (dist/server.js,
// built by the global test setup) over stdio and talks to it with
// vscode-languageserver-protocol, as an editor would.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  ErrorCodes,
  ResponseError,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { underLimit } from '../support/address-space-limit';
import { ANALYSIS_STATUS_NOTIFICATION, type AnalysisStatusParams } from '../../server/custom-protocol';

export const ROOT = path.join(__dirname, '..', '..');
export const SERVER = path.join(ROOT, 'dist', 'server.js');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'server');

export function fixtureUri(name: string): string {
  return pathToFileURL(path.join(FIXTURES, name)).href;
}

/** The message of the InvalidParams error a request is answered with; fails the test when it is answered otherwise. */
export async function invalidParamsMessage(answer: Promise<unknown>): Promise<string> {
  const error = await answer.then(
    (result) => new Error(`answered ${JSON.stringify(result)}`),
    (refusal: unknown) => refusal,
  );
  if (!(error instanceof ResponseError) || error.code !== ErrorCodes.InvalidParams) throw new Error(`expected InvalidParams, got ${(error as Error).message}`);
  return error.message;
}

export interface StartOptions {
  /** The server bundle to run (default dist/server.js of this repository). */
  server?: string;
  /** `channelRules` settings answered to workspace/configuration (undefined: the client has no configuration support). */
  settings?: Record<string, unknown>;
  initializationOptions?: Record<string, unknown>;
  workspaceFolders?: string[];
  capabilities?: ClientCapabilities;
  /** Runs the server under this address-space limit in bytes (`ulimit -v`, Linux). */
  addressSpaceLimit?: number;
}

const DEFAULT_CAPABILITIES: ClientCapabilities = {
  workspace: { configuration: true, workspaceFolders: true },
  textDocument: {
    completion: { completionItem: { snippetSupport: true } },
    hover: { contentFormat: ['markdown'] },
    rename: { prepareSupport: true },
    publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true, dataSupport: true, versionSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor.rewrite'] } }, dataSupport: true, isPreferredSupport: true },
    semanticTokens: { requests: { full: true, range: true }, tokenTypes: [], tokenModifiers: [], formats: ['relative'] },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
  },
};

export class TestClient {
  readonly publications: PublishDiagnosticsParams[] = [];
  /** Per publication, how many log lines had come before it (both come in the server's order). */
  readonly logLinesBeforePublication: number[] = [];
  readonly statuses: AnalysisStatusParams[] = [];
  readonly logs: string[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();
  initializeResult!: InitializeResult;
  /** What the client answers to workspace/configuration for `channelRules` (tests may change it). */
  settings: Record<string, unknown> = {};

  private constructor(
    readonly process: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
  ) {}

  static async start(options: StartOptions = {}): Promise<TestClient> {
    const command = [process.execPath, options.server ?? SERVER, '--stdio'];
    const child =
      options.addressSpaceLimit === undefined
        ? spawn(command[0]!, command.slice(1), { stdio: 'pipe' })
        : spawn(...underLimit(options.addressSpaceLimit, command), { stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new TestClient(child, connection);
    client.settings = options.settings ?? {};
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      client.publications.push(params);
      client.logLinesBeforePublication.push(client.logs.length);
      client.notify();
    });
    connection.onNotification(ANALYSIS_STATUS_NOTIFICATION, (params: AnalysisStatusParams) => {
      client.statuses.push(params);
      client.notify();
    });
    connection.onNotification(LogMessageNotification.type, (params) => {
      client.logs.push(params.message);
      client.notify();
    });
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => (item.section === 'channelRules' ? client.settings : null)),
    );
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.listen();
    const capabilities = options.capabilities ?? DEFAULT_CAPABILITIES;
    if (options.settings === undefined && options.capabilities === undefined) {
      capabilities.workspace = { ...capabilities.workspace, configuration: true };
    }
    const folders = options.workspaceFolders ?? [pathToFileURL(FIXTURES).href];
    try {
      client.initializeResult = await connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: folders[0] ?? null,
        workspaceFolders: folders.map((uri) => ({ uri, name: path.basename(uri) })),
        capabilities,
        initializationOptions: { analysisDebounceMs: 20, ...options.initializationOptions },
      });
    } catch (error) {
      throw new Error(`initialize failed: ${(error as Error).message}\n${stderr}`);
    }
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Resolves when `check` returns a value (checked after every message from the server). */
  waitFor<T>(check: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        let value: T | undefined;
        try {
          value = check();
        } catch (error) {
          cleanup();
          reject(error);
          return;
        }
        if (value !== undefined) {
          cleanup();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${what}; server log:\n${this.logs.join('\n')}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(attempt);
      };
      this.listeners.add(attempt);
      attempt();
    });
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'channels', version, text } });
  }

  /** Replaces the whole text (or applies range changes) and returns the new version. */
  async change(uri: string, change: string | TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    const contentChanges = typeof change === 'string' ? [{ text: change }] : change;
    if (typeof change === 'string') this.texts.set(uri, change);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  version(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  /** The last diagnostics published for a document. */
  lastDiagnostics(uri: string): PublishDiagnosticsParams | undefined {
    for (let i = this.publications.length - 1; i >= 0; i--) if (this.publications[i]!.uri === uri) return this.publications[i];
    return undefined;
  }

  /** Waits for a publication for `version` that passes `check`. */
  diagnosticsFor(uri: string, version: number, check: (params: PublishDiagnosticsParams) => boolean = () => true, what = 'diagnostics'): Promise<PublishDiagnosticsParams> {
    return this.waitFor(() => {
      const last = this.lastDiagnostics(uri);
      return last !== undefined && last.version === version && check(last) ? last : undefined;
    }, `${what} of ${path.basename(uri)} v${version}`);
  }

  /** Waits until the analysis of `version` finished (done or incomplete). */
  analysed(uri: string, version: number): Promise<AnalysisStatusParams> {
    return this.waitFor(
      () => this.statuses.find((status) => status.uri === uri && status.version === version && status.state !== 'running'),
      `the analysis of ${path.basename(uri)} v${version}`,
    );
  }

  /**
   * Waits until the server has read a sample events file (its log says how many
   * events): hover, completion and code lenses use the sample as last read and never
   * wait for a read, so a test of its values waits for it first.
   */
  sampleRead(file: string): Promise<string> {
    return this.waitFor(() => this.logs.find((line) => line.startsWith(`sample events ${file}: `) && / \d+ events, \d+ fields$/.test(line)), `the read of ${path.basename(file)}`);
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((resolve) => setTimeout(resolve, 2000))]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // The server may be gone already.
    }
    this.connection.dispose();
    if (this.process.exitCode === null) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.process.kill();
          resolve();
        }, 2000);
        this.process.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
