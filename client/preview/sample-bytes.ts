// A sample's bytes read through the editor (vscode.workspace.fs): in the browser, and
// in desktop VS Code for a file on a virtual file system (not `file:`), which the
// server and the preview's worker cannot open by path. The read is in one piece, so a
// file too large for memory is refused first, in the words of every sample read held
// to that limit (engine/events/in-memory-limits).

import * as vscode from 'vscode';
import { tooLargeForMemory } from '../../engine/events/in-memory-limits';
import { READS_SAMPLES_BY_PATH } from './preview-worker-location';

/** The file's bytes; throws with the reason when it is too large for memory or cannot be read. */
export async function readSampleBytes(uri: vscode.Uri): Promise<Uint8Array> {
  const tooLarge = tooLargeForMemory((await vscode.workspace.fs.stat(uri)).size, READS_SAMPLES_BY_PATH ? 'the editor' : 'the browser');
  if (tooLarge !== undefined) throw new Error(tooLarge);
  return vscode.workspace.fs.readFile(uri);
}
