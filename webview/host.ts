// Where the UI runs: inside a VS Code webview (messages to and from the extension,
// state kept by VS Code across reloads) or standalone in the HTML report (data
// embedded in the page, nothing to talk to).

import type { FromWebview, WebviewPersistedState } from '../engine/preview/protocol';

export interface Host {
  readonly kind: 'vscode' | 'standalone';
  post(message: FromWebview): void;
  getState(): WebviewPersistedState;
  setState(state: WebviewPersistedState): void;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  // Provided by VS Code inside webviews; callable once.
  function acquireVsCodeApi(): VsCodeApi;
}

export function vscodeHost(): Host {
  const api = acquireVsCodeApi();
  return {
    kind: 'vscode',
    post: (message) => api.postMessage(message),
    getState: () => {
      const state = api.getState();
      return state !== null && typeof state === 'object' ? (state as WebviewPersistedState) : {};
    },
    setState: (state) => api.setState(state),
  };
}

export function standaloneHost(): Host {
  let state: WebviewPersistedState = {};
  return {
    kind: 'standalone',
    post: () => undefined,
    getState: () => state,
    setState: (next) => {
      state = next;
    },
  };
}
