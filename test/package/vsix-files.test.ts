// The extension package: `vsce ls` (what `vsce package` puts in the .vsix) lists
// exactly the intended files, and the manifest has what the Marketplace and Open VSX
// show: icon (rendered from its SVG source), licence, changelog, gallery banner,
// categories, keywords, a walkthrough whose pages and commands exist, and repository
// links that all come from one URL (scripts/repository.mjs) or are all absent.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(__dirname, '..', '..');

interface Manifest {
  icon: string;
  license: string;
  galleryBanner: { color: string; theme: string };
  categories: string[];
  keywords: string[];
  repository?: { type: string; url: string };
  bugs?: { url: string };
  homepage?: string;
  contributes: {
    commands: { command: string }[];
    walkthroughs: { id: string; steps: { id: string; title: string; description: string; media: { markdown?: string; image?: string }; completionEvents?: string[] }[] }[];
  };
}
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

/** Everything the installed extension reads, and nothing else. */
const INTENDED = [
  'CHANGELOG.md',
  'LICENSE',
  'README.md',
  'package.json',
  'images/icon.png',
  'dist/extension.js',
  'dist/server.js',
  'dist/preview-worker.js',
  'dist/webview.js',
  'dist/webview.css',
  'dist/web/extension.js',
  'dist/web/server.js',
  'dist/web/analysis-worker.js',
  'dist/web/preview-worker.js',
  'grammar/channels.tmLanguage.json',
  'grammar/language-configuration.json',
  'docs/diagnostics.md',
  'docs/editors.md',
  'templates/amplitude/template.channels',
  'templates/amplitude/template.events.ndjson',
  'templates/blank/template.channels',
  'templates/blank/template.events.ndjson',
  'templates/ga4/template.channels',
  'templates/ga4/template.events.ndjson',
  'walkthrough/compare.md',
  'walkthrough/create.md',
  'walkthrough/preview.md',
  'walkthrough/shadowed.md',
];

describe('the .vsix', () => {
  it('vsce ls lists exactly the intended files (run as npm run package runs vsce: scripts/vsce.mjs)', () => {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'vsce.mjs'), 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    const listed = result.stdout.split('\n').filter((line) => line.trim() !== '');
    expect(listed.sort()).toEqual([...INTENDED].sort());
  }, 60_000);
});

describe('the extension manifest', () => {
  it('has the icon, rendered from images/icon.svg by scripts/render-icon.mjs', async () => {
    expect(manifest.icon).toBe('images/icon.png');
    const { renderIcon } = (await import(path.join(ROOT, 'scripts', 'render-icon.mjs'))) as { renderIcon(): Buffer };
    const committed = fs.readFileSync(path.join(ROOT, manifest.icon));
    expect(committed.subarray(1, 4).toString()).toBe('PNG');
    expect(committed.readUInt32BE(16)).toBe(256); // width (IHDR)
    expect(committed.readUInt32BE(20)).toBe(256); // height
    expect(Buffer.compare(renderIcon(), committed), 'images/icon.png is stale: run node scripts/render-icon.mjs').toBe(0);
  });

  it('has a licence, a changelog with this version, a gallery banner, categories and keywords', () => {
    expect(manifest.license).toBe('MIT');
    expect(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    const changelog = fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(changelog).toContain(`\n## ${version}\n`);
    expect(changelog).toContain('\n## Unreleased\n');
    expect(manifest.galleryBanner.color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(['dark', 'light']).toContain(manifest.galleryBanner.theme);
    // The Marketplace's categories (vsce rejects others).
    const known = ['Programming Languages', 'Linters', 'Formatters', 'Data Science', 'Visualization', 'Other', 'Snippets', 'Debuggers', 'Testing'];
    expect(manifest.categories.filter((category) => !known.includes(category))).toEqual([]);
    expect(manifest.keywords).toEqual(expect.arrayContaining(['analytics', 'attribution', 'utm', 'ga4', 'amplitude']));
    // The Marketplace takes at most 30 tags (keywords and the tags vsce derives).
    expect(manifest.keywords.length).toBeLessThanOrEqual(20);
  });

  it('repository, bugs and homepage all come from one URL, or are all absent', async () => {
    const { repositoryUrl, repositoryFields } = (await import(path.join(ROOT, 'scripts', 'repository.mjs'))) as {
      repositoryUrl(pkg: unknown): string | undefined;
      repositoryFields(url: string): Record<string, unknown>;
    };
    const url = repositoryUrl(manifest);
    const present = { repository: manifest.repository, bugs: manifest.bugs, homepage: manifest.homepage };
    if (url === undefined) expect(present).toEqual({ repository: undefined, bugs: undefined, homepage: undefined });
    else expect(present).toEqual(repositoryFields(url));
    expect(repositoryFields('https://github.com/acme/channel-rules')).toEqual({
      repository: { type: 'git', url: 'git+https://github.com/acme/channel-rules.git' },
      bugs: { url: 'https://github.com/acme/channel-rules/issues' },
      homepage: 'https://github.com/acme/channel-rules#readme',
    });
  });

  it("the walkthrough's steps (create, preview, shadowed rule, compare) have their pages and existing commands", () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    expect(walkthrough!.steps.map((step) => step.id)).toEqual(['create', 'preview', 'shadowed', 'compare']);
    const ours = new Set(manifest.contributes.commands.map((command) => command.command));
    for (const step of walkthrough!.steps) {
      expect(fs.existsSync(path.join(ROOT, step.media.markdown ?? step.media.image ?? '')), step.id).toBe(true);
      const linked = [...step.description.matchAll(/\(command:([\w.]+)\)/g)].map((match) => match[1]!);
      expect(linked.length, step.id).toBe(1);
      for (const command of linked) expect(ours.has(command) || command.startsWith('workbench.'), command).toBe(true);
      expect(step.completionEvents).toEqual([`onCommand:${linked[0]}`]);
    }
    expect(ours.has('channelRules.newRulesFile')).toBe(true);
  });
});
