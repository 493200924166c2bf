// The web build's ./language-client: the language server (dist/web/server.js) in a
// web worker, over its messages (vscode-languageclient/browser). Where the host
// refuses `new Worker(url)` (code-server serves the extension from `vscode-remote:`),
// the script is read through the editor and started from a `blob:` URL; vscode.dev
// and github.dev serve it over https and take the URL.

import * as vscode from 'vscode';
import { LanguageClient, type BaseLanguageClient, type LanguageClientOptions } from 'vscode-languageclient/browser';

export async function createLanguageClient(context: vscode.ExtensionContext, clientOptions: LanguageClientOptions): Promise<BaseLanguageClient> {
  const script = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'server.js');
  // The server starts the analysis worker itself, on first use (server/analyser.web).
  const analysisScript = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'analysis-worker.js');
  let worker: Worker;
  let analysisWorker: string;
  try {
    worker = new Worker(script.toString(true));
    analysisWorker = analysisScript.toString(true);
  } catch {
    worker = new Worker(await blobUrl(script));
    analysisWorker = await blobUrl(analysisScript);
  }
  const options: LanguageClientOptions = {
    ...clientOptions,
    initializationOptions: {
      ...(clientOptions.initializationOptions as object),
      diagnosticsDoc: vscode.Uri.joinPath(context.extensionUri, 'docs', 'diagnostics.md').toString(true),
      analysisWorker,
    },
  };
  return new LanguageClient('channelRules', 'Channel Rules', options, worker);
}

async function blobUrl(script: vscode.Uri): Promise<string> {
  const bytes = await vscode.workspace.fs.readFile(script);
  return URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'text/javascript' }));
}

/** In the browser documents live in virtual file systems (github.dev: `vscode-vfs`, code-server: `vscode-remote`). */
export const DOCUMENT_SCHEMES = ['*'];
