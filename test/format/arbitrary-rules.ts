// fast-check arbitraries for `.channels` files: random but valid rule files written in
// canonical token order, so tests can re-lay them out (whitespace, line breaks,
// comments between tokens) and check what the formatter does with any layout.

import fc from 'fast-check';

const fieldName = fc.constantFrom('utm_source', 'utm_medium', 'referrer', 'a.b', '`odd name`', 'event_properties.`x y`', 'gclid');
const value = fc.constantFrom('"google"', '"cpc"', '"(none)"', '""', '"e\\u0301"', '"a \\"quoted\\" one"', '"x"');
const regex = fc.constantFrom('/^(cpc|ppc)$/', '/google\\.com/i', '/[a-z]+/', '/\\//');
const listName = fc.constantFrom('sites', 'mediums');
const caseModifier = fc.constantFrom('', ' ignoring case', ' matching case');

const condition: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fieldName, fc.constantFrom('=', '!=', 'contains', 'not contains', 'starts with', 'not ends with'), value, caseModifier).map(
    ([field, op, operand, modifier]) => `${field} ${op} ${operand}${modifier}`,
  ),
  fc.tuple(fieldName, fc.constantFrom('in', 'not in'), fc.oneof(listName, fc.array(value, { maxLength: 4 }).map((values) => `[${values.join(', ')}]`)), caseModifier).map(
    ([field, op, operand, modifier]) => `${field} ${op} ${operand}${modifier}`,
  ),
  fc.tuple(fieldName, fc.constantFrom('matches', 'not matches'), regex).map(([field, op, operand]) => `${field} ${op} ${operand}`),
  fc.tuple(fieldName, fc.constantFrom('exists', 'is missing', 'is null', 'is empty', 'is set', 'is not set')).map(([field, op]) => `${field} ${op}`),
);

const expression: fc.Arbitrary<string> = fc.letrec<{ expr: string; and: string; unary: string }>((tie) => ({
  expr: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('and'), fc.array(tie('and'), { minLength: 2, maxLength: 3 }).map((parts) => parts.join(' or '))),
  and: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('unary'), fc.array(tie('unary'), { minLength: 2, maxLength: 3 }).map((parts) => parts.join(' and '))),
  unary: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    condition,
    condition.map((c) => `not ${c}`),
    tie('expr').map((e) => `(${e})`),
  ),
})).expr;

const channelName = fc.constantFrom('"Paid Search"', '"Email"', '"Direct"', '"Other \\u00e9"');

const statement = fc.oneof(
  fc.tuple(listName, fc.array(value, { maxLength: 12 })).map(([name, values]) => `list ${name} = [${values.join(', ')}]`),
  fc.tuple(channelName, fc.array(expression, { minLength: 1, maxLength: 3 })).map(
    ([name, rules]) => `channel ${name}\n${rules.map((rule) => `  when ${rule}`).join('\n')}`,
  ),
  fc.tuple(fc.oneof(channelName, fc.constant('unclassified')), fc.uniqueArray(fc.constantFrom('utm_source', 'utm_medium', 'referrer', '`a b`'), { maxLength: 3 }), fc.array(fc.oneof(value, fc.constant('null')), { minLength: 3, maxLength: 3 })).map(
    ([channel, fields, values]) => `expect ${channel} for { ${fields.map((field, i) => `${field}: ${values[i]}`).join(', ')} }`,
  ),
);

/** A valid rules file (at most one `otherwise`, at the end). */
export const rulesFile: fc.Arbitrary<string> = fc
  .tuple(fc.boolean(), fc.array(statement, { minLength: 1, maxLength: 6 }), fc.option(channelName))
  .map(([insensitive, statements, otherwise]) =>
    [insensitive ? 'case insensitive' : '', ...statements, otherwise === null ? '' : `otherwise ${otherwise}`].filter((part) => part !== '').join('\n\n') + '\n',
  );
