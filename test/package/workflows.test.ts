// The repository's workflows (.github/workflows/) and its action (action.yml) pass a
// workflow linter (action-validator: GitHub's schemas, run from its npm package, as
// WebAssembly; nothing downloaded), and the release names flags that the installed
// vsce and ovsx have and secrets that docs/dev/release.md names.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(__dirname, '..', '..');
const LINTER = path.join(ROOT, 'node_modules', '@action-validator', 'cli', 'cli.mjs');
const WORKFLOWS = path.join(ROOT, '.github', 'workflows');

function lint(file: string) {
  return spawnSync(process.execPath, [LINTER, file], { cwd: ROOT, encoding: 'utf8' });
}

function helpOf(bin: string, args: string[]): string {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', ...bin.split('/')), ...args], { cwd: ROOT, encoding: 'utf8' });
  return result.stdout + result.stderr;
}

describe('workflows and action.yml', () => {
  const files = [...fs.readdirSync(WORKFLOWS).map((name) => path.join(WORKFLOWS, name)), path.join(ROOT, 'action.yml')];

  it('are ci.yml, release.yml and action.yml', () => {
    expect(files.map((file) => path.relative(ROOT, file)).sort()).toEqual(['.github/workflows/ci.yml', '.github/workflows/release.yml', 'action.yml']);
  });

  for (const file of files) {
    it(`${path.relative(ROOT, file)} passes the linter`, () => {
      const result = lint(file);
      expect(result.status, result.stdout + result.stderr).toBe(0);
    });
  }

  it('the linter fails a workflow with a mistake in it (so a pass means something)', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'channel-rules-lint-'));
    try {
      const broken = path.join(folder, 'broken.yml');
      const ci = fs.readFileSync(path.join(WORKFLOWS, 'ci.yml'), 'utf8');
      fs.writeFileSync(broken, ci.replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest'));
      const result = lint(broken);
      expect(result.status).not.toBe(0);
      expect(result.stdout + result.stderr).toMatch(/runs_on/);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('ci.yml runs .ci/run, the same steps as the project CI', () => {
    const ci = fs.readFileSync(path.join(WORKFLOWS, 'ci.yml'), 'utf8');
    expect(ci).toMatch(/runs-on: ubuntu-latest/);
    expect(ci).toMatch(/run: bash \.ci\/run/);
    expect(ci).toMatch(/postgresql/);
    expect(ci).toMatch(/chromium/);
  });

  it('release.yml publishes with flags the installed vsce and ovsx have, and names documented secrets', () => {
    const release = fs.readFileSync(path.join(WORKFLOWS, 'release.yml'), 'utf8');
    expect(release).toMatch(/tags: \['v\*\.\*\.\*'\]/);
    expect(release).toContain('npx vsce publish --packagePath "$VSIX"');
    expect(release).toContain('npx ovsx publish --packagePath "$VSIX"');
    expect(release).toContain('npm publish --provenance');
    expect(release).toContain('gh release create "$GITHUB_REF_NAME" "$VSIX"');
    expect(helpOf('@vscode/vsce/vsce', ['publish', '--help'])).toMatch(/--packagePath/);
    const ovsx = helpOf('ovsx/bin/ovsx', ['publish', '--help']);
    expect(ovsx).toMatch(/--packagePath/);
    const secrets = [...release.matchAll(/secrets\.(\w+)/g)].map((match) => match[1]!);
    expect(new Set(secrets)).toEqual(new Set(['VSCE_PAT', 'OVSX_PAT', 'NPM_TOKEN']));
    const docs = fs.readFileSync(path.join(ROOT, 'docs', 'dev', 'release.md'), 'utf8');
    for (const secret of secrets) expect(docs, `docs/dev/release.md names ${secret}`).toContain(`\`${secret}\``);
  });
});
