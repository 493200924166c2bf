// Generates examples/ga4-default.channels (GA4's default channel group) from Google's
// source-category table, examples/ga4/source-categories.csv, and the same rules as the
// `ga4` template of `channel-rules init` (templates/ga4/template.channels).
//
//   node scripts/generate-ga4-example.mjs           writes the file
//   node scripts/generate-ga4-example.mjs --check   exits 1 when the committed file is stale
//
// The generated file is committed; test/examples checks it matches this script's output,
// so edit the template here (or the CSV), never the .channels file.
import { parse } from 'csv-parse/sync';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CSV_PATH = path.join(ROOT, 'examples', 'ga4', 'source-categories.csv');
export const OUTPUT_PATH = path.join(ROOT, 'examples', 'ga4-default.channels');
export const TEMPLATE_PATH = path.join(ROOT, 'templates', 'ga4', 'template.channels');

/** The CSV's categories, in the order their lists appear in the file, with their list names. */
const CATEGORIES = [
  { category: 'SOURCE_CATEGORY_SEARCH', list: 'search_sites', what: 'search engines' },
  { category: 'SOURCE_CATEGORY_SOCIAL', list: 'social_sites', what: 'social networks' },
  { category: 'SOURCE_CATEGORY_SHOPPING', list: 'shopping_sites', what: 'shopping sites' },
  { category: 'SOURCE_CATEGORY_VIDEO', list: 'video_sites', what: 'video sites' },
];

const LINE_WIDTH = 100;

/** Parses the source-category CSV into { category: [source, …] }, in file order; throws on anything unexpected. */
export function readSourceCategories(csvText) {
  const rows = parse(csvText, { columns: true, skip_empty_lines: true, trim: false });
  const byCategory = new Map(CATEGORIES.map(({ category }) => [category, []]));
  rows.forEach((row, i) => {
    const sources = byCategory.get(row.source_category);
    if (sources === undefined) {
      throw new Error(`source-categories.csv row ${i + 2}: unknown category ${JSON.stringify(row.source_category)}`);
    }
    if (typeof row.source !== 'string' || row.source === '') {
      throw new Error(`source-categories.csv row ${i + 2}: empty source`);
    }
    sources.push(row.source);
  });
  return byCategory;
}

/** `list name = [ … ]` with the values wrapped to LINE_WIDTH columns. */
function renderList(name, values) {
  const lines = [];
  let line = ' ';
  for (const value of values) {
    const item = ` ${JSON.stringify(value)},`;
    if (line.length + item.length > LINE_WIDTH && line.trim() !== '') {
      lines.push(line);
      line = ' ';
    }
    line += item;
  }
  if (line.trim() !== '') lines.push(line);
  return `list ${name} = [\n${lines.join('\n')}\n]`;
}

/** One `expect` per documented case: [source, medium, campaign, channel]; undefined = field missing. */
const EXPECTATIONS = [
  ['(direct)', '(none)', undefined, 'Direct'],
  ['google', 'cpc', undefined, 'Paid Search'],
  ['google', 'CPC', undefined, 'Paid Search'],
  ['google', undefined, undefined, 'Organic Search'],
  ['google.com', 'referral', undefined, 'Referral'],
  ['facebook', 'paid_social', undefined, 'Paid Social'],
  ['facebook', 'cpm', undefined, 'Paid Social'],
  ['someblog.com', 'cpm', undefined, 'Display'],
  ['youtube.com', 'display', undefined, 'Display'],
  ['m.facebook.com', 'referral', undefined, 'Organic Social'],
  ['mailchimp', 'Email', undefined, 'Email'],
  ['email', 'referral', undefined, 'Referral'],
  ['x', 'affiliates', undefined, 'Unassigned'],
  ['onesignal', 'web-push', undefined, 'Mobile Push Notifications'],
  ['x', 'ppc', 'summer_shop', 'Paid Shopping'],
  ['x', undefined, 'workshop', 'Unassigned'],
  ['x', undefined, 'eshop', 'Organic Shopping'],
  ['x', 'cpc', 'my-cross-network-campaign', 'Cross-network'],
  [undefined, undefined, undefined, 'Unassigned'],
];

