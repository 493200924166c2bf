// The project's public repository has ONE source of truth: `repository.url` in
// package.json (absent until the repository is public). Everything else is derived
// from it: `bugs` and `homepage` in package.json (written by `set`), the action that
// `channel-rules init --with-ci` puts in a workflow (read from the installed
// package.json), the links to docs/diagnostics.md in SARIF and GitHub output
// (scripts/build.mjs defines the URL in the bundles), and whether `npm run package` can rewrite the README's relative links.
//
//   node scripts/repository.mjs                 prints the URL (nothing when there is none)
//   node scripts/repository.mjs set <https URL> writes repository, bugs and homepage
//
// The release workflow runs `set` with the repository it runs in when package.json has
// none yet (see docs/dev/release.md).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const PACKAGE_JSON = path.join(ROOT, 'package.json');

/** The public URL of the repository (https, no `.git`), or undefined. */
export function repositoryUrl(pkg = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8'))) {
  const raw = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  if (!raw) return undefined;
  return raw.replace(/^git\+/, '').replace(/\.git$/, '');
}

/** `owner/name` of a GitHub repository URL, or undefined. */
export function githubSlug(url) {
  const match = /^https:\/\/github\.com\/([^/]+\/[^/#?]+)$/.exec(url ?? '');
  return match?.[1];
}

/** The package.json fields derived from the repository URL. */
export function repositoryFields(url) {
  return {
    repository: { type: 'git', url: `git+${url}.git` },
    bugs: { url: `${url}/issues` },
    homepage: `${url}#readme`,
  };
}

function set(url) {
  if (!/^https:\/\/[^\s]+$/.test(url ?? '') || url.endsWith('.git') || url.endsWith('/')) {
    process.stderr.write('repository.mjs set: give the https URL of the repository, without .git or a trailing slash\n');
    process.exit(2);
  }
  const text = readFileSync(PACKAGE_JSON, 'utf8');
  const pkg = JSON.parse(text);
  const fields = repositoryFields(url);
  // Keep the key order of package.json; new keys go after `license`.
  const out = {};
  for (const [key, value] of Object.entries(pkg)) {
    if (key in fields) continue;
    out[key] = value;
    if (key === 'license') Object.assign(out, fields);
  }
  writeFileSync(PACKAGE_JSON, `${JSON.stringify(out, null, 2)}\n`);
  process.stdout.write(`package.json: repository, bugs and homepage now point at ${url}\n`);
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const [command, url] = process.argv.slice(2);
  if (command === 'set') set(url);
  else if (command === undefined) {
    const current = repositoryUrl();
    if (current) process.stdout.write(`${current}\n`);
  } else {
    process.stderr.write(`repository.mjs: unknown command "${command}" (set <url>, or nothing to print the URL)\n`);
    process.exit(2);
  }
}
