// node:assert/strict's functions the in-host suite uses, for the web worker extension
// host (no Node modules there); the web suite's build aliases node:assert/strict here.
function fail(message: string | undefined, detail: string): never {
  throw new Error(message ?? detail);
}
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function ok(value: unknown, message?: string): void {
  if (!value) fail(message, `expected a truthy value, got ${JSON.stringify(value)}`);
}
export function equal(actual: unknown, expected: unknown, message?: string): void {
  if (!Object.is(actual, expected)) fail(message, `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
export function deepEqual(actual: unknown, expected: unknown, message?: string): void {
  if (!same(actual, expected)) fail(message, `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
export function notDeepEqual(actual: unknown, expected: unknown, message?: string): void {
  if (same(actual, expected)) fail(message, `expected something other than ${JSON.stringify(expected)}`);
}
export function match(actual: string, pattern: RegExp, message?: string): void {
  if (!pattern.test(actual)) fail(message, `expected ${JSON.stringify(actual.slice(0, 200))} to match ${pattern}`);
}
export function notEqual(actual: unknown, expected: unknown, message?: string): void {
  if (Object.is(actual, expected)) fail(message, `expected something other than ${JSON.stringify(expected)}`);
}