function renderExpectation([source, medium, campaign, channel]) {
  const pairs = [
    ['utm_source', source],
    ['utm_medium', medium],
    ['utm_campaign', campaign],
  ]
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) => `${field}: ${JSON.stringify(value)}`);
  const event = pairs.length === 0 ? '{}' : `{ ${pairs.join(', ')} }`;
  return `expect ${JSON.stringify(channel).padEnd(28)} for ${event}`;
}

/** The full text of examples/ga4-default.channels. */
export function renderGa4Example(csvText) {
  const byCategory = readSourceCategories(csvText);
  const total = [...byCategory.values()].reduce((n, sources) => n + sources.length, 0);
  const counts = CATEGORIES.map(({ category, list }) => `${list} (${byCategory.get(category).length})`).join(', ');
  const lists = CATEGORIES.map(({ category, list, what }) =>
    [`# ${what[0].toUpperCase()}${what.slice(1)}: GA4's ${category}.`, renderList(list, byCategory.get(category))].join('\n'),
  ).join('\n\n');

  return `# Google Analytics 4: the default channel group
#
# GA4's 18 default channels, in the order Google evaluates them, with Google's complete
# source-category lists, ${total} sources in all:
#   ${counts}.
# Copy this file and adapt it: rules are tried top to bottom, across all channels, and the
# first that holds gives the event its channel; an event no rule matches is "Unassigned".
#
# Fields (GA4's session source / medium / campaign name):
#   utm_source    e.g. "google", "facebook", "newsletter", "(direct)"
#   utm_medium    e.g. "cpc", "organic", "referral", "email", "(none)"
#   utm_campaign  e.g. "spring_sale", "my-cross-network-campaign"
# GA4 itself writes "(direct)" / "(none)" for a visit without a source. In raw event data
# such a visit usually has these fields missing instead, and this file, which follows
# Google's definitions to the letter, calls it "Unassigned". If your data leaves them out,
# add a rule like
#   when utm_source is not set and referrer is not set
# to the "Direct" channel.
#
# GA4's BigQuery export: --from ga4 reads these fields from collected_traffic_source, the
# UTM tags of each event alone, while GA4's own channel (--against auto) is the session's,
# from its source, medium and campaign (tags, else the referrer, else "(direct)").
# To compare with GA4, read the session's:
#   --map utm_source=session_traffic_source_last_click.cross_channel_campaign.source
#   --map utm_medium=session_traffic_source_last_click.cross_channel_campaign.medium
#   --map utm_campaign=session_traffic_source_last_click.cross_channel_campaign.campaign_name
# (Channel Rules' docs/events-and-reports.md, "Comparing with GA4's own channel").
#
# Generated by scripts/generate-ga4-example.mjs from examples/ga4/source-categories.csv;
# change those, then run \`node scripts/generate-ga4-example.mjs\`.
# Source: Google's "[GA4] Default channel group" help article and its source-category table.

# GA4 compares source, medium and campaign without regard to case: "CPC" is "cpc".
case insensitive

channel "Direct"
  # GA4 writes these placeholders itself for sessions without a source.
  when utm_source = "(direct)" and utm_medium in ["(not set)", "(none)"]

channel "Cross-network"
  # Performance Max, Demand Gen and other campaigns that run across Google's networks.
  when utm_campaign contains "cross-network"

channel "Paid Shopping"
  # A paid medium, and a shopping site or a campaign name with "shopping", or with "shop"
  # at the start or after a non-letter or an "e": "summer_shop" and "eshop", not "workshop".
  when (utm_source in shopping_sites or utm_campaign matches /^(.*(([^a-df-z]|^)shop|shopping).*)$/)
    and utm_medium matches /^(.*cp.*|ppc|retargeting|paid.*)$/

channel "Paid Search"
  when utm_source in search_sites and utm_medium matches /^(.*cp.*|ppc|retargeting|paid.*)$/

channel "Paid Social"
  when utm_source in social_sites and utm_medium matches /^(.*cp.*|ppc|retargeting|paid.*)$/

channel "Paid Video"
  when utm_source in video_sites and utm_medium matches /^(.*cp.*|ppc|retargeting|paid.*)$/

channel "Display"
  # Comes after the paid channels: "facebook" / "cpm" is Paid Social, not Display.
  when utm_medium in ["display", "banner", "expandable", "interstitial", "cpm"]

channel "Paid Other"
  # Any other paid medium: "cpc", "ppc", "cpv", "paid_media", "retargeting", …
  when utm_medium matches /^(.*cp.*|ppc|retargeting|paid.*)$/

channel "Organic Shopping"
  when utm_source in shopping_sites
  when utm_campaign matches /^(.*(([^a-df-z]|^)shop|shopping).*)$/

channel "Organic Social"
  when utm_source in social_sites
  when utm_medium in ["social", "social-network", "social-media", "sm", "social network", "social media"]

channel "Organic Video"
  when utm_source in video_sites
  when utm_medium matches /^(.*video.*)$/

channel "Organic Search"
  when utm_source in search_sites
  when utm_medium = "organic"

channel "Referral"
  # Before Email: source "email" with medium "referral" is a Referral.
  when utm_medium in ["referral", "app", "link"]

channel "Email"
  when utm_source in email_tags
  when utm_medium in email_tags

channel "Affiliates"
  # Exactly "affiliate": "affiliates" is Unassigned.
  when utm_medium = "affiliate"

channel "Audio"
  when utm_medium = "audio"

channel "SMS"
  when utm_source = "sms"
  when utm_medium = "sms"

channel "Mobile Push Notifications"
  when utm_medium ends with "push"
  when utm_medium contains "mobile"
  when utm_medium contains "notification"
  when utm_source = "firebase"

otherwise "Unassigned"

# What the rules must do: \`channel-rules test examples/ga4-default.channels\`.
# A field not named in the braces is missing from the event.
${EXPECTATIONS.map(renderExpectation).join('\n')}

# Email, as GA4 spells it.
list email_tags = ["email", "e-mail", "e_mail", "e mail"]

${lists}
`;
}

