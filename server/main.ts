// The language server's executable (dist/server.js): `node dist/server.js --stdio`
// for any editor, `--node-ipc` as the VS Code extension starts it, or
// `--socket=<port>`. An uncaught error is logged, never fatal. The same bundle is the
// server's worker threads (./server-worker) when started as a worker.

import { isMainThread } from 'node:worker_threads';
import { createConnection, Message, ProposedFeatures, StreamMessageReader, StreamMessageWriter, type Connection, type DataCallback, type Disposable } from 'vscode-languageserver/node';
import { startServer } from './server';
import { startWorker } from './server-worker';
import { VERSION } from '../engine/version';

const USAGE = `Channel Rules language server ${VERSION}

Usage: node server.js --stdio | --node-ipc | --socket=<port> | --pipe=<name>

Speaks the Language Server Protocol for .channels files. See docs/editors.md for
Neovim, Helix, Zed and Emacs configurations.
`;

function main(): void {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  if (argv.includes('--version') || argv.includes('-v')) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  if (!argv.some((arg) => /^--(stdio|node-ipc|socket|pipe|clientProcessId)/.test(arg))) {
    process.stderr.write(`channel-rules language server: choose a transport.\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const connection = argv.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all);
  process.on('uncaughtException', (error) => connection.console.error(`uncaught: ${error.stack ?? error.message}`));
  process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}`));
  startServer(connection, VERSION);
  connection.listen();
}

/**
 * Over stdio, a message the reader cannot frame (a bad `Content-Length`, a body that
 * is not JSON) leaves the stream out of step: nothing after it can be read, not even
 * `shutdown` or `exit`. The server then logs one line on stderr and exits with 1, the
 * way an editor expects a dead server (and restarts it), instead of staying up deaf.
 * The end of the input ends it too, with 0 after `shutdown`, else 1, as the library
 * does for the streams it opens itself (given a reader, it does not watch stdin; the
 * parent-process watchdog would keep the server up after its editor is gone).
 */
function stdioConnection(): Connection {
  const reader = new ShutdownAwareReader(process.stdin);
  const ended = () => process.exit(reader.shutdownRequested ? 0 : 1);
  process.stdin.on('end', ended);
  process.stdin.on('close', ended);
  const writer = new StreamMessageWriter(process.stdout);
  reader.onError((error) => {
    process.stderr.write(`channel-rules language server: cannot read the message stream (${error.message.split('\n')[0]}); exiting\n`);
    process.exit(1);
  });
  return createConnection(ProposedFeatures.all, reader, writer);
}

/** Notes a `shutdown` request on its way in: the exit code at the end of input depends on it. */
class ShutdownAwareReader extends StreamMessageReader {
  shutdownRequested = false;

  override listen(callback: DataCallback): Disposable {
    return super.listen((message) => {
      if (Message.isRequest(message) && message.method === 'shutdown') this.shutdownRequested = true;
      callback(message);
    });
  }
}

if (isMainThread) main();
else startWorker();
