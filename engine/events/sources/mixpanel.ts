// Mixpanel's raw event export: `{"event": …, "properties": {…}}`, time in seconds
// (or milliseconds, in newer exports).

import type { SourceSystem } from './source-system';

export const mixpanel: SourceSystem = {
  id: 'mixpanel',
  label: 'Mixpanel raw export',
  detect: [['event', 'properties.distinct_id', 'properties.time']],
  user: ['properties.$user_id', 'properties.distinct_id'],
  time: ['properties.time'],
  // A number below 10^11 is seconds, otherwise milliseconds.
  timeUnit: 's-or-ms',
  eventType: ['event'],
  session: [],
  containers: ['properties'],
  canonical: {
    utm_source: ['properties.utm_source'],
    utm_medium: ['properties.utm_medium'],
    utm_campaign: ['properties.utm_campaign'],
    utm_term: ['properties.utm_term'],
    utm_content: ['properties.utm_content'],
    referrer: ['properties.$referrer'],
    referring_domain: ['properties.$referring_domain'],
    gclid: ['properties.gclid'],
  },
  docs: ['https://developer.mixpanel.com/reference/raw-event-export'],
};
