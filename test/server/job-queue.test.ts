// The loop the analysis workers run (server/job-queue: Node's worker thread and the
// browser's analysis web worker): results in order, a newer job of the same kind for
// the same document replacing a queued one, a cancel message stopping the running job
// at its next step, and the diff and rule-for-traffic jobs answering what the engine
// answers in process.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../engine/cancellation';
import { compareTexts } from '../../engine/diff/compare-texts';
import { WorkerChannel } from '../../server/analyser';
import { JobQueue } from '../../server/job-queue';
import type { Logger } from '../../server/safe-handler';
import type { FromWorker, WorkerJob } from '../../server/worker-protocol';
import { largeRulesFile } from './large-rules';
import { SERVER } from './lsp-client';

const GA4 = readFileSync(path.join(__dirname, '..', '..', 'examples', 'ga4-default.channels'), 'utf8');
const SMALL = 'channel "Email"\n  when utm_medium = "email"\n\notherwise "Other"\n';

function queue(): { queue: JobQueue; settled: (run: number) => Promise<FromWorker> } {
  const waiting = new Map<number, (message: FromWorker) => void>();
  const seen = new Map<number, FromWorker>();
  const jobs = new JobQueue((message) => {
    seen.set(message.run, message);
    waiting.get(message.run)?.(message);
  });
  return {
    queue: jobs,
    settled: (run) => new Promise((resolve) => (seen.has(run) ? resolve(seen.get(run)!) : waiting.set(run, resolve))),
  };
}

const analyse = (text: string): WorkerJob => ({ kind: 'analyse', text, timeBudgetMs: 60_000, fileName: 'x.channels', keep: false });

describe('the analysis workers’ job queue', () => {
  it('replaces a queued job by a newer one of the same kind for the same document, and runs the rest in order', async () => {
    const { queue: jobs, settled } = queue();
    jobs.onMessage({ kind: 'job', run: 1, uri: 'a', job: analyse(GA4) });
    jobs.onMessage({ kind: 'job', run: 2, uri: 'a', job: analyse(SMALL) });
    jobs.onMessage({ kind: 'job', run: 3, uri: 'b', job: analyse(SMALL) });
    jobs.onMessage({ kind: 'job', run: 4, uri: 'a', job: analyse(SMALL) });
    // Run 1 has not started either: the queue reads its messages before it starts a job.
    expect(await settled(1)).toEqual({ kind: 'cancelled', run: 1 });
    expect(await settled(2)).toEqual({ kind: 'cancelled', run: 2 });
    const [third, fourth] = await Promise.all([settled(3), settled(4)]);
    expect([third.kind, fourth.kind]).toEqual(['done', 'done']);
  });

  it('stops the running job when told to', async () => {
    const { queue: jobs, settled } = queue();
    jobs.onMessage({ kind: 'job', run: 1, uri: 'a', job: { kind: 'diff', params: { uri: 'a', baseText: GA4, headText: GA4.replace('"email"', '"e-mail"'), baseLabel: 'HEAD version' } } });
    jobs.onMessage({ kind: 'cancel', run: 1 });
    expect(await settled(1)).toEqual({ kind: 'cancelled', run: 1 });
    jobs.onMessage({ kind: 'job', run: 2, uri: 'a', job: { kind: 'diff', params: { uri: 'a', baseText: SMALL, headText: SMALL, baseLabel: 'HEAD version' } } });
    const after = await settled(2);
    expect(after.kind === 'done' && after.result.kind === 'diff' && after.result.result.diff?.moves).toEqual([]);
  });

  it('answers the engine’s diff, a version with errors in words, and why no rule for the traffic could be placed', async () => {
    const { queue: jobs, settled } = queue();
    const head = SMALL.replace('"email"', '"e-mail"');
    jobs.onMessage({ kind: 'job', run: 1, uri: 'a', job: { kind: 'diff', params: { uri: 'a', baseText: SMALL, headText: head, baseLabel: 'HEAD version' } } });
    jobs.onMessage({ kind: 'job', run: 2, uri: 'b', job: { kind: 'diff', params: { uri: 'b', baseText: SMALL, headText: 'channel "A"\n  when\n', baseLabel: 'HEAD version' } } });
    jobs.onMessage({ kind: 'job', run: 3, uri: 'a', job: { kind: 'ruleForTraffic', text: SMALL, fields: {}, channel: 'Email' } });
    expect(await settled(1)).toEqual({ kind: 'done', run: 1, result: { kind: 'diff', result: { diff: await compareTexts(SMALL, head, 'HEAD version') } } });
    expect(await settled(2)).toEqual({ kind: 'done', run: 2, result: { kind: 'diff', result: { error: expect.stringMatching(/^This version has errors, so it cannot be compared exactly: line 2: /) } } });
    expect(await settled(3)).toEqual({ kind: 'done', run: 3, result: { kind: 'ruleForTraffic', error: expect.stringMatching(/^the rules test none of/) } });
  });
});

// The check worker as the server runs it (the bundle's worker thread): a check runs
// without a pause, so what the server sends meanwhile is read only when it ends.
describe('the check worker, given a burst of edits while it checks a large file', () => {
  const LARGE = largeRulesFile(2000);
  const silent: Logger = { error: () => undefined, warn: () => undefined, info: () => undefined, log: () => undefined };
  const outcome = (result: Promise<unknown>) => result.then(
    () => 'done',
    (error: unknown) => (error instanceof CancelledError ? 'cancelled' : `failed: ${String(error)}`),
  );

  /** A worker busy with the check of version 1 of a large file (it takes a good part of a second). */
  async function busyWorker() {
    const channel = new WorkerChannel(SERVER, 'check', silent);
    const check = (uri: string, text: string) => channel.submit(uri, { kind: 'check', text, fileName: 'large.channels' });
    await check('file:///warm-up.channels', SMALL).result;
    const first = check('file:///large.channels', LARGE);
    // Most likely running by now; the expectations hold either way.
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { channel, check, first };
  }

  it('checks only the newest of the versions that came meanwhile', async () => {
    const { channel, check, first } = await busyWorker();
    const burst = Array.from({ length: 12 }, (_, k) => check('file:///large.channels', `${LARGE}#${k}\n`));
    const outcomes = await Promise.all(burst.map((each) => outcome(each.result)));
    await first.result.catch(() => undefined);
    channel.dispose();
    expect(outcomes).toEqual([...Array<string>(11).fill('cancelled'), 'done']);
  });

  it('stops the running check when its version is superseded, though newer ones are cancelled after it (as the server does on every keystroke)', async () => {
    const { channel, check, first } = await busyWorker();
    let latest = first;
    const all = [first];
    for (let k = 0; k < 6; k++) {
      latest.cancel();
      latest = check('file:///large.channels', `${LARGE}#${k}\n`);
      all.push(latest);
    }
    const outcomes = await Promise.all(all.map((each) => outcome(each.result)));
    channel.dispose();
    expect(outcomes).toEqual([...Array<string>(6).fill('cancelled'), 'done']);
  });
});
