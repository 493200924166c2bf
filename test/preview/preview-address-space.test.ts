// The preview's worker thread where the address space has no room for one
// (engine/address-space): a thread V8 cannot reserve would end the editor's whole
// extension host, so the preview reports the limit instead, as it reports any worker
// that cannot start, and stops trying after a few.

import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PreviewRunner } from '../../engine/preview/preview-runner';
import { DEFAULT_PREVIEW_OPTIONS } from '../../engine/preview/protocol';

// A limit of 2 GiB with no room left for a thread; the message worded by the module itself.
vi.mock('../../engine/address-space', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../engine/address-space')>();
  const limits = `Max address space         ${2 * 2 ** 30}           ${2 * 2 ** 30}           bytes\n`;
  return { ...actual, workersThatFit: () => 0, withinLimit: () => actual.withinLimit((file) => (file === '/proc/self/limits' ? limits : undefined)) };
});

const ROOT = path.join(__dirname, '..', '..');
const runners: PreviewRunner[] = [];
afterEach(() => {
  for (const runner of runners.splice(0)) runner.dispose();
});

describe('preview runner within an address-space limit', () => {
  it('says there is no room for its thread, and starts none', async () => {
    const runner = new PreviewRunner({ workerPath: path.join(ROOT, 'dist', 'preview-worker.js') });
    runners.push(runner);
    const reason = /no room for its thread within the address-space limit \(ulimit -v\) of 2\.0 GiB/;
    await expect(runner.loadSample(1, { kind: 'path', path: path.join(ROOT, 'examples', 'amplitude-example.ndjson') }, 'x.ndjson')).rejects.toThrow(reason);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Three starts tried (the runner's limit of failed starts), then no more.
    expect(runner.workersStarted).toBe(3);
    const outcome = await runner.run('channel "Email"\n  when utm_medium = "email"\n', 'a.channels', DEFAULT_PREVIEW_OPTIONS);
    expect(outcome).toMatchObject({ kind: 'error' });
    expect(outcome.kind === 'error' ? outcome.message : '').toMatch(reason);
  });
});
