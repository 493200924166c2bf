#!/usr/bin/env node
// `npm start` / `npm run try`: opens examples/ in a real VS Code in the browser
// (code-server on 127.0.0.1) with this extension loaded from source, so anyone can try
// it without installing VS Code. Tools are installed on first use. Ctrl+C stops it.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, startCodeServer } from './code-server.mjs';

execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
const workspace = path.join(ROOT, 'examples');
const server = await startCodeServer({ workspace });
const payload = [['extensionDevelopmentPath', `vscode-remote://${server.remoteAuthority}${ROOT}`]];
const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
process.stdout.write(`\nChannel Rules is running in VS Code at:\n\n  ${url}\n\nOpen it in a browser on this machine (Ctrl+C stops the server).\n`);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\nstopping code-server…\n');
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => {}, 1 << 30);
