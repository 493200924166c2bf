// Waiting for the client's answer ends as soon as the waiter's request is cancelled
// (server/unless-cancelled). When the request was cancelled before the wait began (a
// Compare with… cancelled while its settings were asked, before its sample's bytes
// were), the answer's own rejection, the client's RequestCancelled, was left
// unhandled: the server logged `unhandled rejection:` with its stack.
import { CancellationTokenSource } from 'vscode-languageserver';
import { afterEach, describe, expect, it } from 'vitest';
import { CancelledError } from '../../engine/cancellation';
import { unlessCancelled } from '../../server/unless-cancelled';

describe('unlessCancelled', () => {
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => unhandled.push(reason);
  afterEach(() => {
    process.off('unhandledRejection', record);
    unhandled.length = 0;
  });

  it('gives up at once on a token cancelled before, and leaves the answer’s rejection handled', async () => {
    process.on('unhandledRejection', record);
    const source = new CancellationTokenSource();
    source.cancel();
    let reject!: (error: Error) => void;
    const answer = new Promise<never>((_, rejectWith) => (reject = rejectWith));
    await expect(unlessCancelled(answer, source.token)).rejects.toBeInstanceOf(CancelledError);
    reject(new Error('the client answered RequestCancelled'));
    // Node reports an unhandled rejection once the microtasks after it have run.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(unhandled).toEqual([]);
  });

  it('gives up at once on a token cancelled while waiting, and gives the answer when it comes first', async () => {
    process.on('unhandledRejection', record);
    const source = new CancellationTokenSource();
    let reject!: (error: Error) => void;
    const waiting = unlessCancelled(new Promise<never>((_, rejectWith) => (reject = rejectWith)), source.token);
    source.cancel();
    await expect(waiting).rejects.toBeInstanceOf(CancelledError);
    reject(new Error('the client answered RequestCancelled'));
    await expect(unlessCancelled(Promise.resolve(3), new CancellationTokenSource().token)).resolves.toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(unhandled).toEqual([]);
  });
});
