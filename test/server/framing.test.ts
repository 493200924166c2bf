// Issue 11 item 11: after a `Content-Length` framing error the server stayed up but
// answered nothing, not even `shutdown`, and ignored `exit`. Now it logs one line on
// stderr and exits with 1; `shutdown` then `exit` ends it with 0.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SERVER = path.join(__dirname, '..', '..', 'dist', 'server.js');

function start() {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdout.on('data', (chunk) => (stdout += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const send = (message: object) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }));
    child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    child.stdin.write(body);
  };
  // A live processId starts the library's watchdog of the editor's process, which keeps the server's event loop busy.
  const initialize = (processId: number | null = null) => send({ id: 1, method: 'initialize', params: { processId, rootUri: null, capabilities: {} } });
  const answered = (id: number) =>
    new Promise<void>((resolve) => {
      const check = () => (stdout.includes(`"id":${id}`) ? resolve() : setTimeout(check, 20));
      check();
    });
  return { child, send, initialize, answered, exited, stderr: () => stderr };
}

describe('language server stream errors', () => {
  for (const garbage of ['Content-Length: abc\r\n\r\n{}', 'Nonsense\r\n\r\n', 'Content-Length: 2\r\n\r\n{{']) {
    it(`${JSON.stringify(garbage)}: one line on stderr, exit 1`, async () => {
      const server = start();
      server.initialize();
      await server.answered(1);
      server.child.stdin.write(garbage);
      expect(await server.exited).toBe(1);
      expect(server.stderr()).toMatch(/^channel-rules language server: cannot read the message stream \([^\n]+\); exiting\n$/);
    });
  }

  it('shutdown then exit ends it with 0', async () => {
    const server = start();
    server.initialize();
    await server.answered(1);
    server.send({ method: 'initialized', params: {} });
    server.send({ id: 2, method: 'shutdown' });
    await server.answered(2);
    server.send({ method: 'exit' });
    expect(await server.exited).toBe(0);
  });

  it('the end of its input ends it, with 1 (no shutdown first) though its editor’s process lives', async () => {
    const server = start();
    server.initialize(process.pid);
    await server.answered(1);
    server.send({ method: 'initialized', params: {} });
    server.child.stdin.end();
    expect(await server.exited).toBe(1);
  });

  it('the end of its input after shutdown ends it with 0', async () => {
    const server = start();
    server.initialize(process.pid);
    await server.answered(1);
    server.send({ method: 'initialized', params: {} });
    server.send({ id: 2, method: 'shutdown' });
    await server.answered(2);
    server.child.stdin.end();
    expect(await server.exited).toBe(0);
  });
});
