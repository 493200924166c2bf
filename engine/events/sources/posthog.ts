// PostHog's events (export or the events table): `$`-prefixed properties set by its
// JavaScript library, the session in `properties.$session_id`. Its batch export (and
// the file download export, which writes the same files) keeps `properties` and
// `person_properties` as JSON text in Parquet, as nested objects in JSON Lines: both
// are read as the objects.

import type { SourceSystem } from './source-system';

export const posthog: SourceSystem = {
  id: 'posthog',
  label: 'PostHog events',
  detect: [['event', 'distinct_id', 'timestamp']],
  user: ['distinct_id'],
  time: ['timestamp'],
  eventType: ['event'],
  session: ['properties.$session_id'],
  containers: ['properties', 'person_properties'],
  jsonTextContainers: ['properties', 'person_properties'],
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
  docs: ['https://posthog.com/docs/data/events', 'https://posthog.com/docs/data-pipelines/batch-exports/s3'],
};
