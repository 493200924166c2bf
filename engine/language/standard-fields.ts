// Field names every channel classifier meets: UTM parameters, the referrer, and the
// ad platforms' click identifiers. Offered by completion before any sample is loaded.

export interface StandardField {
  name: string;
  description: string;
}

export const STANDARD_FIELDS: readonly StandardField[] = [
  { name: 'utm_source', description: 'UTM source: the site or platform that sent the visit (google, newsletter, facebook).' },
  { name: 'utm_medium', description: 'UTM medium: the kind of traffic (cpc, email, social, referral, organic).' },
  { name: 'utm_campaign', description: 'UTM campaign name.' },
  { name: 'utm_term', description: 'UTM term: the paid search keyword.' },
  { name: 'utm_content', description: 'UTM content: which ad or link was clicked.' },
  { name: 'utm_id', description: 'UTM campaign ID.' },
  { name: 'utm_source_platform', description: 'UTM source platform (e.g. Google Ads, Display & Video 360).' },
  { name: 'utm_creative_format', description: 'UTM creative format (display, native, video, search).' },
  { name: 'utm_marketing_tactic', description: 'UTM marketing tactic (remarketing, prospecting, onboarding).' },
  { name: 'referrer', description: 'The URL of the page that linked to this one.' },
  {
    name: 'referring_domain',
    description: "The referrer's host, lower-cased, without a leading `www.` (derived from `referrer` when the event has no such field).",
  },
  { name: 'gclid', description: 'Google Ads click ID.' },
  { name: 'gbraid', description: 'Google Ads click ID for app-to-web measurement on iOS.' },
  { name: 'wbraid', description: 'Google Ads click ID for web-to-app measurement on iOS.' },
  { name: 'dclid', description: 'Google Display & Video 360 / Campaign Manager click ID.' },
  { name: 'gad_source', description: 'Google Ads source parameter.' },
  { name: 'fbclid', description: 'Meta (Facebook, Instagram) click ID.' },
  { name: 'msclkid', description: 'Microsoft Advertising (Bing) click ID.' },
  { name: 'ttclid', description: 'TikTok click ID.' },
  { name: 'twclid', description: 'X (Twitter) click ID.' },
  { name: 'li_fat_id', description: 'LinkedIn click ID.' },
  { name: 'epik', description: 'Pinterest click ID.' },
  { name: 'ScCid', description: 'Snapchat click ID.' },
  { name: 'yclid', description: 'Yandex click ID.' },
  { name: 'rdt_cid', description: 'Reddit click ID.' },
];
