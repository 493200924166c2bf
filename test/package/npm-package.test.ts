// The npm package as a user gets it: `npm pack`, installed from the tarball into an
// empty prefix OFFLINE (so nothing but the tarball can be used), then the installed
// commands run from outside the repository. Also: the tarball holds only the bundles,
// bin/, docs, examples and templates, and the bundles need no package at run time.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../server/lsp-client';

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  private?: boolean;
  files: string[];
  bin: Record<string, string>;
  dependencies?: Record<string, string>;
};

/** What the tarball may hold, and nothing else. */
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^CHANGELOG\.md$/,
  /^LICENSE$/,
  /^bin\/channel-rules(-language-server)?\.js$/,
  // cli.js loads each command from its own bundle, dist/cli-<name>.js (cli/commands.ts).
  // range-worker.js: the reading threads of report and classify --threads.
  /^dist\/(cli|cli-[a-z]+|server|webview|range-worker)\.js$/,
  /^dist\/webview\.css$/,
  /^docs\/[\w-]+\.md$/,
  /^examples\/.+\.(channels|ndjson|jsonl|csv|md)$/,
  // examples/imported: the sources import reads (GA4 JSON, dbt SQL) and what check says.
  /^examples\/imported\/[\w-]+\.(json|sql|check\.txt)$/,
  /^templates\/(ga4|amplitude|blank)\/template\.(channels|events\.ndjson)$/,
  /^templates\/ci\/channel-rules\.yml$/,
  /^images\/icon\.png$/,
];
/** What the tarball must hold. */
const REQUIRED = [
  'package.json',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  'bin/channel-rules.js',
  'bin/channel-rules-language-server.js',
  'dist/cli.js',
  'dist/server.js',
  'dist/range-worker.js',
  'dist/webview.js',
  'dist/webview.css',
  'docs/diagnostics.md',
  'examples/amplitude-example.channels',
  'examples/amplitude-example.ndjson',
  'templates/ga4/template.channels',
  'templates/ci/channel-rules.yml',
];

let work: string;
let tarball: string;
let packed: { size: number; unpackedSize: number; files: { path: string }[] };
let prefix: string;
let installed: string;

