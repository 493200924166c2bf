// Builds the bundles once before any suite runs, so tests that start dist/cli.js or
// dist/server.js always run the code under test, even with `npx vitest run test/x`.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function setup(): void {
  if (process.env.CHANNEL_RULES_SKIP_BUILD === '1') return;
  execFileSync(process.execPath, [path.join(__dirname, '..', '..', 'scripts', 'build.mjs')], {
    cwd: path.join(__dirname, '..', '..'),
    stdio: 'inherit',
  });
}
