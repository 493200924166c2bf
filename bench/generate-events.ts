// Realistic, deterministic sample events: the sample shipped in examples/ and the
// benchmark's million events come from here, so both look like the data users have.
//
// The model: users visit in sessions spread over a few weeks; each session comes from
// one traffic source (a weighted table that reaches every GA4 default channel and its
// edge cases) and holds a few events (Page View, Add to Cart, sometimes a purchase at
// the end). Every event of a session carries the session's utm_source / utm_medium /
// utm_campaign, as GA4's session-scoped source fields do; the landing event also has the
// referrer URL and, for some Google Ads clicks, a gclid.
//
// Two shapes, chosen per user: "flat" events with top-level fields and an ISO `time`,
// and Amplitude-export-like events (`event_time` "YYYY-MM-DD HH:MM:SS.ffffff",
// `device_id`, sometimes no `user_id`, UTM fields in `event_properties` on the landing
// event and in `user_properties` on every event, as Amplitude's SDK persists them). No
// `session_id` is written, so sessions come from the inactivity timeout.
//
// Same seed and options, same events, byte for byte: the generated files are committed
// or cached, and tests compare against them.

/** Bump when the output for a given seed changes, so cached files are regenerated. */
export const GENERATOR_VERSION = 1;

export interface GenerateOptions {
  seed: number;
  /** Exactly this many events are produced. */
  events: number;
  /** First day of the period, `YYYY-MM-DD` (UTC). */
  startDate?: string;
  /** Length of the period in days. */
  days?: number;
}

export type GeneratedEvent = Record<string, unknown>;

/** mulberry32: a tiny, fast 32-bit PRNG; plenty for sample data, and fully deterministic. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (random: Random, p: number): boolean => random() < p;
/** 1 + a geometric count with the given mean of the extra part. */
const countFrom1 = (random: Random, meanExtra: number): number => {
  let n = 1;
  const p = meanExtra / (1 + meanExtra);
  while (n < 40 && random() < p) n++;
  return n;
};

const SEARCH_QUERIES = [
  'running+shoes',
  'trail+running+shoes',
  'best+running+shoes+2024',
  'marathon+training+plan',
  'shoe+store+near+me',
  'waterproof+hiking+boots',
  'stride+shop+discount+code',
];

interface TrafficSource {
  /** What GA4's rules should call it; documentation for readers of this table. */
  channel: string;
  weight: number;
  source?: readonly string[];
  medium?: readonly string[];
  campaign?: readonly string[];
  /**
   * Referrer URLs of the landing event, all alike or per utm_source; `{q}` becomes a
   * search query. None: no referrer.
   */
  referrer?: readonly string[] | Readonly<Record<string, readonly string[]>>;
  /** Share of landing events with a Google Ads click id. */
  gclid?: number;
  /** Share of sessions that end in a purchase. */
  purchase: number;
}

const GOOGLE_SEARCH = ['https://www.google.com/search?q={q}', 'https://www.google.com/', 'https://www.google.co.uk/'];
const MAIL_CLIENTS = ['https://mail.google.com/', 'https://outlook.live.com/', 'https://mail.yahoo.com/'];

