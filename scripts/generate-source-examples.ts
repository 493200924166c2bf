// Writes examples/sources/: the 17 events of Amplitude's worked example
// (examples/amplitude-example.ndjson) as each source system exports them, written by
// bench/source-shapes. `report examples/amplitude-example.channels --events
// examples/sources/<file> --conversion Purchase --lookback 20m` gives the worked
// example's figures for every file (test/examples/source-examples.test.ts).
//
// Where a system carries sessions (Amplitude, GA4, Snowplow, PostHog), each event gets
// the id of its 30-minute-timeout session, so the session tables match too. Referrers
// are URLs whose host is the example's referring_domain; Amplitude, Snowplow, Mixpanel
// and PostHog also write the domain itself, GA4 and Segment leave it to be derived.
//
//   npx tsx scripts/generate-source-examples.ts           writes the files
//   npx tsx scripts/generate-source-examples.ts --check   exits 1 when a committed file is stale
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ga4SessionTraffic, ga4Shape, SHAPE_WRITERS, sessionIdFor, type Ga4SessionTraffic, type NeutralEvent } from '../bench/source-shapes';
import type { SourceSystemId } from '../engine/events/sources/source-system';

const ROOT = path.join(__dirname, '..');
export const SOURCE_EXAMPLES_DIR = path.join(ROOT, 'examples', 'sources');
const WORKED_EXAMPLE = path.join(ROOT, 'examples', 'amplitude-example.ndjson');
const SESSION_TIMEOUT_MS = 30 * 60_000;

export const SOURCE_EXAMPLE_FILES: Readonly<Record<Exclude<SourceSystemId, 'plain'>, string>> = {
  amplitude: 'amplitude-export.ndjson',
  ga4: 'ga4-bigquery-export.ndjson',
  segment: 'segment-tracks.ndjson',
  snowplow: 'snowplow-enriched.ndjson',
  mixpanel: 'mixpanel-export.ndjson',
  posthog: 'posthog-events.jsonl',
};

const PAGES = ['/', '/running', '/products/412', '/sale', '/checkout'];
/** Systems whose rules derive referring_domain from the referrer (SPEC §3.2 "(derived)"). */
const DERIVED_DOMAIN: readonly SourceSystemId[] = ['ga4', 'segment'];

function neutralEvents(system: SourceSystemId): NeutralEvent[] {
  const records = readFileSync(WORKED_EXAMPLE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, string>);
  const last = new Map<string, { time: number; start: number; n: number }>();
  let sessions = 0;
  return records.map((record, index): NeutralEvent => {
    const time = Date.parse(record.time!);
    const user = record.user_id!;
    let session = last.get(user);
    if (session === undefined || time - session.time > SESSION_TIMEOUT_MS) session = { time, start: time, n: ++sessions };
    session.time = time;
    last.set(user, session);
    const fields: Record<string, string | null> = {};
    if (record.utm_medium !== undefined) fields.utm_medium = record.utm_medium;
    if (record.referring_domain !== undefined) {
      fields.referrer = `https://${record.referring_domain}/`;
      if (!DERIVED_DOMAIN.includes(system)) fields.referring_domain = record.referring_domain;
    }
    const type = record.event_type!;
    const properties: Record<string, string> =
      type === 'Purchase' ? { order_id: `o-${1000 + index}`, revenue: '49.90' } : { page_path: PAGES[index % PAGES.length]! };
    return {
      user,
      time,
      micros: (index * 137) % 1000,
      type,
      session: { id: sessionIdFor(system, session.start, session.n), start: session.start },
      fields,
      properties,
      index,
    };
  });
}

export function renderSourceExample(system: Exclude<SourceSystemId, 'plain'>): string {
  const all = neutralEvents(system);
  // GA4 gives every event of a session the source, medium, campaign and channel of the session's traffic (its first event's).
  const sessionTraffic = new Map<string, Ga4SessionTraffic>();
  const sessionOf = (event: NeutralEvent): string => `${event.user} ${event.session!.id}`;
  for (const event of all) if (!sessionTraffic.has(sessionOf(event))) sessionTraffic.set(sessionOf(event), ga4SessionTraffic(event));
  const write = system === 'ga4' ? ga4Shape({ sessionTraffic: (event) => sessionTraffic.get(sessionOf(event))! }) : SHAPE_WRITERS[system];
  const events = all.map((event) => (system === 'segment' || system === 'mixpanel' ? { ...event, session: undefined } : event));
  return events.map((event) => `${JSON.stringify(write(event))}\n`).join('');
}

function main(): void {
  const check = process.argv.includes('--check');
  let stale = false;
  mkdirSync(SOURCE_EXAMPLES_DIR, { recursive: true });
  for (const [system, file] of Object.entries(SOURCE_EXAMPLE_FILES) as Array<[Exclude<SourceSystemId, 'plain'>, string]>) {
    const target = path.join(SOURCE_EXAMPLES_DIR, file);
    const text = renderSourceExample(system);
    if (check) {
      let current = '';
      try {
        current = readFileSync(target, 'utf8');
      } catch {
        // A missing file is stale.
      }
      if (current !== text) {
        console.error(`${path.relative(process.cwd(), target)} is stale: run npx tsx scripts/generate-source-examples.ts`);
        stale = true;
      }
    } else {
      writeFileSync(target, text);
      console.log(`wrote ${path.relative(process.cwd(), target)}`);
    }
  }
  if (stale) process.exitCode = 1;
}

if (require.main === module) main();
