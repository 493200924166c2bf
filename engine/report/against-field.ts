// `--against auto` (SPEC §9): the field where a source system writes its own channel.

/** The channel field of each source system that carries one. */
export const AGAINST_FIELD_BY_SOURCE: Readonly<Record<string, string>> = {
  ga4: 'session_traffic_source_last_click.cross_channel_campaign.default_channel_group',
  posthog: 'properties.$channel_type',
};

export class AgainstFieldError extends Error {}

/**
 * The field to compare with: `against` itself, or for `auto` the source system's own
 * channel field. `source` is the system of the events (`plain` when none).
 */
export function resolveAgainstField(against: string, source: string): string {
  if (against !== 'auto') return against;
  const field = AGAINST_FIELD_BY_SOURCE[source];
  if (field === undefined) {
    throw new AgainstFieldError(
      `--against auto: ${source} events carry no channel of their own (only ${Object.keys(AGAINST_FIELD_BY_SOURCE).join(' and ')} exports do); name the field: --against FIELD`,
    );
  }
  return field;
}