// Weights are relative. Rows marked "edge" reproduce the cases in the GA4 example's
// `expect`s, so the sample shows them in real data too.
const TRAFFIC_SOURCES: readonly TrafficSource[] = [
  { channel: 'Direct', weight: 120, source: ['(direct)'], medium: ['(none)'], purchase: 0.14 },
  { channel: 'Direct', weight: 10, source: ['(direct)'], medium: ['(not set)'], purchase: 0.14 },
  // Raw data without any source field (edge: -/-/-).
  { channel: 'Unassigned', weight: 60, purchase: 0.1 },
  {
    channel: 'Cross-network',
    weight: 25,
    source: ['google'],
    medium: ['cpc'],
    campaign: ['pmax_cross-network_spring', 'my-cross-network-campaign', 'Cross-Network-Brand'],
    referrer: ['https://www.google.com/'],
    gclid: 0.7,
    purchase: 0.16,
  },
  {
    channel: 'Paid Shopping',
    weight: 20,
    source: ['google'],
    medium: ['cpc', 'ppc'],
    campaign: ['summer_shop', 'shopping_feed', 'eshop_launch'],
    referrer: ['https://www.google.com/'],
    gclid: 0.7,
    purchase: 0.2,
  },
  { channel: 'Paid Shopping', weight: 10, source: ['Google Shopping', 'IGShopping'], medium: ['cpc', 'paid'], purchase: 0.2 },
  {
    channel: 'Paid Search',
    weight: 110,
    source: ['google'],
    medium: ['cpc'],
    campaign: ['brand_search', 'generic_running_shoes', 'competitor_terms'],
    referrer: ['https://www.google.com/'],
    gclid: 0.8,
    purchase: 0.18,
  },
  { channel: 'Paid Search', weight: 5, source: ['google'], medium: ['CPC'], campaign: ['brand_search'], purchase: 0.18 },
  { channel: 'Paid Search', weight: 25, source: ['bing'], medium: ['cpc'], referrer: ['https://www.bing.com/'], purchase: 0.15 },
  { channel: 'Paid Search', weight: 10, source: ['baidu', 'duckduckgo', 'yahoo'], medium: ['ppc', 'paid_search'], purchase: 0.12 },
  {
    channel: 'Paid Social',
    weight: 40,
    source: ['facebook'],
    medium: ['paid_social'],
    campaign: ['spring_sale', 'retarget_cart'],
    referrer: ['https://m.facebook.com/', 'https://l.facebook.com/l.php?u=https%3A%2F%2Fshop.example.com%2F'],
    purchase: 0.1,
  },
  { channel: 'Paid Social', weight: 10, source: ['facebook'], medium: ['cpm'], purchase: 0.08 },
  { channel: 'Paid Social', weight: 20, source: ['instagram'], medium: ['cpc'], referrer: ['https://l.instagram.com/'], purchase: 0.1 },
  { channel: 'Paid Social', weight: 15, source: ['linkedin', 'tiktok', 'reddit'], medium: ['paid', 'cpc'], purchase: 0.07 },
  { channel: 'Paid Video', weight: 15, source: ['youtube'], medium: ['cpv'], campaign: ['brand_video'], purchase: 0.06 },
  { channel: 'Paid Video', weight: 5, source: ['youtube.com', 'vimeo', 'twitch'], medium: ['cpc', 'paid_video'], purchase: 0.06 },
  { channel: 'Display', weight: 10, source: ['someblog.com'], medium: ['cpm'], purchase: 0.04 },
  { channel: 'Display', weight: 20, source: ['google', 'criteo', 'doubleclick.net'], medium: ['display', 'banner'], purchase: 0.05 },
  { channel: 'Display', weight: 5, source: ['youtube.com'], medium: ['display'], purchase: 0.04 },
  { channel: 'Display', weight: 3, source: ['adnetwork.example'], medium: ['interstitial', 'expandable'], purchase: 0.03 },
  {
    channel: 'Paid Other',
    weight: 20,
    source: ['partner-network', 'criteo', 'outbrain', 'taboola'],
    medium: ['cpc', 'retargeting', 'ppc', 'paid_native'],
    purchase: 0.08,
  },
  { channel: 'Organic Shopping', weight: 10, source: ['amazon', 'ebay', 'etsy', 'shopify'], medium: ['referral'], purchase: 0.15 },
  // edge: x/-/eshop is Organic Shopping, x/-/workshop is not.
  { channel: 'Organic Shopping', weight: 3, source: ['x'], campaign: ['eshop', 'spring-shop'], purchase: 0.12 },
  { channel: 'Unassigned', weight: 3, source: ['x'], campaign: ['workshop'], purchase: 0.05 },
  {
    channel: 'Organic Social',
    weight: 40,
    source: ['m.facebook.com'],
    medium: ['referral'],
    referrer: ['https://m.facebook.com/', 'https://m.facebook.com/groups/runners/'],
    purchase: 0.06,
  },
  {
    channel: 'Organic Social',
    weight: 40,
    source: ['t.co', 'l.instagram.com', 'linkedin.com', 'reddit.com', 'news.ycombinator.com', 'pinterest'],
    medium: ['referral'],
    referrer: {
      't.co': ['https://t.co/x1Yz9Q', 'https://t.co/'],
      'l.instagram.com': ['https://l.instagram.com/'],
      'linkedin.com': ['https://www.linkedin.com/feed/'],
      'reddit.com': ['https://www.reddit.com/r/running/', 'https://old.reddit.com/r/AdvancedRunning/'],
      'news.ycombinator.com': ['https://news.ycombinator.com/'],
      pinterest: ['https://www.pinterest.com/pin/123456/'],
    },
    purchase: 0.05,
  },
  { channel: 'Organic Social', weight: 8, source: ['community', 'mastodon.example'], medium: ['social', 'social media', 'sm'], purchase: 0.05 },
  {
    channel: 'Organic Video',
    weight: 20,
    source: ['youtube.com', 'm.youtube.com', 'vimeo'],
    medium: ['referral'],
    referrer: {
      'youtube.com': ['https://www.youtube.com/'],
      'm.youtube.com': ['https://m.youtube.com/watch?v=dQw4w9WgXcQ'],
      vimeo: ['https://vimeo.com/'],
    },
    purchase: 0.05,
  },
  { channel: 'Organic Video', weight: 3, source: ['partner-site'], medium: ['video', 'product-video'], purchase: 0.05 },
  { channel: 'Organic Search', weight: 150, source: ['google'], medium: ['organic'], referrer: GOOGLE_SEARCH, purchase: 0.12 },
  { channel: 'Organic Search', weight: 25, source: ['bing'], medium: ['organic'], referrer: ['https://www.bing.com/search?q={q}'], purchase: 0.1 },
  {
    channel: 'Organic Search',
    weight: 20,
    source: ['duckduckgo', 'ecosia.org', 'yahoo', 'baidu', 'yandex'],
    medium: ['organic'],
    referrer: {
      duckduckgo: ['https://duckduckgo.com/'],
      'ecosia.org': ['https://www.ecosia.org/search?q={q}'],
      yahoo: ['https://search.yahoo.com/search?p={q}'],
      baidu: ['https://www.baidu.com/s?wd={q}'],
      yandex: ['https://yandex.ru/search/?text={q}'],
    },
    purchase: 0.1,
  },
  // edge: google/- is Organic Search.
  { channel: 'Organic Search', weight: 10, source: ['google'], referrer: GOOGLE_SEARCH, purchase: 0.1 },
  {
    channel: 'Referral',
    weight: 60,
    source: ['running-blog.example', 'news.example.org', 'google.com', 'partner-store.example'],
    medium: ['referral'],
    referrer: {
      'running-blog.example': ['https://running-blog.example/reviews/best-shoes'],
      'news.example.org': ['https://news.example.org/2024/03/marathon'],
      'google.com': ['https://www.google.com/'],
      'partner-store.example': ['https://partner-store.example/'],
    },
    purchase: 0.08,
  },
  // edge: email/referral is Referral.
  { channel: 'Referral', weight: 3, source: ['email'], medium: ['referral'], purchase: 0.08 },
  { channel: 'Referral', weight: 6, source: ['partner-app', 'link-in-bio'], medium: ['app', 'link'], purchase: 0.06 },
  {
    channel: 'Email',
    weight: 60,
    source: ['newsletter', 'mailchimp', 'klaviyo'],
    medium: ['email', 'Email', 'e-mail'],
    campaign: ['weekly_digest', 'spring_sale', 'abandoned_cart'],
    referrer: MAIL_CLIENTS,
    purchase: 0.2,
  },
  { channel: 'Email', weight: 5, source: ['email', 'e_mail'], campaign: ['receipt_followup'], purchase: 0.15 },
  { channel: 'Affiliates', weight: 15, source: ['awin', 'impact', 'cj'], medium: ['affiliate'], purchase: 0.12 },
  // edge: x/affiliates is Unassigned (GA4 wants exactly "affiliate").
  { channel: 'Unassigned', weight: 3, source: ['x'], medium: ['affiliates'], purchase: 0.1 },
  { channel: 'Audio', weight: 5, source: ['spotify', 'podcast-network'], medium: ['audio'], purchase: 0.05 },
  { channel: 'SMS', weight: 5, source: ['sms'], medium: ['text', 'sms'], purchase: 0.15 },
  { channel: 'SMS', weight: 3, source: ['attentive'], medium: ['sms'], purchase: 0.15 },
  { channel: 'Mobile Push Notifications', weight: 8, source: ['onesignal'], medium: ['web-push'], purchase: 0.1 },
  { channel: 'Mobile Push Notifications', weight: 4, source: ['firebase'], purchase: 0.1 },
  { channel: 'Mobile Push Notifications', weight: 4, source: ['app', 'braze'], medium: ['mobile_notification', 'push_notification'], purchase: 0.1 },
  { channel: 'Unassigned', weight: 5, source: ['qr-code'], medium: ['print'], purchase: 0.05 },
];

