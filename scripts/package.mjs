// `npm run package [-- vsce options]`: the production bundles, then `vsce package`
// (through scripts/vsce.mjs, which keeps npm's `files` list out of vsce's sight).
// Dependencies are bundled by esbuild, so vsce packs none. The repository URL comes
// from package.json (scripts/repository.mjs): with one, vsce checks it and rewrites the
// README's relative links (the screenshots) to it; without one (a private clone), the
// .vsix is packed for local use and this says so.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, repositoryUrl } from './repository.mjs';
import { runVsce } from './vsce.mjs';

execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--production'], { cwd: ROOT, stdio: 'inherit' });
const vsceArgs = ['package', '--no-dependencies'];
if (repositoryUrl() === undefined) {
  process.stderr.write('package: package.json has no repository URL yet (node scripts/repository.mjs set <url>); packing for local use, README links stay relative\n');
  vsceArgs.push('--allow-missing-repository', '--no-rewrite-relative-links');
}
try {
  runVsce([...vsceArgs, ...process.argv.slice(2)]);
} catch (error) {
  process.exitCode = error.status ?? 1;
}
