// Bundles every entry point with esbuild. Node entries are CommonJS with `vscode`
// external; browser entries (the webview) are IIFE. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
// `npm pack` and `npm publish` run `prepare` (this script): what they pack is the
// production build.
const production = process.argv.includes('--production') || ['pack', 'publish'].includes(process.env.npm_command ?? '');

const nodeEntries = {
  cli: 'cli/main.ts',
  server: 'server/main.ts',
  extension: 'client/extension.ts',
  bench: 'bench/bench.ts',
  'preview-worker': 'engine/preview/worker.ts',
};
const browserEntries = {
  webview: 'webview/main.ts',
};

const present = (entries) => Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file)));

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  outdir: 'dist',
  logLevel: 'warning',
  legalComments: 'none',
};

const builds = [
  { ...common, entryPoints: present(nodeEntries), platform: 'node', target: 'node20', format: 'cjs', external: ['vscode'] },
  { ...common, entryPoints: present(browserEntries), platform: 'browser', target: 'es2022', format: 'iife' },
].filter((options) => Object.keys(options.entryPoints).length > 0);

if (watch) {
  for (const options of builds) (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
