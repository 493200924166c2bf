// The package version (package.json's `version`), fixed at build time: esbuild and
// vitest define `__VERSION__` from package.json, so nothing reads the disk at run
// time. The CLI's and the server's `--version` and SARIF's tool.driver.version use it.

declare const __VERSION__: string | undefined;

export const VERSION: string = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

declare const __REPOSITORY_URL__: string | undefined;

/** The public repository's https URL (package.json `repository`, fixed at build time), or undefined while it has none. */
export const REPOSITORY_URL: string | undefined = typeof __REPOSITORY_URL__ === 'string' && __REPOSITORY_URL__ !== '' ? __REPOSITORY_URL__ : undefined;
