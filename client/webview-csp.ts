// The Content-Security-Policy of the extension's webviews (the preview and the compare
// view): styles, fonts and images from the extension (images also as data: URIs), and
// no script but the one carrying the page's fresh nonce. No `vscode` import, so the
// compare view's HTML still renders (and is tested) outside VS Code.

import { randomBytes } from 'node:crypto';

export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

/** The policy for a webview whose resources come from `cspSource` (webview.cspSource). */
export function webviewCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}
