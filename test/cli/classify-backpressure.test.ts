// `classify` honours back-pressure: with stdout a slow consumer, what waits in the
// stream's buffer stays one batch of output (plus the buffer's own mark), however
// large the input; without waiting for 'drain' it would be the whole output.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { classifyCommand } from '../../cli/commands/classify';

describe('classify with a slow consumer', () => {
  it('never buffers more than one batch of output beyond the high-water mark', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-drain-'));
    const events = path.join(dir, 'events.ndjson');
    const lines: string[] = [];
    for (let k = 0; k < 250_000; k++) lines.push(JSON.stringify({ user_id: `u${k % 97}`, time: 1_700_000_000_000 + k, utm_medium: k % 3 === 0 ? 'email' : 'cpc' }));
    fs.writeFileSync(events, `${lines.join('\n')}\n`);

    const highWaterMark = 16 * 1024;
    let written = 0;
    let largestWrite = 0;
    let mostBuffered = 0;
    const stdout = new Writable({
      highWaterMark,
      // A consumer slower than the reader: each chunk taken a few milliseconds later.
      write(chunk: Buffer, _encoding, callback) {
        written += chunk.length;
        setTimeout(callback, 3);
      },
    });
    const write = stdout.write.bind(stdout) as (chunk: string) => boolean;
    (stdout as unknown as { write: (chunk: string) => boolean }).write = (chunk: string) => {
      largestWrite = Math.max(largestWrite, Buffer.byteLength(chunk));
      const result = write(chunk);
      mostBuffered = Math.max(mostBuffered, stdout.writableLength);
      return result;
    };
    const stderr = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    const code = await classifyCommand.run(['examples/amplitude-example.channels', '--events', events], { stdout, stderr, cwd: process.cwd(), env: {} });
    await new Promise<void>((resolve) => stdout.end(resolve));
    expect(code).toBe(0);
    expect(written).toBeGreaterThan(4 * largestWrite); // several batches
    expect(mostBuffered).toBeLessThanOrEqual(largestWrite + highWaterMark);
    fs.rmSync(dir, { recursive: true });
  });
});
