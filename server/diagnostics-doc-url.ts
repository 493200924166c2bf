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
  const file = path.join(__dirname, '..', 'docs', 'diagnostics.md');
  return `${pathToFileURL(file).href}#${code}`;
}

/** Node: the bundle knows where it is; the client's idea is not needed. */
export function configureDiagnosticsDoc(_uri: string | undefined): void {}
