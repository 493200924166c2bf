// Segment's Spec: track / page / screen / identify calls as delivered to a warehouse
// or webhook, with the campaign and page in `context`.

import type { SourceSystem } from './source-system';

export const segment: SourceSystem = {
  id: 'segment',
  label: 'Segment',
  detect: [['anonymousId'], ['messageId', 'type']],
  user: ['userId', 'anonymousId'],
  time: ['timestamp'],
  // A track call's event name, else the call's type (`page`, `screen`, …).
  eventType: ['event', 'type'],
  session: [],
  containers: ['properties', 'context.traits'],
  canonical: {
    utm_source: ['context.campaign.source'],
    utm_medium: ['context.campaign.medium'],
    utm_campaign: ['context.campaign.name'],
    utm_term: ['context.campaign.term'],
    utm_content: ['context.campaign.content'],
    referrer: ['context.page.referrer'],
  },
  docs: ['https://segment.com/docs/connections/spec/common/', 'https://segment.com/docs/connections/spec/track/'],
};
