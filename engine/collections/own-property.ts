// Field names come from users and events: `__proto__`, `constructor` and `toString`
// are fields like any other. `object[name] = value` with `name === '__proto__'` sets
// the object's prototype instead of a field, so event-like objects built from field
// names are written with this (and read with hasOwnProperty, as engine/events/fields does).

/** Sets an own, enumerable property, whatever its name. */
export function setOwn(object: object, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}
