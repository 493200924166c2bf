// The web build's ./diagnostics-doc-url: a web worker's bundle does not know its
// folder, so the client says where docs/diagnostics.md is (initializationOptions
// `diagnosticsDoc`, the extension's own copy, served by the editor).

let doc: string | undefined;

export function diagnosticsDocUrl(code: string): string {
  return `${doc ?? 'docs/diagnostics.md'}#${code}`;
}

export function configureDiagnosticsDoc(uri: string | undefined): void {
  doc = uri;
}
