// The web build's ./preview-worker-location: dist/web/preview-worker.js, a web worker.
// Where the host refuses `new Worker(url)` (code-server serves the extension from
// `vscode-remote:`), the script is read through the editor and started from a `blob:`
// URL (engine/preview/spawn-preview-worker.web).

import * as vscode from 'vscode';
import type { PreviewRunnerOptions } from '../../engine/preview/preview-runner';

export function previewWorkerLocation(context: vscode.ExtensionContext): Pick<PreviewRunnerOptions, 'workerPath' | 'loadWorkerScript'> {
  const script = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'preview-worker.js');
  return { workerPath: script.toString(true), loadWorkerScript: () => Promise.resolve(vscode.workspace.fs.readFile(script)) };
}

/** A web worker has no file system: the sample's bytes are read through the editor and handed over. */
export const READS_SAMPLES_BY_PATH = false;