const TOTAL_WEIGHT = TRAFFIC_SOURCES.reduce((sum, source) => sum + source.weight, 0);

function pickTrafficSource(random: Random): number {
  let r = random() * TOTAL_WEIGHT;
  for (let i = 0; i < TRAFFIC_SOURCES.length; i++) {
    r -= TRAFFIC_SOURCES[i]!.weight;
    if (r < 0) return i;
  }
  return TRAFFIC_SOURCES.length - 1;
}

/** The intended GA4 channels of the traffic-source table (for tests that check coverage). */
export const INTENDED_CHANNELS: readonly string[] = [...new Set(TRAFFIC_SOURCES.map((source) => source.channel))];

const COUNTRIES = ['US', 'US', 'US', 'GB', 'DE', 'FR', 'CA', 'AU', 'NL', 'SE'];
const PLANS = ['free', 'free', 'member', 'vip'];
const PAGES = ['/', '/running', '/trail', '/sale', '/blog/marathon-training', '/stores'];

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A distinct, stable id for an index (odd multiplier: a bijection on 32 bits). */
function hashId(index: number, salt: number): number {
  return (Math.imul(index + 1, 0x9e3779b1) ^ salt) >>> 0;
}

function userIdOf(user: number): string {
  return `u${hashId(user, 0x5bd1e995).toString(36).padStart(7, '0')}`;
}

