// Runs vsce (`node scripts/vsce.mjs ls|package …`) the way the .vsix is made. vsce
// refuses a package.json `files` list next to a .vscodeignore, and the two packages need
// different lists: `files` is the npm package's (CLI, language server, examples), the
// .vscodeignore the extension's. So vsce runs in a staging folder that links every
// top-level entry of the repository and holds package.json without `files`; with
// --follow-symlinks vsce packs the linked files themselves. Nothing in the repository
// changes. A relative --out is taken from the current folder; without --out `package`
// writes channel-rules-<version>.vsix at the repository's root, as vsce would.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const NOT_LINKED = new Set(['.git', 'node_modules', 'package.json', 'test-results', 'out', '.vscode-test']);

/** Runs vsce with `args` in a staging view of the repository; returns its stdout when `capture`. */
export function runVsce(args, { capture = false } = {}) {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  delete manifest.files;
  const staging = mkdtempSync(path.join(os.tmpdir(), 'channel-rules-vsce-'));
  try {
    for (const entry of readdirSync(ROOT)) {
      if (!NOT_LINKED.has(entry)) symlinkSync(path.join(ROOT, entry), path.join(staging, entry));
    }
    writeFileSync(path.join(staging, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const [command, ...rest] = args;
    const options = rest.map((arg, index) => (rest[index - 1] === '--out' || rest[index - 1] === '-o' ? path.resolve(arg) : arg));
    if (command === 'package' && !options.includes('--out') && !options.includes('-o')) {
      options.push('--out', path.join(ROOT, `${manifest.name}-${manifest.version}.vsix`));
    }
    const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
    const output = execFileSync(process.execPath, [vsce, command, '--follow-symlinks', ...options], {
      cwd: staging,
      stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
      encoding: 'utf8',
    });
    return capture ? output : undefined;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  try {
    runVsce(process.argv.slice(2));
  } catch (error) {
    process.exitCode = error.status ?? 1;
  }
}
