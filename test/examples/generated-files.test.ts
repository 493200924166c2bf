// The committed generated examples must be exactly what their generators write now.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSampleEvents, SAMPLE_PATH } from '../../scripts/generate-sample-events';
import { renderSourceExample, SOURCE_EXAMPLE_FILES, SOURCE_EXAMPLES_DIR } from '../../scripts/generate-source-examples';

const ROOT = path.join(__dirname, '..', '..');

interface Ga4Generator {
  renderGa4Example(csvText: string): string;
  renderGa4Template(csvText: string): string;
  TEMPLATE_PATH: string;
  readSourceCategories(csvText: string): Map<string, string[]>;
  CSV_PATH: string;
  OUTPUT_PATH: string;
}

// A plain .mjs script (so it runs with bare node); imported by path to keep tsc out of it.
const loadGa4Generator = async (): Promise<Ga4Generator> =>
  (await import(path.join(ROOT, 'scripts', 'generate-ga4-example.mjs'))) as Ga4Generator;

describe('examples/ga4-default.channels', () => {
  it('is what scripts/generate-ga4-example.mjs writes from the CSV', async () => {
    const generator = await loadGa4Generator();
    const expected = generator.renderGa4Example(readFileSync(generator.CSV_PATH, 'utf8'));
    expect(readFileSync(generator.OUTPUT_PATH, 'utf8')).toBe(expected);
  });

  it("is, as init's ga4 template (templates/ga4/template.channels), what the script writes", async () => {
    const generator = await loadGa4Generator();
    const expected = generator.renderGa4Template(readFileSync(generator.CSV_PATH, 'utf8'));
    expect(readFileSync(generator.TEMPLATE_PATH, 'utf8')).toBe(expected);
    expect(expected.replace('{{rules}}', 'examples/ga4-default.channels')).not.toContain('scripts/');
  });

  it("the CSV is Google's table: 819 sources in 4 categories", async () => {
    const generator = await loadGa4Generator();
    const categories = generator.readSourceCategories(readFileSync(generator.CSV_PATH, 'utf8'));
    expect(Object.fromEntries([...categories].map(([category, sources]) => [category, sources.length]))).toEqual({
      SOURCE_CATEGORY_SEARCH: 129,
      SOURCE_CATEGORY_SOCIAL: 592,
      SOURCE_CATEGORY_SHOPPING: 52,
      SOURCE_CATEGORY_VIDEO: 46,
    });
  });

  it('rejects a CSV row with an unknown category, naming the row', async () => {
    const generator = await loadGa4Generator();
    expect(() => generator.readSourceCategories('source,source_category\ngoogle,SOURCE_CATEGORY_SEARCH\nfoo,SOURCE_CATEGORY_FOOD\n')).toThrow(
      /row 3: unknown category "SOURCE_CATEGORY_FOOD"/,
    );
  });
});

describe('examples/ga4-sample.ndjson', () => {
  it('is what scripts/generate-sample-events.ts writes', () => {
    expect(readFileSync(SAMPLE_PATH, 'utf8')).toBe(renderSampleEvents());
  });
});

describe('examples/sources/', () => {
  it('is what scripts/generate-source-examples.ts writes from the worked example', () => {
    for (const [system, file] of Object.entries(SOURCE_EXAMPLE_FILES)) {
      expect(readFileSync(path.join(SOURCE_EXAMPLES_DIR, file), 'utf8'), file).toBe(renderSourceExample(system as keyof typeof SOURCE_EXAMPLE_FILES));
    }
  });
});

describe("init's amplitude template and the templates' samples", () => {
  it('the amplitude template is the worked example, naming the files init writes', () => {
    const template = readFileSync(path.join(ROOT, 'templates', 'amplitude', 'template.channels'), 'utf8');
    const filled = template.replaceAll('{{rules}}', 'examples/amplitude-example.channels').replaceAll('{{events}}', 'examples/amplitude-example.ndjson');
    const example = readFileSync(path.join(ROOT, 'examples', 'amplitude-example.channels'), 'utf8').replace(
      'its events are in amplitude-example.ndjson',
      'its events are in examples/amplitude-example.ndjson',
    );
    expect(filled).toBe(example);
    expect(readFileSync(path.join(ROOT, 'templates', 'amplitude', 'template.events.ndjson'), 'utf8')).toBe(
      readFileSync(path.join(ROOT, 'examples', 'amplitude-example.ndjson'), 'utf8'),
    );
  });

  it("the ga4 template's sample is the first 120 events of examples/ga4-sample.ndjson", () => {
    const sample = readFileSync(path.join(ROOT, 'templates', 'ga4', 'template.events.ndjson'), 'utf8');
    const example = readFileSync(path.join(ROOT, 'examples', 'ga4-sample.ndjson'), 'utf8');
    expect(sample.split('\n').length - 1).toBe(120);
    expect(example.startsWith(sample)).toBe(true);
  });
});
