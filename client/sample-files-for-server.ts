// Answers the language server about files only the editor can open: the web
// build's, which has no file system in its web worker (server/sample-store.web.ts),
// where a rules file's sample events are (found as the preview finds them,
// ./preview/sample-events); and both builds' servers, the bytes of a sample, read
// through vscode.workspace.fs (./sample-bytes-for-server: a file too large for memory
// refused with the reason, a cancelled request given up where it can be, the bytes
// in pieces, the file held for its transfer only). The Node
// server asks for Compare with…'s sample on a virtual file system only: it reads
// files on disk itself.

import * as vscode from 'vscode';
import { LSPErrorCodes, ResponseError, type BaseLanguageClient, type CancellationToken } from 'vscode-languageclient';
import {
  END_SAMPLE_TRANSFER_NOTIFICATION,
  READ_SAMPLE_REQUEST,
  SAMPLE_FILE_REQUEST,
  type EndSampleTransferParams,
  type ReadSampleParams,
  type ReadSampleResult,
  type SampleFileParams,
  type SampleFileResult,
} from '../server/custom-protocol';
import { findSampleEvents } from './preview/sample-events';
import { READ_CANCELLED, SampleTransfers } from './sample-bytes-for-server';
import { SERVER_TRANSPORT } from './sample-bytes-transport';

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
  const transfers = new SampleTransfers(SERVER_TRANSPORT);
  client.onRequest(READ_SAMPLE_REQUEST, async (params: ReadSampleParams, token: CancellationToken): Promise<ReadSampleResult | ResponseError> => {
    const uri = vscode.Uri.parse(params.uri, true);
    const file = { name: vscode.workspace.asRelativePath(uri), stat: () => vscode.workspace.fs.stat(uri), readFile: () => vscode.workspace.fs.readFile(uri) };
    const answer = await transfers.answer(params, file, token);
    return answer === READ_CANCELLED ? new ResponseError(LSPErrorCodes.RequestCancelled, 'the server no longer needs the sample') : answer;
  });
  client.onNotification(END_SAMPLE_TRANSFER_NOTIFICATION, (params: EndSampleTransferParams) => transfers.end(params.transfer));
}
