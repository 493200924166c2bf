// Snowplow's enriched events, as JSON (the Analytics SDKs' transform of the enriched
// TSV): the canonical event model's column names.

import type { SourceSystem } from './source-system';

export const snowplow: SourceSystem = {
  id: 'snowplow',
  label: 'Snowplow enriched events',
  detect: [['collector_tstamp'], ['domain_userid']],
  user: ['user_id', 'domain_userid'],
  time: ['derived_tstamp', 'collector_tstamp'],
  eventType: ['event_name'],
  session: ['domain_sessionid'],
  containers: [],
  canonical: {
    utm_source: ['mkt_source'],
    utm_medium: ['mkt_medium'],
    utm_campaign: ['mkt_campaign'],
    utm_term: ['mkt_term'],
    utm_content: ['mkt_content'],
    referrer: ['page_referrer'],
    referring_domain: ['refr_urlhost'],
  },
  docs: ['https://docs.snowplow.io/docs/fundamentals/canonical-event/'],
};
