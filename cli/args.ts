// Flag parsing for every command, on node's util.parseArgs, with the messages a
// person needs ("unknown option --foo for `report`").

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './command';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs<O extends Options> {
  values: { [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : O[K] extends { multiple: true } ? string[] : string };
  positionals: string[];
}

export function parseCommandArgs<O extends Options>(command: string, argv: string[], options: O): ParsedArgs<O> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as ParsedArgs<O>['values'], positionals };
  } catch (error) {
    // node's messages add hints on further lines; the first line says what is wrong.
    const message = (error as Error).message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(`${command}: ${message}`);
  }
}

/** The value of a `--format` flag, checked against the formats the command knows. */
export function formatOption<F extends string>(command: string, value: string | undefined, formats: readonly F[], fallback: F): F {
  if (value === undefined) return fallback;
  if ((formats as readonly string[]).includes(value)) return value as F;
  throw new UsageError(`${command}: unknown format "${value}" (expected ${formats.join(', ')})`);
}
