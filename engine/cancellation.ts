// Cooperative cancellation for long engine work (analysis, preview runs). The language
// server maps LSP cancellation onto this; the CLI passes NEVER_CANCELLED.

export interface CancellationToken {
  readonly isCancellationRequested: boolean;
}

export const NEVER_CANCELLED: CancellationToken = { isCancellationRequested: false };

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export class CancellationSource implements CancellationToken {
  private cancelled = false;
  get isCancellationRequested(): boolean {
    return this.cancelled;
  }
  cancel(): void {
    this.cancelled = true;
  }
}

/**
 * Call often inside long loops: throws CancelledError when cancelled, and every
 * `sliceMs` milliseconds yields to the event loop so requests (completion, hover)
 * and cancellations get through.
 */
export function createYielder(token: CancellationToken, sliceMs = 10): () => Promise<void> {
  let sliceStart = performance.now();
  return async () => {
    if (token.isCancellationRequested) throw new CancelledError();
    if (performance.now() - sliceStart >= sliceMs) {
      await new Promise<void>((resolve) => yieldToEventLoop(resolve));
      sliceStart = performance.now();
      if (token.isCancellationRequested) throw new CancelledError();
    }
  };
}

/** setImmediate in Node; a zero timeout where there is none (a browser's web worker). */
export const yieldToEventLoop: (resolve: () => void) => void =
  typeof setImmediate === 'function' ? (resolve) => setImmediate(resolve) : (resolve) => setTimeout(resolve, 0);
