// The suite (and so the extension it talks to, which has only a `browser` entry here)
// runs in a web worker extension host: no Node `process`, but `importScripts`.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor } from '../suite/helpers';

describe('The web worker extension host', () => {
  it('runs the suite and the extension, with no Node in sight', async () => {
    const scope = globalThis as { process?: unknown; importScripts?: unknown };
    assert.equal(typeof scope.process, 'undefined', 'no Node process object');
    assert.equal(typeof scope.importScripts, 'function', 'a web worker');
    await vscode.workspace.openTextDocument(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'shadowed.channels'));
    const extension = await waitFor('the extension to activate', () => {
      const found = vscode.extensions.getExtension(EXTENSION_ID);
      return found?.isActive ? found : undefined;
    });
    assert.equal(extension.packageJSON.main, undefined, 'loaded from its browser entry');
    assert.equal(extension.packageJSON.browser, './dist/web/extension.js');
  });
});
