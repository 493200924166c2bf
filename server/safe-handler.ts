// A bug in one request never kills the server: every handler goes through `safe`,
// which catches (sync throws and rejected promises), logs the error with the
// request's name, and answers `fallback` (null unless told otherwise).

import { CancelledError } from '../engine/cancellation';

export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  log(message: string): void;
}

export function safe<P extends unknown[], R, F = null>(
  logger: Logger,
  name: string,
  handler: (...args: P) => R | Promise<R>,
  fallback: F = null as F,
): (...args: P) => Promise<R | F> {
  return async (...args: P) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (!(error instanceof CancelledError)) logger.error(`${name} failed: ${describeError(error)}`);
      return fallback;
    }
  };
}

/** Runs a notification handler; errors are logged, never thrown. */
export function safeNotification<P extends unknown[]>(
  logger: Logger,
  name: string,
  handler: (...args: P) => void | Promise<void>,
): (...args: P) => void {
  return (...args: P) => {
    try {
      const result = handler(...args);
      if (result instanceof Promise) result.catch((error: unknown) => logger.error(`${name} failed: ${describeError(error)}`));
    } catch (error) {
      logger.error(`${name} failed: ${describeError(error)}`);
    }
  };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
