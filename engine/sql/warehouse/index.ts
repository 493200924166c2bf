import { amplitude } from './amplitude';
import { ga4 } from './ga4';
import { mixpanel } from './mixpanel';
import { posthog } from './posthog';
import { segment } from './segment';
import { snowplow } from './snowplow';
import type { WarehouseSource, WarehouseSystem } from './warehouse-source';

export const WAREHOUSE_SOURCES: Record<WarehouseSystem, WarehouseSource> = { ga4, amplitude, segment, snowplow, mixpanel, posthog };
