// Writes examples/ga4-sample.ndjson: ~3,000 realistic events from bench/generate-events
// (the benchmark's generator, with a fixed seed), committed so that the examples and the
// preview have data to show. test/examples checks the file is up to date.
//
//   npx tsx scripts/generate-sample-events.ts           writes the file
//   npx tsx scripts/generate-sample-events.ts --check   exits 1 when the committed file is stale
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateEventLines } from '../bench/generate-events';

export const SAMPLE_PATH = path.join(__dirname, '..', 'examples', 'ga4-sample.ndjson');
export const SAMPLE_OPTIONS = { seed: 20240301, events: 3000, startDate: '2024-03-01', days: 28 } as const;

export function renderSampleEvents(): string {
  let text = '';
  for (const line of generateEventLines(SAMPLE_OPTIONS)) text += `${line}\n`;
  return text;
}

function main(): void {
  const text = renderSampleEvents();
  const relative = path.relative(process.cwd(), SAMPLE_PATH);
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(SAMPLE_PATH, 'utf8');
    } catch {
      // A missing file is stale.
    }
    if (current !== text) {
      console.error(`${relative} is out of date: run npx tsx scripts/generate-sample-events.ts`);
      process.exit(1);
    }
    console.log(`${relative} is up to date`);
    return;
  }
  writeFileSync(SAMPLE_PATH, text);
  console.log(`wrote ${relative} (${SAMPLE_OPTIONS.events} events)`);
}

if (require.main === module) main();
