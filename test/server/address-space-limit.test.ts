// The language server under an address-space limit (Linux `ulimit -v`, as some remote
// VS Code servers run): its check and analysis threads reserve about 0.9 GB each, and
// one V8 could not reserve would end the server at its first check (SIGTRAP), and the
// editor would restart it into the same end. With no room for them the server checks
// and analyses on its own thread, says so in its log, and publishes the same
// diagnostics (server/analyser, engine/address-space).

import { describe, expect, it } from 'vitest';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { nodeBaseline } from '../support/address-space-limit';
import { fixtureUri, TestClient } from './lsp-client';

const LINUX = process.platform === 'linux';
if (!LINUX) console.log('server address-space-limit: skipped (ulimit -v and /proc are Linux\'s; run on Linux to test)');

const TEXT = ['channel "Email"', '  when utm_medium = "email"', 'channel "Newsletter"', '  when utm_medium = "email"', '  when utm_source = ', ''].join('\n');

describe.skipIf(!LINUX)('the language server under an address-space limit', () => {
  it('checks and analyses on its own thread when no worker fits', async () => {
    // Room for the server, not for its two workers.
    const client = await TestClient.start({ settings: {}, addressSpaceLimit: nodeBaseline() + (900 << 20) });
    try {
      const uri = fixtureUri('address-space.channels');
      await client.open(uri, TEXT);
      const published = await client.diagnosticsFor(uri, 1, (params) => params.diagnostics.some((d) => d.code === 'unreachable-rule'), 'the analysis');
      expect(published.diagnostics.map((d) => [d.code, d.severity])).toEqual(
        expect.arrayContaining([
          ['syntax', DiagnosticSeverity.Error],
          ['unreachable-rule', DiagnosticSeverity.Warning],
        ]),
      );
      expect(client.logs.join('\n')).toMatch(/no room for the check and analysis threads within the address-space limit \(ulimit -v\) of \d+\.\d GiB: they run on the server's thread/);
      // Still alive and answering after the work.
      await client.change(uri, TEXT.replace('  when utm_source = \n', ''));
      const fixed = await client.diagnosticsFor(uri, 2, (params) => params.diagnostics.some((d) => d.code === 'unreachable-rule'), 'the analysis of the edit');
      expect(fixed.diagnostics.some((d) => d.code === 'syntax')).toBe(false);
    } finally {
      await client.stop();
    }
  }, 60_000);
});