function npm(args: string[], cwd: string) {
  // The outer `npm test` passes its configuration down in npm_config_*; the nested npm
  // gets only what this test says.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
  const result = spawnSync('npm', args, { cwd, env: { ...env, npm_config_cache: path.join(work, 'cache') }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} exited with ${result.status}:\n${result.stderr}`);
  return result.stdout;
}

function run(command: string, args: string[]) {
  const env = { ...process.env };
  delete env.NODE_PATH;
  return spawnSync(path.join(prefix, 'bin', command), args, { cwd: work, env, encoding: 'utf8' });
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'channel-rules-pack-'));
  // `prepare` would rebuild dist/ under the other suites' feet; the global setup built it.
  const [result] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT)) as [
    { filename: string; size: number; unpackedSize: number; files: { path: string }[] },
  ];
  packed = result;
  tarball = path.join(work, result.filename);
  prefix = path.join(work, 'prefix');
  npm(['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], work);
  installed = path.join(prefix, 'lib', 'node_modules', 'channel-rules');
  console.log(
    `npm package: ${path.basename(tarball)} is ${(packed.size / 1024).toFixed(0)} KiB packed, ${(packed.unpackedSize / 1024).toFixed(0)} KiB unpacked, ${packed.files.length} files`,
  );
}, 120_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('is public, has no runtime dependencies, and its bins are the bundles', () => {
    expect(pkg.private).toBeUndefined();
    expect(pkg.dependencies).toBeUndefined();
    expect(pkg.bin).toEqual({ 'channel-rules': 'bin/channel-rules.js', 'channel-rules-language-server': 'bin/channel-rules-language-server.js' });
  });

  it('holds the bundles, bin/, docs, examples and templates, and nothing else', () => {
    const files = packed.files.map((file) => file.path).sort();
    expect(files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)))).toEqual([]);
    expect(REQUIRED.filter((file) => !files.includes(file))).toEqual([]);
  });

  it('its bundles require nothing but Node built-ins at run time', () => {
    const commandBundles = fs.readdirSync(path.join(installed, 'dist')).filter((file) => /^cli-[a-z]+\.js$/.test(file));
    expect(commandBundles).toContain('cli-report.js');
    for (const bundle of ['cli.js', 'server.js', 'range-worker.js', ...commandBundles]) {
      const text = fs.readFileSync(path.join(installed, 'dist', bundle), 'utf8');
      const required = new Set([...text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1]!));
      expect(required.size).toBeGreaterThan(0);
      // Besides built-ins, cli.js requires only the command bundles shipped beside it.
      const ours = (name: string) => bundle === 'cli.js' && /^\.\/cli-[a-z]+\.js$/.test(name) && fs.existsSync(path.join(installed, 'dist', name));
      expect([...required].filter((name) => !isBuiltin(name) && !ours(name)), bundle).toEqual([]);
    }
  });

  it('channel-rules --version prints the package version', () => {
    const result = run('channel-rules', ['--version']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${pkg.version}\n`);
  });

  it('channel-rules report runs on the worked example shipped in the package', () => {
    const examples = path.join(installed, 'examples');
    const result = run('channel-rules', [
      'report',
      path.join(examples, 'amplitude-example.channels'),
      '--events',
      path.join(examples, 'amplitude-example.ndjson'),
      '--conversion',
      'Purchase',
      '--lookback',
      '20m',
      '--format',
      'json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { events: number; users: number; sessionCount: number };
    expect({ events: report.events, users: report.users, sessions: report.sessionCount }).toEqual({ events: 17, users: 2, sessions: 5 });
  });

  it('channel-rules report --threads 2 reads on the installed worker threads, with the same report', () => {
    const examples = path.join(installed, 'examples');
    const args = ['report', path.join(examples, 'amplitude-example.channels'), '--events', path.join(examples, 'amplitude-example.ndjson'), '--format', 'json'];
    const one = run('channel-rules', [...args, '--threads', '1']);
    // Ranges of 200 bytes: the 17 events are cut into several ranges, read by dist/range-worker.js.
    const env: NodeJS.ProcessEnv = { ...process.env, CHANNEL_RULES_RANGE_SIZE: '200' };
    delete env.NODE_PATH;
    const two = spawnSync(path.join(prefix, 'bin', 'channel-rules'), [...args, '--threads', '2'], { cwd: work, env, encoding: 'utf8' });
    expect(two.stderr).toBe('');
    expect(two.status).toBe(0);
    expect(two.stdout).toBe(one.stdout);
  });

  it('channel-rules check --format sarif gives SARIF 2.1.0 with the overlaps of the GA4 example', () => {
    const result = run('channel-rules', ['check', '--format', 'sarif', path.join(installed, 'examples', 'ga4-default.channels')]);
    expect(result.status, result.stderr).toBe(0);
    const sarif = JSON.parse(result.stdout) as { version: string; runs: { results: { ruleId: string }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.length).toBeGreaterThan(0);
  });

  it('channel-rules init works from the installed package (its templates are shipped)', () => {
    const folder = path.join(work, 'project');
    fs.mkdirSync(folder);
    const init = spawnSync(path.join(prefix, 'bin', 'channel-rules'), ['init', '--template', 'blank'], { cwd: folder, encoding: 'utf8' });
    expect(init.status, init.stderr).toBe(0);
    expect(fs.readdirSync(folder).sort()).toEqual(['rules.channels', 'rules.events.ndjson']);
  });

  it('channel-rules-language-server --stdio answers initialize', async () => {
    const client = await TestClient.start({ server: path.join(prefix, 'bin', 'channel-rules-language-server'), workspaceFolders: [] });
    try {
      expect(client.initializeResult.capabilities.textDocumentSync).toBeDefined();
      expect(client.initializeResult.capabilities.completionProvider).toBeDefined();
    } finally {
      await client.stop();
    }
  });
});
