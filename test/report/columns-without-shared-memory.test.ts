// Where there is no SharedArrayBuffer (a web worker that is not cross-origin isolated:
// github.dev, vscode.dev run the preview there), the columns still grow: only the
// threaded report (Node) asks for shared memory.

import { afterEach, describe, expect, it } from 'vitest';
import { ByteInterner } from '../../engine/collections/byte-interner';
import { buildReport } from '../../engine/report/build-report';
import { EventColumns, ReaderIds } from '../../engine/report/event-columns';
import { parseReportSettings } from '../../engine/report/report-settings';
import { MINUTE, T0 } from './report-helpers';

const saved = globalThis.SharedArrayBuffer;

function withoutSharedMemory(): void {
  // As in a browser without cross-origin isolation: the global is not defined at all.
  delete (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer;
}

afterEach(() => {
  globalThis.SharedArrayBuffer = saved;
});

describe('columns without SharedArrayBuffer', () => {
  it('grow past their first room and give the report (the preview in a browser)', async () => {
    withoutSharedMemory();
    const columns = new EventColumns();
    for (let i = 0; i < 3000; i++) columns.add(i + 1, { user: `u${i % 7}`, time: T0 + i * MINUTE, eventType: i % 10 === 0 ? 'purchase' : 'view' });
    expect(columns.count).toBe(3000);
    const built = await buildReport(
      { columns, channelOf: new Int32Array(3000).fill(0), channelNames: ['A'], skipped: 0 },
      parseReportSettings({ conversion: 'purchase' }),
    );
    expect(built.report.events).toBe(3000);
    expect(built.report.users).toBe(7);
  });

  it('append many names through a reader translation', () => {
    withoutSharedMemory();
    const columns = new EventColumns();
    const users = Array.from({ length: 2000 }, (_, i) => `u${i}`);
    const count = users.length;
    const readerNames = new ByteInterner();
    for (const user of users) readerNames.intern(user);
    columns.append(
      {
        count,
        lines: Int32Array.from(users, (_, i) => i + 1),
        times: new Float64Array(count),
        userOf: Int32Array.from(users, (_, i) => i),
        typeOf: new Int32Array(count).fill(-1),
        sessionIdOf: new Int32Array(count).fill(-1),
        users: readerNames.keysFrom(0),
        eventTypes: [],
        sessionIds: [],
        anySessionId: false,
      },
      0,
      new ReaderIds(),
    );
    expect(columns.userCount).toBe(2000);
  });
});
