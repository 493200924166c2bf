// The web extension's builds: entries, options and esbuild plugins (scripts/build.mjs; the test
// test/web/no-node-builtins.test.ts builds with them too).
import { existsSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

/**
 * In the web builds, a module `x.ts` with a sibling `x.web.ts` is replaced by it: the
 * few modules that touch Node (files, threads, processes) have a web implementation
 * of the same exports.
 */
export const webVariants = {
  name: 'web-variants',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const base = path.join(args.resolveDir, args.path.replace(/\.js$/, ''));
      const variant = `${base}.web.ts`;
      if (existsSync(variant) && statSync(variant).isFile()) return { path: variant };
      return undefined;
    });
  },
};

/** The web builds must not load a Node built-in: the build fails, naming the importer. */
const nodeBuiltins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
export const noNodeBuiltins = {
  name: 'no-node-builtins',
  setup(build) {
    build.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
      if (!nodeBuiltins.has(args.path) && !args.path.startsWith('node:')) return undefined;
      return { errors: [{ text: `the web build imports the Node built-in "${args.path}" (from ${args.importer}); give that module a .web.ts variant` }] };
    });
  },
};


// The web extension (github.dev, vscode.dev; docs/dev/architecture.md "The web
// extension"): the client for the web worker extension host (CommonJS, `vscode`
// external), the language server, its analysis worker (started on first use) and the
// preview's engine in web workers (IIFE).
export const webExtensionEntries = {
  extension: 'client/extension.ts',
};
export const webWorkerEntries = {
  server: 'server/main-web.ts',
  'analysis-worker': 'server/analysis-worker-web.ts',
  'preview-worker': 'engine/preview/worker-web.ts',
};

/**
 * The most bytes one web bundle may have in the production build (1.5 MB, in the
 * build output's units: 1 KB = 1024 bytes). github.dev downloads the extension and
 * its workers on every visit; scripts/build.mjs fails a production build over it, and
 * test/web/bundle-size.test.ts checks it.
 */
export const WEB_BUNDLE_LIMIT_BYTES = 1.5 * 1024 * 1024;

/** How scripts/build.mjs minifies the production build (`npm run package`, `npm pack`). */
export const productionOptions = { minify: true, sourcemap: false, legalComments: 'none' };

/**
 * What every web build shares. csv-parse's browser build carries its own stream
 * implementation. regexpp is imported by our code (its ES module) and required by
 * refa and scslre (its CommonJS file): one copy, the ES module, for both (58 KB less).
 */
export const webBuildOptions = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  metafile: true,
  alias: { 'csv-parse': 'csv-parse/browser/esm', '@eslint-community/regexpp': './node_modules/@eslint-community/regexpp/index.mjs' },
  plugins: [webVariants, noNodeBuiltins],
};
