// Flag parsing for every command, on node's util.parseArgs, with the messages a
// person needs ("unknown option --foo for `report`").

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { HelpRequest, UsageError } from './command';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs<O extends Options> {
  values: { [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : O[K] extends { multiple: true } ? string[] : string };
  positionals: string[];
}

export function parseCommandArgs<O extends Options>(command: string, argv: string[], options: O): ParsedArgs<O> {
  const all: Options = { ...options, help: { type: 'boolean', short: 'h' } };
  if (asksForHelp(argv, all)) throw new HelpRequest();
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: all, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError(`${command}: ${describeParseError(error as Error)}`);
  }
  // parseArgs keeps the last of a repeated flag silently; a second `--events` is a
  // mistake the user should hear about (flags that take several values say `multiple`).
  const seen = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option' || all[token.name]?.multiple === true) continue;
    if (seen.has(token.name)) throw new UsageError(`${command}: --${token.name} given twice`);
    seen.add(token.name);
  }
  return { values: parsed.values as ParsedArgs<O>['values'], positionals: parsed.positionals };
}

/**
 * Whether `-h` or `--help` stands in an option's place: not as the value of an option
 * that takes one (`--conversion -h`), nor after `--`. Read loosely, so that help is
 * given even when the other arguments are wrong (an unknown option, a missing value).
 */
function asksForHelp(argv: string[], options: Options): boolean {
  const { tokens } = parseArgs({ args: argv, options, allowPositionals: true, strict: false, tokens: true });
  return tokens.some((token) => token.kind === 'option' && token.name === 'help' && token.value === undefined);
}

function describeParseError(error: Error & { code?: string }): string {
  // "Option '--lookback' argument is ambiguous": the value starts with a dash. node's
  // hint names the long form, the one that takes `=VALUE` (`-o=x` would be "=x").
  const ambiguous = /^Option '(--?[\w-]+)' argument is ambiguous/.exec(error.message);
  if (ambiguous !== null) {
    const long = /use '(--[\w-]+)=-XYZ'/.exec(error.message)?.[1] ?? ambiguous[1];
    return `${ambiguous[1]} has a value starting with "-"; write it as ${long}=VALUE if that is meant`;
  }
  // node's messages add hints on further lines; the first line says what is wrong.
  return error.message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/s, '');
}

/** The value of a `--format` flag, checked against the formats the command knows. */
export function formatOption<F extends string>(command: string, value: string | undefined, formats: readonly F[], fallback: F): F {
  if (value === undefined) return fallback;
  if ((formats as readonly string[]).includes(value)) return value as F;
  throw new UsageError(`${command}: unknown format "${value}" (expected ${formats.join(', ')})`);
}
