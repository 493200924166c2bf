// The web build's ./report-bytes. There a report runs in the browser's analysis
// worker only (Compare with…'s sample, server/analysis-worker-web), whose bundle is
// within a few KB of the 1.5 MB limit: hyparquet (about 190 KB) does not fit, so a
// Parquet file or entry is refused in one line naming it; gz and zip are read
// (../events/event-bytes without a Parquet reader).

import type { EventBatch } from '../events/event';
import { readEventBytes } from '../events/event-bytes';
import type { ReadEventsOptions } from '../events/read-event-text';

export function readReportBytes(bytes: Uint8Array, name: string, options: ReadEventsOptions = {}): AsyncGenerator<EventBatch> {
  return readEventBytes(bytes, name, options);
}
