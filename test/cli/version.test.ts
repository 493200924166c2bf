// `--version` of the CLI and the language server, and SARIF's tool.driver.version, are
// package.json's version (fixed in the bundle at build time), and the LICENSE exists.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli';

const { version, license } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; license: string };

describe('version', () => {
  it('channel-rules --version prints package.json version', () => {
    const result = runCli(['--version']);
    expect(result).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('channel-rules-language-server --version prints package.json version', () => {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'channel-rules-language-server.js'), '--version'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${version}\n`);
  });

  it("SARIF's tool.driver.version is package.json version", () => {
    const rules = path.join(ROOT, 'examples', 'ga4-default.channels');
    const log = JSON.parse(runCli(['check', rules, '--format', 'sarif']).stdout) as { runs: { tool: { driver: { version: string } } }[] };
    expect(log.runs[0]!.tool.driver.version).toBe(version);
  });

  it('ships the MIT LICENSE that package.json names', () => {
    expect(license).toBe('MIT');
    const text = fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8');
    expect(text).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} Channel Rules contributors\n/);
  });
});