function deviceIdOf(user: number): string {
  const a = hashId(user, 0x27d4eb2f).toString(16).padStart(8, '0');
  const b = hashId(user, 0x165667b1).toString(16).padStart(8, '0');
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-a${a.slice(1, 4)}-${b}${a.slice(0, 4)}`;
}

function gclidOf(random: Random): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
  let id = 'Cj0KCQjw';
  for (let i = 0; i < 24; i++) id += alphabet[Math.floor(random() * alphabet.length)];
  return id;
}

function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Amplitude's export format: `2024-03-01 10:00:00.123000`. */
function amplitudeTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000`;
}

/** The sessions to write, planned up front (compact arrays) and then written in start-time order. */
interface SessionPlan {
  start: Float64Array;
  user: Int32Array;
  events: Int32Array;
  trafficSource: Int32Array;
  purchase: Uint8Array;
  seed: Uint32Array;
  count: number;
}

interface UserPlan {
  amplitudeShape: Uint8Array;
  anonymous: Uint8Array;
  country: Uint8Array;
  plan: Uint8Array;
}

function planSessions(random: Random, total: number, periodStart: number, days: number): { sessions: SessionPlan; users: UserPlan } {
  const capacity = Math.max(16, Math.ceil(total / 1.5));
  const sessions: SessionPlan = {
    start: new Float64Array(capacity),
    user: new Int32Array(capacity),
    events: new Int32Array(capacity),
    trafficSource: new Int32Array(capacity),
    purchase: new Uint8Array(capacity),
    seed: new Uint32Array(capacity),
    count: 0,
  };
  const userCapacity = Math.max(16, Math.ceil(total / 2));
  const users: UserPlan = {
    amplitudeShape: new Uint8Array(userCapacity),
    anonymous: new Uint8Array(userCapacity),
    country: new Uint8Array(userCapacity),
    plan: new Uint8Array(userCapacity),
  };
  const periodEnd = periodStart + days * DAY;
  let planned = 0;
  for (let user = 0; planned < total; user++) {
    const amplitudeShape = chance(random, 0.25);
    users.amplitudeShape[user] = amplitudeShape ? 1 : 0;
    users.anonymous[user] = amplitudeShape && chance(random, 0.3) ? 1 : 0;
    users.country[user] = Math.floor(random() * COUNTRIES.length);
    users.plan[user] = Math.floor(random() * PLANS.length);
    const visits = countFrom1(random, 2);
    let time = periodStart + Math.floor(random() * days * DAY);
    for (let visit = 0; visit < visits && planned < total && time < periodEnd; visit++) {
      const purchase = random();
      const trafficSource = pickTrafficSource(random);
      const hasPurchase = purchase < TRAFFIC_SOURCES[trafficSource]!.purchase;
      // Page views (and carts) first, the purchase last; at least one page view before it.
      let events = countFrom1(random, 2.5) + (hasPurchase ? 1 : 0);
      events = Math.min(events, total - planned);
      const i = sessions.count++;
      sessions.start[i] = time;
      sessions.user[i] = user;
      sessions.events[i] = events;
      sessions.trafficSource[i] = trafficSource;
      sessions.purchase[i] = hasPurchase && events >= 2 ? 1 : 0;
      sessions.seed[i] = Math.floor(random() * 4294967296);
      planned += events;
      // Next visit: hours to days later.
      time += Math.floor(MINUTE * 45 + random() * random() * 6 * DAY);
    }
  }
  return { sessions, users };
}

