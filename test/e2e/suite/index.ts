// The in-host test entry (test-electron's `extensionTestsPath` shape): VS Code loads
// this module in the extension host and calls run(). Works the same under
// code-server (test/e2e/run.mjs) and @vscode/test-electron (test/e2e/electron.mjs).
// Results also go to $CHANNEL_RULES_E2E_RESULTS as JSON for the harness.
import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

interface TestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec', grep: process.env.CHANNEL_RULES_E2E_GREP });
  const files = fs
    .readdirSync(__dirname)
    .filter((file) => file.endsWith('.e2e.js'))
    .sort();
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  const results: TestResult[] = [];
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (test) => results.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration }));
    runner.on('fail', (test, error: Error) =>
      results.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration, error: error.stack ?? error.message }),
    );
    runner.on('pending', (test) => results.push({ title: test.fullTitle(), state: 'pending' }));
  });
  const resultsFile = process.env.CHANNEL_RULES_E2E_RESULTS;
  if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify({ failures, results }, null, 2));
  if (failures > 0) throw new Error(`${failures} end-to-end test(s) failed`);
}
