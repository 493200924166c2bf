// Bundles every entry point with esbuild. Node entries are CommonJS with `vscode`
// external; browser entries (the webview) are IIFE. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repositoryUrl } from './repository.mjs';
import { productionOptions, WEB_BUNDLE_LIMIT_BYTES, webBuildOptions, webExtensionEntries, webWorkerEntries } from './web-build-plugins.mjs';

const watch = process.argv.includes('--watch');
// `npm pack` and `npm publish` run `prepare` (this script): what they pack is the
// production build.
const production = process.argv.includes('--production') || ['pack', 'publish'].includes(process.env.npm_command ?? '');

// The CLI: dist/cli.js dispatches and loads each command's own bundle,
// dist/cli-<name>.js, only when it runs (cli/commands.ts), so a cold start reads only
// what the command needs.
const cliCommands = readdirSync('cli/commands').filter((file) => file.endsWith('.ts')).map((file) => file.slice(0, -'.ts'.length));
const nodeEntries = {
  cli: 'cli/main.ts',
  ...Object.fromEntries(cliCommands.map((name) => [`cli-${name}`, `cli/commands/${name}.ts`])),
  server: 'server/main.ts',
  extension: 'client/extension.ts',
  bench: 'bench/bench.ts',
  'preview-worker': 'engine/preview/worker.ts',
  // The report's reading threads (engine/report/threaded-report.ts).
  'range-worker': 'engine/report/range-worker.ts',
};
const browserEntries = {
  webview: 'webview/main.ts',
};
const present = (entries) => Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file)));

// `--version` (CLI, server) and SARIF's tool.driver.version: package.json's version,
// fixed in the bundle (engine/version.ts), never read from disk at run time.
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// The public repository (package.json `repository`, scripts/repository.mjs), for the
// links to docs/diagnostics.md in SARIF and GitHub output; empty until there is one.
const repository = repositoryUrl() ?? '';

const common = {
  define: { __VERSION__: JSON.stringify(version), __REPOSITORY_URL__: JSON.stringify(repository) },
  bundle: true,
  sourcemap: 'linked',
  minify: false,
  outdir: 'dist',
  logLevel: 'warning',
  legalComments: 'none',
  ...(production ? productionOptions : {}),
};

/** In cli/commands.ts, `import('./commands/<name>')` becomes a require of dist/cli-<name>.js at run time. */
const commandBundles = {
  name: 'command-bundles',
  setup(build) {
    build.onResolve({ filter: /^\.\/commands\/[a-z-]+\.js$/ }, (args) => {
      if (!args.importer.replace(/\\/g, '/').endsWith('cli/commands.ts') || args.kind !== 'dynamic-import') return undefined;
      return { path: `./cli-${args.path.slice('./commands/'.length, -'.js'.length)}.js`, external: true };
    });
  },
};

const web = { ...common, ...webBuildOptions, outdir: 'dist/web' };

const builds = [
  { ...common, entryPoints: present(nodeEntries), platform: 'node', target: 'node20', format: 'cjs', external: ['vscode'], plugins: [commandBundles],
    // import() of a command bundle as require(): no ES module loader on the way.
    supported: { 'dynamic-import': false } },
  { ...common, entryPoints: present(browserEntries), platform: 'browser', target: 'es2022', format: 'iife' },
  { ...web, entryPoints: present(webExtensionEntries), format: 'cjs', external: ['vscode'] },
  { ...web, entryPoints: present(webWorkerEntries), format: 'iife' },
].filter((options) => Object.keys(options.entryPoints).length > 0);

if (watch) {
  for (const options of builds) (await esbuild.context(options)).watch();
} else {
  const results = await Promise.all(builds.map((options) => esbuild.build(options)));
  // The web bundles' sizes (at most 1.5 MB each in the production build) and their
  // inputs, for test/web/no-node-builtins.test.ts.
  const outputs = {};
  const inputs = {};
  for (const result of results) {
    if (result.metafile === undefined) continue;
    Object.assign(outputs, result.metafile.outputs);
    Object.assign(inputs, result.metafile.inputs);
  }
  const sizes = Object.entries(outputs).filter(([file]) => file.endsWith('.js'));
  if (sizes.length > 0) {
    mkdirSync('dist/web', { recursive: true });
    writeFileSync('dist/web/meta.json', JSON.stringify({ inputs, outputs }));
    const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
    const limit = production ? `, at most ${kb(WEB_BUNDLE_LIMIT_BYTES)} each` : ' (not minified)';
    console.log(`web bundles${limit}: ${sizes.map(([file, output]) => `${path.basename(file)} ${kb(output.bytes)}`).join(', ')}`);
    const over = sizes.filter(([, output]) => output.bytes > WEB_BUNDLE_LIMIT_BYTES);
    if (production && over.length > 0) {
      console.error(`build: ${over.map(([file, output]) => `${file} is ${kb(output.bytes)}`).join(', ')}, over the web bundles' ${kb(WEB_BUNDLE_LIMIT_BYTES)} (scripts/web-build-plugins.mjs)`);
      process.exitCode = 1;
    }
  }
}