/** The events, in session start order (events of one session are consecutive). */
export function* generateEvents(options: GenerateOptions): Generator<GeneratedEvent> {
  const random = createRandom(options.seed);
  const days = options.days ?? 28;
  const periodStart = Date.parse(`${options.startDate ?? '2024-03-01'}T00:00:00Z`);
  const { sessions, users } = planSessions(random, options.events, periodStart, days);

  const order = new Int32Array(sessions.count);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => sessions.start[a]! - sessions.start[b]! || a - b);

  for (const s of order) {
    yield* sessionEvents(sessions, users, s);
  }
}

function referrersFor(traffic: TrafficSource, source: string | undefined): readonly string[] | undefined {
  const { referrer } = traffic;
  if (referrer === undefined || isStringArray(referrer)) return referrer;
  return source === undefined ? undefined : referrer[source];
}

function isStringArray(value: unknown): value is readonly string[] {
  return Array.isArray(value);
}

function* sessionEvents(sessions: SessionPlan, users: UserPlan, s: number): Generator<GeneratedEvent> {
  const random = createRandom(sessions.seed[s]!);
  const user = sessions.user[s]!;
  const traffic = TRAFFIC_SOURCES[sessions.trafficSource[s]!]!;
  const amplitudeShape = users.amplitudeShape[user] === 1;

  const utm: Record<string, string> = {};
  if (traffic.source) utm.utm_source = pick(random, traffic.source);
  if (traffic.medium) utm.utm_medium = pick(random, traffic.medium);
  if (traffic.campaign) utm.utm_campaign = pick(random, traffic.campaign);
  const referrers = referrersFor(traffic, utm.utm_source);
  const referrer = referrers ? pick(random, referrers).replace('{q}', pick(random, SEARCH_QUERIES)) : undefined;
  const gclid = traffic.gclid !== undefined && chance(random, traffic.gclid) ? gclidOf(random) : undefined;

  const count = sessions.events[s]!;
  const purchase = sessions.purchase[s] === 1;
  let time = sessions.start[s]! + Math.floor(random() * 1000);
  for (let n = 0; n < count; n++) {
    const landing = n === 0;
    const eventType =
      purchase && n === count - 1 ? 'purchase' : !landing && (chance(random, 0.15) || (purchase && n === count - 2)) ? 'Add to Cart' : 'Page View';
    const properties: Record<string, unknown> = {};
    if (eventType === 'Page View') properties.page_path = landing ? pick(random, PAGES) : `/products/${100 + Math.floor(random() * 400)}`;
    if (eventType === 'Add to Cart') properties.product_id = `sku-${100 + Math.floor(random() * 400)}`;
    if (eventType === 'purchase') {
      properties.order_id = `o-${sessions.seed[s]!.toString(36)}`;
      properties.revenue = Math.round((30 + random() * 170) * 100) / 100;
    }

    if (amplitudeShape) {
      const eventProperties: Record<string, unknown> = landing ? { ...utm, ...properties } : properties;
      if (landing && referrer !== undefined) eventProperties.referrer = referrer;
      if (landing && gclid !== undefined) eventProperties.gclid = gclid;
      yield {
        user_id: users.anonymous[user] === 1 ? null : userIdOf(user),
        device_id: deviceIdOf(user),
        event_time: amplitudeTime(time),
        event_type: eventType,
        event_properties: eventProperties,
        user_properties: { ...utm, country: COUNTRIES[users.country[user]!], plan: PLANS[users.plan[user]!] },
      };
    } else {
      const event: GeneratedEvent = { user_id: userIdOf(user), time: isoTime(time), event_type: eventType, ...utm };
      if (landing && referrer !== undefined) event.referrer = referrer;
      if (landing && gclid !== undefined) event.gclid = gclid;
      // Flat exports keep only the landing page, like a session table.
      if (landing || eventType !== 'Page View') Object.assign(event, properties);
      yield event;
    }
    time += 5_000 + Math.floor(random() * random() * 6 * MINUTE);
  }
}

/** The events as NDJSON lines (no trailing newline on each). */
export function* generateEventLines(options: GenerateOptions): Generator<string> {
  for (const event of generateEvents(options)) yield JSON.stringify(event);
}
