// Cold start: a fresh `node bin/channel-rules.js` process per run, as a user's shell
// starts it (goals: `--version` ≤ 150 ms, the worked-example report ≤ 250 ms), with a
// bare `node -e 0` beside them for what node itself takes on this machine. Medians of
// RUNS runs each.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { percentiles, type Figure } from '../measure';
import type { BenchSection } from '../section';

const RUNS = 7;

function median(args: string[], cwd: string): number {
  const seconds: number[] = [];
  for (let k = 0; k < RUNS; k++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited with ${result.status}`);
    seconds.push((performance.now() - start) / 1000);
  }
  return percentiles(seconds, [50]).get(50)!;
}

export const coldStartSection: BenchSection = {
  name: 'cold-start',
  title: 'a fresh CLI process: --version and the worked-example report (median of 7)',
  async run(context) {
    const bin = path.join(context.root, 'bin', 'channel-rules.js');
    const runs: Array<[string, string[]]> = [
      ['node -e 0 (node alone)', ['-e', '0']],
      ['channel-rules --version', [bin, '--version']],
      ['channel-rules --help', [bin, '--help']],
      [
        'worked-example report',
        [bin, 'report', 'examples/amplitude-example.channels', '--events', 'examples/amplitude-example.ndjson', '--conversion', 'Purchase', '--lookback', '20m'],
      ],
      ['check of the GA4 default rules', [bin, 'check', 'examples/ga4-default.channels']],
    ];
    const figures: Figure[] = [];
    for (const [label, args] of runs) {
      const seconds = median(args, context.root);
      figures.push({ label, seconds, detail: '' });
    }
    return figures;
  },
};
