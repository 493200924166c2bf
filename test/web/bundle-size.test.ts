// Every web bundle (dist/web/*.js: the client, the language server, its analysis
// worker, the preview's worker) is at most 1.5 MB in the production build, which is
// what github.dev and vscode.dev download. They are built here in memory as
// `npm run package` builds them (scripts/build.mjs with --production), and the client
// and the server carry no analysis engine (refa): that is the analysis worker's, which
// the server starts on first use.
import path from 'node:path';
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain .mjs build script, without types
import { productionOptions, WEB_BUNDLE_LIMIT_BYTES, webBuildOptions, webExtensionEntries, webWorkerEntries } from '../../scripts/web-build-plugins.mjs';

const ROOT = path.join(__dirname, '..', '..');

async function productionBuild(entryPoints: Record<string, string>, format: 'cjs' | 'iife'): Promise<esbuild.Metafile> {
  const result = await esbuild.build({
    ...(webBuildOptions as esbuild.BuildOptions),
    ...(productionOptions as esbuild.BuildOptions),
    define: { __VERSION__: '"0.0.0"', __REPOSITORY_URL__: '""' },
    absWorkingDir: ROOT,
    entryPoints,
    format,
    external: ['vscode'],
    outdir: 'out-web-size-test',
    write: false,
    logLevel: 'silent',
  });
  return result.metafile!;
}

describe('the production web bundles', () => {
  it('are each at most 1.5 MB, and only the analysis worker carries refa', async () => {
    const client = await productionBuild(webExtensionEntries as Record<string, string>, 'cjs');
    const workers = await productionBuild(webWorkerEntries as Record<string, string>, 'iife');
    const outputs = { ...client.outputs, ...workers.outputs };
    const sizes = Object.fromEntries(Object.entries(outputs).map(([file, output]) => [path.basename(file), output.bytes]));
    expect(Object.keys(sizes).sort()).toEqual(['analysis-worker.js', 'extension.js', 'preview-worker.js', 'server.js']);
    expect(WEB_BUNDLE_LIMIT_BYTES).toBe(1_572_864);
    for (const [file, bytes] of Object.entries(sizes)) expect({ file, bytes, over: bytes > WEB_BUNDLE_LIMIT_BYTES }).toEqual({ file, bytes, over: false });
    const withRefa = Object.entries(outputs)
      .filter(([, output]) => Object.keys(output.inputs).some((input) => input.startsWith('node_modules/refa/')))
      .map(([file]) => path.basename(file));
    expect(withRefa).toEqual(['analysis-worker.js']);
  }, 120_000);
});
