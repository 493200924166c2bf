// Waiting for something the server does not own (the client's answer, a sample read
// shared with other documents) ends as soon as the waiter's request is cancelled: the
// work itself goes on for whoever else needs it, or is stopped by its owner.

import type { CancellationToken } from 'vscode-languageserver';
import { CancelledError } from '../engine/cancellation';

/** What `answer` gives, or CancelledError as soon as `token` is cancelled, whichever comes first. */
export function unlessCancelled<T>(answer: Promise<T>, token: CancellationToken): Promise<T> {
  if (token.isCancellationRequested) {
    // No one waits for the answer: its own failure (the client's RequestCancelled to a request sent with this token) is not left unhandled.
    answer.catch(() => undefined);
    return Promise.reject(new CancelledError());
  }
  return new Promise<T>((resolve, reject) => {
    const listener = token.onCancellationRequested(() => reject(new CancelledError()));
    void answer.then(resolve, reject).finally(() => listener.dispose());
  });
}
