// The language server of the web extension (dist/web/server.js): ./server in a web
// worker, speaking LSP over the worker's messages (vscode-languageserver/browser).
// The client (client/language-client.web) starts it. Files that are not open and
// sample events are not read here (./workspace-files.web, ./sample-store.web).

import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser';
import { startServer } from './server';
import { VERSION } from '../engine/version';

declare const self: ConstructorParameters<typeof BrowserMessageReader>[0];

const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(self), new BrowserMessageWriter(self));
startServer(connection, VERSION);
connection.listen();
