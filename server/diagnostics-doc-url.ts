// Where a diagnostic's code is explained (the LSP codeDescription link). The web
// build replaces this module by ./diagnostics-doc-url.web.

import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Where a diagnostic code is explained: docs/diagnostics.md next to the bundle
 * (dist/../docs), which ships in the .vsix and in the npm package, so the link works
 * offline and in every editor.
 */
export function diagnosticsDocUrl(code: string): string {
  // Once: a publication of thousands of diagnostics asked the file system module for every one.
  documentUrl ??= pathToFileURL(path.join(__dirname, '..', 'docs', 'diagnostics.md')).href;
  return `${documentUrl}#${code}`;
}

let documentUrl: string | undefined;

/** Node: the bundle knows where it is; the client's idea is not needed. */
export function configureDiagnosticsDoc(_uri: string | undefined): void {}
