// Flag parsing for every command, on node's util.parseArgs, with the messages a
// person needs ("unknown option --foo for `report`"), and the one rule for spaces
// around a value (README, "The command line"): a value empty or only ASCII white space
// is refused; an option declared `trimmed` (a number, a duration, a name from a fixed
// set) is read without the white space around it; any other value (a path, a field, a
// channel, an event type) is taken as written, since a field may begin with a space.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { HelpRequest, UsageError } from './command';

type NodeOptions = NonNullable<ParseArgsConfig['options']>;
type Options = Record<string, NodeOptions[string] & { trimmed?: true }>;

export interface ParsedArgs<O extends Options> {
  values: { [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : O[K] extends { multiple: true } ? string[] : string };
  positionals: string[];
}

export function parseCommandArgs<O extends Options>(command: string, argv: string[], options: O): ParsedArgs<O> {
  const all: NodeOptions = { ...nodeOptions(options), help: { type: 'boolean', short: 'h' } };
  if (asksForHelp(argv, all)) throw new HelpRequest();
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: all, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError(`${command}: ${describeParseError(error as Error, argv, all)}`);
  }
  const helpInGroup = parsed.tokens?.find((token) => token.kind === 'option' && token.name === 'help');
  if (helpInGroup !== undefined) {
    // Only a group ending in a value gets here (asksForHelp took every other -h).
    const argument = argv[helpInGroup.index]!;
    throw new UsageError(`${command}: -h in ${argument} asks for no help when a value is written onto the group (a file whose name starts with "-" is written ./${argument}, or after --)`);
  }
  // parseArgs keeps the last of a repeated flag silently; a second `--events` is a
  // mistake the user should hear about (flags that take several values say `multiple`).
  const seen = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option' || all[token.name]?.multiple === true) continue;
    if (seen.has(token.name)) throw new UsageError(`${command}: --${token.name} given twice`);
    seen.add(token.name);
  }
  const values: Record<string, string | boolean | Array<string | boolean> | undefined> = { ...parsed.values };
  for (const [name, value] of Object.entries(values)) {
    const read = (text: string | boolean) => (typeof text === 'boolean' ? text : optionValue(command, name, text, options[name]?.trimmed === true));
    values[name] = Array.isArray(value) ? value.map(read) : value === undefined ? undefined : read(value);
  }
  return { values: values as ParsedArgs<O>['values'], positionals: parsed.positionals };
}

/** The declarations as node's parseArgs takes them. */
function nodeOptions(options: Options): NodeOptions {
  return Object.fromEntries(Object.entries(options).map(([name, { trimmed: _, ...declaration }]) => [name, declaration]));
}

function optionValue(command: string, name: string, text: string, trimmed: boolean): string {
  const value = trimAsciiWhiteSpace(text);
  if (value === '') throw new UsageError(`${command}: --${name} is empty`);
  return trimmed ? value : text;
}

/** Without the ASCII white space (space, tab, LF, VT, FF, CR) at either end: not NBSP nor U+FEFF, which no one types by mistake around a value. */
export function trimAsciiWhiteSpace(text: string): string {
  return text.replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, '');
}

/**
 * Whether `-h` or `--help` stands in an option's place: not as the value of an option
 * that takes one (`--conversion -h`), nor after `--`. Read loosely, so that help is
 * given even when the other arguments are wrong (an unknown option, a missing value).
 * But an `h` in a group of short options counts only when the group's every letter is
 * an option, as strict parsing reads it: `-lead.channels` (every rules file's name has
 * an `h`) is an unknown `-l`, not help, or `check -old.channels` in CI would pass
 * without checking anything.
 */
function asksForHelp(argv: string[], options: NodeOptions): boolean {
  const { tokens } = parseArgs({ args: argv, options, allowPositionals: true, strict: false, tokens: true });
  // A group that holds an unknown letter, or ends in a value written onto it (`-home.channels`
  // is -h and -o "me.channels"), is no request for help: a file's name is far likelier.
  const notHelpAt = new Set(
    tokens.flatMap((token) => (token.kind === 'option' && (!Object.hasOwn(options, token.name) || (token.inlineValue === true && !token.rawName.startsWith('--'))) ? [token.index] : [])),
  );
  return tokens.some((token) => token.kind === 'option' && token.name === 'help' && token.value === undefined && !notHelpAt.has(token.index));
}

function describeParseError(error: Error & { code?: string }, argv: string[], options: NodeOptions): string {
  // node names the unknown letter alone (`-l` of `-lead.channels`), and its hint quotes
  // that letter; the argument is most likely a file name starting with "-".
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const unknown = firstUnknownOption(argv, options);
    // node's own words for a long option, but from the argument itself: its message is cut at a line break in the name.
    if (unknown !== undefined && unknown.argument.startsWith('--')) return `Unknown option '${unknown.rawName}'`;
    if (unknown !== undefined) {
      const within = unknown.argument === unknown.rawName ? '' : ` in ${unknown.argument}`;
      return `Unknown option '${unknown.rawName}'${within} (a file whose name starts with "-" is written ./${unknown.argument}, or after --)`;
    }
  }
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

/** The first option strict parsing refuses as unknown, and the argument it was read from. */
function firstUnknownOption(argv: string[], options: NodeOptions): { rawName: string; argument: string } | undefined {
  const { tokens } = parseArgs({ args: argv, options, allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind === 'option' && !Object.hasOwn(options, token.name)) return { rawName: token.rawName, argument: argv[token.index]! };
  }
  return undefined;
}

/** The value of a `--format` flag, checked against the formats the command knows. */
export function formatOption<F extends string>(command: string, value: string | undefined, formats: readonly F[], fallback: F): F {
  if (value === undefined) return fallback;
  if ((formats as readonly string[]).includes(value)) return value as F;
  throw new UsageError(`${command}: unknown format "${value}" (expected ${formats.join(', ')})`);
}
