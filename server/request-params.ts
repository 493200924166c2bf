// The params of the server's own requests (./custom-protocol) come from any client,
// not only ours: each request checks them before using them, and params that are not
// what the protocol says are refused with InvalidParams (-32602) in one line naming
// the field. Unchecked, a number was read as an empty rules text (a "successful" diff)
// and null failed deep in the engine with a stack trace in the log.

import { ErrorCodes, ParameterStructures, RequestType, ResponseError } from 'vscode-languageserver';

/**
 * What a custom request's handler is registered by: its params are one object, sent by
 * name. Registered by the method's name alone, vscode-jsonrpc spread params sent as a
 * list into the handler's arguments (`[{…}, 5]`: 5 took the cancellation token's
 * place, and using it logged a stack trace), and a request without params handed the
 * token over as the params. With this type vscode-jsonrpc refuses both with
 * InvalidParams in one line before the handler runs.
 */
export function requestByName<R>(method: string): RequestType<unknown, R, void> {
  return new RequestType<unknown, R, void>(method, ParameterStructures.byName);
}

/**
 * The cancellation token of a request that takes no params, registered by its method's
 * name: vscode-jsonrpc appends the token to whatever params came, so a request sent
 * without params (as documented) or with one object (as the extension sends, `{}`)
 * has it last; anything else (a list, a value) is InvalidParams. Undefined token: refused.
 */
export function tokenOfParamless<T>(method: string, args: readonly unknown[]): { token: T } | { error: ResponseError<void> } {
  const paramless = args.length === 1 || (args.length === 2 && typeof args[0] === 'object' && args[0] !== null && !Array.isArray(args[0]));
  if (!paramless) return { error: new ResponseError(ErrorCodes.InvalidParams, `${method} takes no params`) };
  return { token: args.at(-1) as T };
}

/** Why `value`, found at `field` ("sample.path"), is not what the protocol says, or undefined when it is. */
export type ParamCheck = (value: unknown, field: string) => string | undefined;

export const isString: ParamCheck = (value, field) => (typeof value === 'string' ? undefined : `${field} must be a string, not ${kindOf(value)}`);

export const isStringOrNull: ParamCheck = (value, field) => (value === null ? undefined : typeof value === 'string' ? undefined : `${field} must be a string or null, not ${kindOf(value)}`);

/** A field that may be absent (undefined); when present it passes `check`. */
export function optional(check: ParamCheck): ParamCheck {
  return (value, field) => (value === undefined ? undefined : check(value, field));
}

export function oneOf(values: readonly string[]): ParamCheck {
  return (value, field) =>
    typeof value === 'string' && values.includes(value)
      ? undefined
      : `${field} must be one of ${values.map((one) => JSON.stringify(one)).join(', ')}, not ${typeof value === 'string' ? quoted(value) : kindOf(value)}`;
}

/**
 * An object whose listed fields pass their checks, the first failure said; fields not
 * listed are ignored, as JSON-RPC clients may send more than a server reads.
 */
export function objectWith(fields: Record<string, ParamCheck>): ParamCheck {
  return (value, field) => {
    if (!isPlainObject(value)) return `${field} must be an object, not ${kindOf(value)}`;
    for (const [name, check] of Object.entries(fields)) {
      const problem = check(value[name], `${field}.${name}`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
}

/** An object used as a map: every own value passes `check` (one pass over its entries). */
export function recordOf(check: ParamCheck): ParamCheck {
  return (value, field) => {
    if (!isPlainObject(value)) return `${field} must be an object, not ${kindOf(value)}`;
    for (const [name, entry] of Object.entries(value)) {
      const problem = check(entry, `${field}[${quoted(name)}]`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
}

/**
 * The answer refusing a request's params, or undefined when `check` passes them. The
 * message names a field as the protocol does ("baseText", "sample.path"), and the
 * params themselves as `params`.
 */
export function invalidParams(method: string, params: unknown, check: ParamCheck): ResponseError<void> | undefined {
  const problem = check(params, 'params');
  if (problem === undefined) return undefined;
  return new ResponseError(ErrorCodes.InvalidParams, `${method}: ${problem.replace(/^params\./, '')}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A client's string in a message: JSON-quoted (so on one line) and at most 40 characters of it. */
function quoted(text: string): string {
  return text.length <= 40 ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, 40))}…`;
}

/** What a value is, in words for a message (never the value itself: it may be a whole rules text). */
function kindOf(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}
