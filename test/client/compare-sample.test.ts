// What "Compare with…" sends the language server as its sample (client/compare/compare-sample):
// a file on disk in desktop VS Code by its path; any other file by its URI, whose
// bytes the server asks the editor for and reads as the file by its path (gz, zip,
// Parquet). Before, a sample on a virtual file system in desktop VS Code was read by
// the client and sent as UTF-8 text (gz and zip refused as "a compressed file cannot
// be read as text", Parquet refused), and in the browser gz and zip were refused the
// same way before the server could ask for their bytes.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diffSampleOf, type SampleUri } from '../../client/compare/compare-sample';

const FIXTURES = ['events.ndjson.gz', 'export.zip', 'events.parquet'];

/** A `vscode.Uri`'s parts, for a file of the test's virtual file system or on disk. */
function uriOf(scheme: 'memfs' | 'vscode-vfs' | 'file', name: string): SampleUri {
  if (scheme === 'file') {
    const fsPath = path.join(__dirname, '..', 'fixtures', 'containers', name);
    const url = pathToFileURL(fsPath);
    return { scheme, path: url.pathname, fsPath, toString: () => url.href };
  }
  const uri = scheme === 'memfs' ? `memfs:/samples/${name}` : `vscode-vfs://github/owner/repo/samples/${name}`;
  return { scheme, path: scheme === 'memfs' ? `/samples/${name}` : `/owner/repo/samples/${name}`, fsPath: `/samples/${name}`, toString: () => uri };
}

describe('the sample of Compare with…', () => {
  it('in desktop VS Code: a file on disk by its path, a file of a virtual file system by its URI, whatever its containers and format', () => {
    for (const name of FIXTURES) {
      expect(diffSampleOf(uriOf('file', name), name, true)).toEqual({ path: uriOf('file', name).fsPath });
      expect(diffSampleOf(uriOf('memfs', name), name, true)).toEqual({ uri: `memfs:/samples/${name}` });
      expect(diffSampleOf(uriOf('vscode-vfs', name), name, true)).toEqual({ uri: `vscode-vfs://github/owner/repo/samples/${name}` });
    }
  });

  it('in the browser: every file by its URI, gz and zip too; Parquet refused before it is read, in the analysis worker’s words', () => {
    for (const scheme of ['file', 'memfs', 'vscode-vfs'] as const) {
      for (const name of ['events.ndjson.gz', 'export.zip', 'events.csv']) expect(diffSampleOf(uriOf(scheme, name), name, false)).toEqual({ uri: uriOf(scheme, name).toString() });
      for (const name of ['events.parquet', 'events.PARQUET', 'events.parquet.gz']) {
        expect(() => diffSampleOf(uriOf(scheme, name), `samples/${name}`, false)).toThrow(`samples/${name}: Parquet cannot be read here; NDJSON, JSON and CSV can (gz and zip too)`);
      }
    }
  });
});
