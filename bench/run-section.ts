// Running one bench section in a child process of its own (dist/bench.js --run-section),
// so that its peak RSS is its own: used by bench.ts for every section, and by the 10M
// section for the runs it compares.

import { fork } from 'node:child_process';
import type { SectionResult } from './measure';
import type { BenchContext } from './section';

export interface ChildMessage {
  result?: SectionResult;
  error?: string;
}

export function runSectionInChildProcess(name: string, context: BenchContext): Promise<ChildMessage> {
  return new Promise((resolve) => {
    const child = fork(benchScript(), ['--run-section', name, '--context', JSON.stringify(context)], { stdio: 'inherit' });
    let message: ChildMessage | undefined;
    child.on('message', (received) => {
      message = received as ChildMessage;
    });
    child.on('error', (error) => resolve({ error: error.message }));
    child.on('exit', (code, signal) => {
      resolve(message ?? { error: `section process exited with ${signal ?? `code ${code}`}` });
    });
  });
}


/** dist/bench.js: this module is bundled into it. */
function benchScript(): string {
  return __filename;
}
