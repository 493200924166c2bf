// The package version (package.json's `version`), fixed at build time: esbuild and
// vitest define `__VERSION__` from package.json, so nothing reads the disk at run
// time. The CLI's and the server's `--version` and SARIF's tool.driver.version use it.

declare const __VERSION__: string | undefined;

export const VERSION: string = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';
