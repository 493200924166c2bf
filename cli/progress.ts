// A progress line on stderr for work that takes over a second, only when stderr is a
// terminal (CI logs and pipes stay clean).

import type { RunProgress } from '../engine/report/run-report';
import type { CommandIO } from './command';
import { formatInteger } from './format/table';

export interface ProgressLine {
  update(progress: RunProgress): void;
  done(): void;
}

const SILENT: ProgressLine = { update() {}, done() {} };

export function progressLine(io: CommandIO, delayMs = 1000): ProgressLine {
  if (!io.stderr.isTTY) return SILENT;
  const started = Date.now();
  let shown = false;
  let lastDraw = 0;
  return {
    update(progress) {
      const now = Date.now();
      if (now - started < delayMs || now - lastDraw < 100) return;
      lastDraw = now;
      shown = true;
      const percent = progress.total > 0 ? ` ${Math.min(100, Math.floor((progress.read / progress.total) * 100))}%` : '';
      const what = progress.phase === 'reading' ? `reading events${percent}` : 'building the report';
      io.stderr.write(`\r\x1b[K${what}: ${formatInteger(progress.events)} events, ${formatInteger(progress.skipped)} skipped`);
    },
    done() {
      if (shown) io.stderr.write('\r\x1b[K');
    },
  };
}
