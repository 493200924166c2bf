// GA4's BigQuery export rows: microsecond timestamps, and `event_params` /
// `user_properties` as arrays of `{key, value: {string_value, int_value, …}}`, whose
// entries are the fields `event_params.<key>` (a "param" below).

import type { SourceSystem } from './source-system';

export const ga4: SourceSystem = {
  id: 'ga4',
  label: 'GA4 BigQuery export',
  detect: [['event_timestamp', 'event_name']],
  user: ['user_id', 'user_pseudo_id'],
  time: ['event_timestamp'],
  timeUnit: 'us',
  eventType: ['event_name'],
  // A GA4 session is (user, ga_session_id).
  session: ['event_params.ga_session_id'],
  containers: ['event_params', 'user_properties'],
  keyValueArrays: ['event_params', 'user_properties'],
  canonical: {
    utm_source: ['collected_traffic_source.manual_source', 'event_params.source'],
    utm_medium: ['collected_traffic_source.manual_medium', 'event_params.medium'],
    utm_campaign: ['collected_traffic_source.manual_campaign_name', 'event_params.campaign'],
    utm_term: ['collected_traffic_source.manual_term', 'event_params.term'],
    utm_content: ['collected_traffic_source.manual_content', 'event_params.content'],
    referrer: ['event_params.page_referrer'],
    gclid: ['collected_traffic_source.gclid', 'event_params.gclid'],
  },
  docs: ['https://support.google.com/analytics/answer/7029846'],
};
