// An example event in words, as the rules would write its fields: `{utm_medium: "cpc",
// `when`: null}`. Its own module (no analysis engine behind it), so the compare
// panel's HTML can use it without bundling refa.

import type { ExampleValues } from './regions';

export function describeEvent(event: ExampleValues): string {
  const entries = Object.entries(event);
  if (entries.length === 0) return 'an event with none of the fields the rules test';
  return `{${entries.map(([field, value]) => `${fieldName(field)}: ${value === null ? 'null' : JSON.stringify(value)}`).join(', ')}}`;
}

const KEYWORDS = new Set(
  'case insensitive list channel when otherwise expect unclassified for null and or not in contains starts ends with matches exists is missing empty set ignoring matching'.split(' '),
);

/** A field name as the rules write it (backticks around keywords and other characters). */
function fieldName(field: string): string {
  return field
    .split('.')
    .map((part) => (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(part) && !KEYWORDS.has(part) ? part : `\`${part}\``))
    .join('.');
}
