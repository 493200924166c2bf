// What "Compare with…" asks the agreement with (channelRules.against), apart from the
// panel so it is tested without VS Code. `auto` is sent as it is: the server reads the
// sample and knows its source system, and picks that system's channel field as the
// preview and `diff --against auto` do (none for events that carry none).

/** The `against` of the diff request: none without a sample or for an empty setting, else the setting (a field, or `auto`). */
export function compareAgainst(setting: string | undefined, hasSample: boolean): string | undefined {
  const against = setting?.trim() ?? '';
  return !hasSample || against === '' ? undefined : against;
}
