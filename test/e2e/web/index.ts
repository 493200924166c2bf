// The in-host suite in code-server's WEB WORKER extension host (test/e2e/run.mjs
// `--only web`): the tests of test/e2e/suite that apply in the browser (language
// features, preview, Compare with… another file or folder, Add a rule for this
// traffic…), run by ./mini-mocha. Results go to the harness as one console
// line, `CHANNEL_RULES_WEB_RESULTS <json>` (a web worker cannot write files).
import { collected } from './mini-mocha';
import './web-worker-host.e2e';
import '../suite/editor.e2e';
import '../suite/preview.e2e';
import '../suite/compare-files.e2e';
import '../suite/trust.e2e';

export async function run(): Promise<void> {
  const results: { title: string; state: 'passed' | 'failed'; durationMs: number; error?: string }[] = [];
  for (const test of collected) {
    const started = Date.now();
    try {
      await test.run();
      results.push({ title: `[web] ${test.title}`, state: 'passed', durationMs: Date.now() - started });
    } catch (error) {
      results.push({ title: `[web] ${test.title}`, state: 'failed', durationMs: Date.now() - started, error: (error as Error)?.stack ?? String(error) });
    }
  }
  const failures = results.filter((result) => result.state === 'failed').length;
  console.log(`CHANNEL_RULES_WEB_RESULTS ${JSON.stringify({ failures, results })}`);
  if (failures > 0) throw new Error(`${failures} end-to-end test(s) failed in the web worker extension host`);
}
