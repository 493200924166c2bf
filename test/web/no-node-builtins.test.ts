// The web extension (dist/web/*.js) loads no Node built-in: github.dev and vscode.dev
// run it in a browser's web worker, where `node:fs` and friends do not exist. The
// web entries are built here as scripts/build.mjs builds them, and every input and
// every import of the result is checked against Node's list of built-ins; the build
// itself refuses a Node built-in (the plugin is exercised on a fixture that reads the
// disk), and a module's `.web.ts` variant replaces it.
import { builtinModules } from 'node:module';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain .mjs build script, without types
import { webBuildOptions, webExtensionEntries, webWorkerEntries } from '../../scripts/web-build-plugins.mjs';

const ROOT = path.join(__dirname, '..', '..');
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'web');
const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const isBuiltin = (specifier: string) => BUILTINS.has(specifier) || specifier.startsWith('node:');

async function build(entryPoints: Record<string, string>, format: 'cjs' | 'iife'): Promise<esbuild.Metafile> {
  const result = await esbuild.build({
    ...(webBuildOptions as esbuild.BuildOptions),
    absWorkingDir: ROOT,
    entryPoints,
    format,
    external: ['vscode'],
    outdir: 'out-web-test',
    write: false,
    logLevel: 'silent',
  });
  return result.metafile!;
}

describe('the web bundles', () => {
  it.each([
    ['the client (web worker extension host)', webExtensionEntries as Record<string, string>, 'cjs' as const],
    ['the language server and the preview worker (web workers)', webWorkerEntries as Record<string, string>, 'iife' as const],
  ])('%s import no Node built-in', async (_name, entries, format) => {
    const meta = await build(entries, format);
    const inputs = Object.keys(meta.inputs);
    expect(inputs.length).toBeGreaterThan(50);
    expect(inputs.filter(isBuiltin)).toEqual([]);
    const imported = Object.values(meta.inputs).flatMap((input) => input.imports.map((entry) => entry.path));
    expect(imported.filter(isBuiltin)).toEqual([]);
    const outputImports = Object.values(meta.outputs).flatMap((output) => output.imports.map((entry) => entry.path));
    expect(outputImports.filter((specifier) => specifier !== 'vscode')).toEqual([]);
    // The web variants are what the bundles hold (not the Node modules they replace).
    expect(inputs.some((input) => input.endsWith('.web.ts'))).toBe(true);
    expect(inputs.filter((input) => /(^|\/)(server\/analyser|server\/workspace-files|engine\/events\/read-events)\.ts$/.test(input))).toEqual([]);
  }, 60_000);
});

describe('the web build', () => {
  it('fails on a module that imports a Node built-in, naming it and its importer', async () => {
    const failure = await build({ entry: path.join(FIXTURES, 'entry-reading-disk.ts') }, 'iife').then(
      () => undefined,
      (error: esbuild.BuildFailure) => error,
    );
    expect(failure?.errors.map((error) => error.text)).toEqual([expect.stringMatching(/Node built-in "node:fs" \(from .*reads-disk\.ts\)/)]);
  });

  it("takes a module's .web.ts variant in its place", async () => {
    const meta = await build({ entry: path.join(FIXTURES, 'entry-with-variant.ts') }, 'iife');
    const inputs = Object.keys(meta.inputs);
    expect(inputs.some((input) => input.endsWith('platform-name.web.ts'))).toBe(true);
    expect(inputs.some((input) => input.endsWith('platform-name.ts'))).toBe(false);
  });
});
