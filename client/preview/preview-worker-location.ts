// Where the preview's worker is (Node: dist/preview-worker.js, a worker_threads
// script). The web build replaces this module by ./preview-worker-location.web.

import path from 'node:path';
import type * as vscode from 'vscode';
import type { PreviewRunnerOptions } from '../../engine/preview/preview-runner';

export function previewWorkerLocation(context: vscode.ExtensionContext): Pick<PreviewRunnerOptions, 'workerPath' | 'loadWorkerScript'> {
  return { workerPath: path.join(context.extensionUri.fsPath, 'dist', 'preview-worker.js') };
}

/** Node reads a sample file itself, by its path, in chunks (gz and zip too). */
export const READS_SAMPLES_BY_PATH = true;
