// After `shutdown` the Language Server Protocol says a request other than `exit` is to
// fail with InvalidRequest, and the server is to stop its work. The handlers of every
// feature are registered on the connection this returns, which runs each one only
// while the server is not shut down: after it, a request is answered with that error
// and a notification (a change, an open) is dropped, so no new check or analysis
// starts. `exit` still ends the server (the library handles it before any handler).

import { ErrorCodes, ResponseError } from 'vscode-languageserver';

export const SHUT_DOWN_MESSAGE = 'the server is shut down';

/**
 * `target` (the connection, or one of its parts: `languages`, `workspace`…) with each
 * handler given to an `on…` method refused once `isShutDown()`. The `shutdown`
 * handler itself is wrapped too, so a second `shutdown` is refused as well.
 */
export function refusingAfterShutdown<T extends object>(target: T, isShutDown: () => boolean): T {
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value === 'function') {
        if (typeof property !== 'string' || !/^on(?:[A-Z]|$)/.test(property) || property === 'onExit') return value.bind(object);
        return (...args: unknown[]) => value.apply(object, args.map((arg) => (typeof arg === 'function' ? refusedAfterShutdown(arg as (...a: unknown[]) => unknown, isShutDown) : arg)));
      }
      if (typeof value === 'object' && value !== null) return refusingAfterShutdown(value, isShutDown);
      return value;
    },
  });
}

function refusedAfterShutdown(handler: (...args: unknown[]) => unknown, isShutDown: () => boolean): (...args: unknown[]) => unknown {
  return (...args) => (isShutDown() ? new ResponseError(ErrorCodes.InvalidRequest, SHUT_DOWN_MESSAGE) : handler(...args));
}
