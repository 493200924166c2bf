// Chromium's launch arguments for headless test browsers: the preview UI tests
// (test/webview/browser.ts) and the editor end-to-end tests (test/e2e/code-server.mjs).
// Plain JavaScript so the e2e scripts can import it with node alone.

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
