// The preview webview's HTML: the bundled UI (dist/webview.js, dist/webview.css) loaded
// through asWebviewUri, under a strict Content-Security-Policy whose only script is
// the one carrying a fresh nonce.

import * as vscode from 'vscode';
import { createNonce, webviewCsp } from '../webview-csp';

export function previewHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = createNonce();
  const dist = vscode.Uri.joinPath(extensionUri, 'dist');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css'));
  const csp = webviewCsp(webview.cspSource, nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${style.toString()}">
<title>Channel Rules Preview</title>
</head>
<body>
<div id="app" data-host="vscode"></div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
