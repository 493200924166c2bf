// The Content-Security-Policy of the extension's webviews (the preview and the compare
// view): styles, fonts and images from the extension (images also as data: URIs), and
// no script but the one carrying the page's fresh nonce. No `vscode` import, so the
// compare view's HTML still renders (and is tested) outside VS Code.

/** 18 random bytes in base64 (Web Crypto: the same in Node and in a browser's worker). */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes));
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
