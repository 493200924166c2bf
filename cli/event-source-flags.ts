// `--from`, `--map NAME=PATH` and `--time-unit` (SPEC §3.2, §3.3), shared by `report`,
// `classify` and `diff --events`: parsed into the engine's EventSourceOptions (a bad
// value is a usage error), and what the run says about them on stderr.

import {
  describeEventSource,
  EventSourceError,
  parseEventSourceChoice,
  parseFieldMapping,
  parseTimeUnit,
  type EventFields,
  type EventSourceOptions,
} from '../engine/events/event-source';
import { describeFieldCaseHint, fieldCaseHints } from '../engine/events/field-case';
import { UsageError, type CommandIO } from './command';
import { formatInteger } from './format/table';
import { shellWord } from './format/shell-word';
import { escapeLine } from './format/terminal-text';

export const EVENT_SOURCE_FLAGS = {
  from: { type: 'string', trimmed: true },
  map: { type: 'string', multiple: true },
  'time-unit': { type: 'string', trimmed: true },
} as const;

export const EVENT_SOURCE_HELP = `  --from SYSTEM           whose export the events are: auto (default: detected from the
                          first record), plain, amplitude, ga4, segment, snowplow,
                          mixpanel, posthog
  --map NAME=PATH         read NAME (utm_source … gclid, referrer, referring_domain, or
                          user, time, type, session) from the flattened PATH; repeatable
  --time-unit ms|s|us     numeric times, where the system does not fix it (default ms)`;

export function eventSourceFromFlags(
  command: string,
  values: { from?: string; map?: string[]; 'time-unit'?: string },
): EventSourceOptions {
  try {
    return {
      from: values.from === undefined ? 'auto' : parseEventSourceChoice(values.from),
      map: (values.map ?? []).map(parseFieldMapping),
      ...(values['time-unit'] === undefined ? {} : { timeUnit: parseTimeUnit(values['time-unit']) }),
    };
  } catch (error) {
    if (error instanceof EventSourceError) throw new UsageError(`${command}: ${error.message}`);
    throw error;
  }
}

/**
 * Once per run, on stderr: the detected system (plain events say nothing, as before),
 * how many records had none of the system's user fields or none of its time fields,
 * and each name the run needs (its metadata, `ruleFields`) that the record that decided
 * has only in another ASCII case (./engine/events/field-case).
 */
export function reportEventSource(io: CommandIO, eventsFile: string, fields: EventFields, records: number, ruleFields: readonly string[]): void {
  if (fields.system.id !== 'plain') reportSystem(io, eventsFile, fields, records);
  // The names come from the events: a flag the user can paste, the line shown, not run, on a terminal.
  const mapFlag = (map: string, path: string): string => `--map ${shellWord(`${map}=${path}`)}`;
  for (const hint of fieldCaseHints(fields, ruleFields)) io.stderr.write(`channel-rules: warning: ${escapeLine(describeFieldCaseHint(hint, mapFlag))}\n`);
}

function reportSystem(io: CommandIO, eventsFile: string, fields: EventFields, records: number): void {
  if (fields.detected) io.stderr.write(`events: ${describeEventSource(fields)}\n`);
  const foreign = fields.meta.foreignRecords;
  if (foreign > 0) {
    const spec = fields.metaSpec;
    io.stderr.write(
      `channel-rules: ${formatInteger(foreign)} of ${formatInteger(records)} records of ${eventsFile} have none of ` +
        `the ${fields.system.label}'s user fields (${spec.user.join(', ')}) or none of its time fields (${spec.time.join(', ')}): ` +
        `${fields.detected ? 'the first record looked like one: is that right? (--from)' : 'is --from right?'}\n`,
    );
  }
}

