// Plain events (SPEC §3): the engine's own reading, and what `auto` falls back to.

import type { SourceSystem } from './source-system';

export const plain: SourceSystem = {
  id: 'plain',
  label: 'plain events',
  detect: [],
  user: ['user_id', 'device_id'],
  time: ['time', 'timestamp', 'event_time', 'client_event_time'],
  eventType: ['event_type', 'event'],
  session: ['session_id'],
  metaThroughContainers: true,
  containers: ['event_properties', 'user_properties'],
  canonical: {},
  docs: [],
};
