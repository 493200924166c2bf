// Starting the language server (Node: dist/server.js in its own process, over IPC).
// The web build replaces this module by ./language-client.web (a web worker).

import type * as vscode from 'vscode';
import { LanguageClient, TransportKind, type BaseLanguageClient, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

export async function createLanguageClient(context: vscode.ExtensionContext, clientOptions: LanguageClientOptions): Promise<BaseLanguageClient> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  return new LanguageClient('channelRules', 'Channel Rules', serverOptions, clientOptions);
}

/** The schemes of documents the server reads (Node: files on disk and new files). */
export const DOCUMENT_SCHEMES = ['file', 'untitled'];
