// Answers the web build's language server, which has no file system in its web
// worker (server/sample-store.web.ts): where a rules file's sample events are (found
// as the preview finds them, ./preview/sample-events) and their bytes, read through
// vscode.workspace.fs; a file too large for the browser's memory is refused with the
// reason. The Node server reads files itself and never asks.

import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { tooLargeForMemory } from '../engine/events/in-memory-limits';
import {
  READ_SAMPLE_REQUEST,
  SAMPLE_FILE_REQUEST,
  type ReadSampleParams,
  type ReadSampleResult,
  type SampleFileParams,
  type SampleFileResult,
} from '../server/custom-protocol';
import { findSampleEvents } from './preview/sample-events';

export function answerSampleFileRequests(client: BaseLanguageClient, context: vscode.ExtensionContext): void {
  client.onRequest(SAMPLE_FILE_REQUEST, async (params: SampleFileParams): Promise<SampleFileResult> => {
    const found = (await findSampleEvents(context, vscode.Uri.parse(params.uri, true))).choice;
    if (found === undefined) return {};
    try {
      const stat = await vscode.workspace.fs.stat(found.uri);
      return { uri: found.uri.toString(), mtime: stat.mtime, size: stat.size };
    } catch {
      return {};
    }
  });
  client.onRequest(READ_SAMPLE_REQUEST, async (params: ReadSampleParams): Promise<ReadSampleResult> => {
    const uri = vscode.Uri.parse(params.uri, true);
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      const tooLarge = tooLargeForMemory(stat.size);
      if (tooLarge !== undefined) return { error: tooLarge };
      return { bytes: await vscode.workspace.fs.readFile(uri), mtime: stat.mtime };
    } catch (error) {
      return { error: `cannot read ${vscode.workspace.asRelativePath(uri)}: ${(error as Error).message}` };
    }
  });
}