/**
 * The `ga4` template of `channel-rules init`: the example without the note on how it is
 * generated, naming the user's files (`{{rules}}`, `{{events}}`; engine/init fills them).
 */
export function renderGa4Template(csvText) {
  const example = renderGa4Example(csvText);
  const generatorNote = /^# Generated by scripts\/generate-ga4-example\.mjs.*\n# change those.*\n/m;
  if (!generatorNote.test(example)) throw new Error('the GA4 example has no generator note to replace');
  return example
    .replace(generatorNote, '# Sample events for the preview and the code lenses: {{events}}.\n')
    .replaceAll('examples/ga4-default.channels', '{{rules}}');
}

function main() {
  const csv = readFileSync(CSV_PATH, 'utf8');
  for (const [output, text] of [
    [OUTPUT_PATH, renderGa4Example(csv)],
    [TEMPLATE_PATH, renderGa4Template(csv)],
  ]) {
    writeOrCheck(output, text);
  }
}

function writeOrCheck(OUTPUT_PATH, text) {
  const relative = path.relative(process.cwd(), OUTPUT_PATH);
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(OUTPUT_PATH, 'utf8');
    } catch {
      // A missing file is stale.
    }
    if (current !== text) {
      console.error(`${relative} is out of date: run node scripts/generate-ga4-example.mjs`);
      process.exit(1);
    }
    console.log(`${relative} is up to date`);
    return;
  }
  writeFileSync(OUTPUT_PATH, text);
  console.log(`wrote ${relative}`);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
