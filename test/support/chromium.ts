// Where the browser tests find Chromium, and what happens without it. A machine with
// Node only must pass `npm test`: there the browser suites skip, and global-setup
// prints ONE line saying how to enable them. CI (.ci/run) sets
// CHANNEL_RULES_REQUIRE_CHROMIUM=1: then a missing Chromium fails the run loudly, as
// CHANNEL_RULES_REQUIRE_POSTGRES=1 does for PostgreSQL (test/sql/support/postgres.ts).

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

export const CHROMIUM_REQUIRED = process.env.CHANNEL_RULES_REQUIRE_CHROMIUM === '1';

/** `CHROMIUM` (or the older `CHROMIUM_PATH`), else the first chromium on PATH. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const given = env.CHROMIUM ?? env.CHROMIUM_PATH;
  if (given !== undefined && given !== '') return isExecutable(given) ? given : undefined;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    return existsSync(file) && statSync(file).isFile() && (statSync(file).mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

export const CHROMIUM = findChromium();

export const CHROMIUM_MISSING_MESSAGE =
  'SKIPPING the browser tests (test/webview): no Chromium found; install Chromium or set CHROMIUM=/path/to/chromium to run them';
