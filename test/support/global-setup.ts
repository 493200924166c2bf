// Builds the bundles once before any suite runs, so tests that start dist/cli.js or
// dist/server.js always run the code under test, even with `npx vitest run test/x`.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { CHROMIUM, CHROMIUM_MISSING_MESSAGE, CHROMIUM_REQUIRED } from './chromium';
import { beginTestRun } from './once-per-run';

export default function setup(): () => void {
  // Browser tests: one line when they will be skipped, a failure when CI requires them.
  if (CHROMIUM === undefined) {
    if (CHROMIUM_REQUIRED) throw new Error(`no Chromium found, and CHANNEL_RULES_REQUIRE_CHROMIUM=1: install Chromium or set CHROMIUM=/path/to/chromium`);
    console.warn(`!!! ${CHROMIUM_MISSING_MESSAGE}`);
  }
  if (process.env.CHANNEL_RULES_SKIP_BUILD !== '1') {
    execFileSync(process.execPath, [path.join(__dirname, '..', '..', 'scripts', 'build.mjs')], {
      cwd: path.join(__dirname, '..', '..'),
      stdio: 'inherit',
    });
  }
  // Lines meant once per run (the PostgreSQL skip line) are claimed in this run's folder.
  return beginTestRun();
}
