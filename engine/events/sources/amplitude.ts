// Amplitude's Export API events: the canonical fields are in the property containers.

import type { SourceSystem } from './source-system';

export const amplitude: SourceSystem = {
  id: 'amplitude',
  label: 'Amplitude export',
  detect: [['amplitude_id']],
  user: ['user_id', 'device_id'],
  // `2024-01-01 10:00:00.123456`, UTC.
  time: ['event_time', 'client_event_time'],
  eventType: ['event_type'],
  // Epoch milliseconds of the session's start; -1 is "no session".
  session: ['session_id'],
  containers: ['event_properties', 'user_properties'],
  canonical: {},
  docs: ['https://amplitude.com/docs/apis/analytics/export'],
};
