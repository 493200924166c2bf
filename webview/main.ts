// Entry of the preview UI bundle (dist/webview.js, with dist/webview.css). In a VS Code
// webview it talks to the extension; in the standalone HTML report it renders the
// report embedded in <script type="application/json" id="channel-rules-data">.

import type { StandaloneReportData, ToWebview } from '../engine/preview/protocol';
import { App } from './app';
import { standaloneHost, vscodeHost } from './host';
import './styles.css';

declare global {
  interface Window {
    /** For tests and curious users: what the panel shows, as text. */
    channelRulesPreview?: { renderedState: App['renderedState'] };
  }
}

function start(): void {
  const root = document.getElementById('app');
  if (root === null) return;
  const embedded = document.getElementById('channel-rules-data');
  if (embedded !== null) {
    document.documentElement.classList.add('standalone');
    const data = JSON.parse(embedded.textContent ?? '{}') as StandaloneReportData;
    const app = new App(root, standaloneHost(), data);
    window.channelRulesPreview = { renderedState: () => app.renderedState() };
    document.body.dataset.ready = 'true';
    return;
  }
  const host = vscodeHost();
  const app = new App(root, host);
  window.channelRulesPreview = { renderedState: () => app.renderedState() };
  window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
    const message = event.data;
    if (message !== null && typeof message === 'object' && typeof message.type === 'string') app.onMessage(message);
  });
  host.post({ type: 'ready' });
  document.body.dataset.ready = 'true';
}

start();
