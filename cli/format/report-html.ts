// `report --format html`: one self-contained HTML file rendered by the preview's own UI
// (dist/webview.js and dist/webview.css inlined), with the report embedded as JSON.
// No network: the Content-Security-Policy allows only the inlined script and style,
// pinned by their SHA-256 hashes (so the same report gives the same file, byte for byte).

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ReportJson, StandaloneReportData } from '../../engine/preview/protocol';

export const DATA_ELEMENT_ID = 'channel-rules-data';

/** The HTML report. `data` is the §7.1 report, or the report with explorer data and labels. */
export function renderReportHtml(data: ReportJson | StandaloneReportData, bundle: UiBundle = readUiBundle()): string {
  const standalone: StandaloneReportData = isStandalone(data) ? data : { report: data };
  const script = inlineSafe(stripSourceMap(bundle.js), 'script');
  const style = inlineSafe(stripSourceMap(bundle.css), 'style');
  const csp = [
    "default-src 'none'",
    `script-src '${sha256(script)}'`,
    `style-src '${sha256(style)}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const title = standalone.title ?? (standalone.rulesFile !== undefined ? `Channel report: ${standalone.rulesFile}` : 'Channel report');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="channel-rules">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<div id="app" data-host="standalone"></div>
<script type="application/json" id="${DATA_ELEMENT_ID}">${embedJson({ ...standalone, title })}</script>
<script>${script}</script>
</body>
</html>
`;
}

export interface UiBundle {
  js: string;
  css: string;
}

/** dist/webview.js and dist/webview.css, next to the running CLI bundle (or the repository's dist/ when run from source). */
export function readUiBundle(): UiBundle {
  const candidates = [__dirname, path.join(__dirname, '..', '..', 'dist')];
  for (const folder of candidates) {
    const js = path.join(folder, 'webview.js');
    const css = path.join(folder, 'webview.css');
    if (existsSync(js) && existsSync(css)) return { js: readFileSync(js, 'utf8'), css: readFileSync(css, 'utf8') };
  }
  throw new Error(`the report UI (webview.js, webview.css) is missing next to ${__dirname}; run npm run build`);
}

function isStandalone(data: ReportJson | StandaloneReportData): data is StandaloneReportData {
  return typeof (data as StandaloneReportData).report === 'object' && (data as StandaloneReportData).report !== null;
}

/**
 * JSON that is safe inside <script type="application/json">: no `<`, `>` or `&` can
 * end the element or start a comment, and U+2028/2029 are escaped too. JSON.parse
 * reads the escapes back to the same characters.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function stripSourceMap(code: string): string {
  return code.replace(/\n?\/[/*]# sourceMappingURL=[^\n]*\s*$/, '\n');
}

/** `</script` (or `</style`) would end the element early; `<\/` means the same inside JS strings and CSS. */
function inlineSafe(code: string, element: 'script' | 'style'): string {
  return code.replace(new RegExp(`</(${element})`, 'gi'), '<\\/$1');
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}
