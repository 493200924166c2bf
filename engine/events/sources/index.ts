// The source systems, in SPEC §3.2's auto-detection order (plain last: the fallback).

import { amplitude } from './amplitude';
import { ga4 } from './ga4';
import { mixpanel } from './mixpanel';
import { plain } from './plain';
import { posthog } from './posthog';
import { segment } from './segment';
import { snowplow } from './snowplow';
import type { SourceSystem, SourceSystemId } from './source-system';

export const SOURCE_SYSTEMS: readonly SourceSystem[] = [ga4, amplitude, snowplow, segment, mixpanel, posthog, plain];

export function sourceSystem(id: SourceSystemId): SourceSystem {
  return SOURCE_SYSTEMS.find((system) => system.id === id)!;
}
