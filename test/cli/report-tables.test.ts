import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reportTables } from '../../cli/format/report-tables';
import { formatDecimal, formatInteger } from '../../cli/format/table';
import { ATTRIBUTION_MODELS } from '../../engine/report/attribution-models';
import type { AttributionRow, ChannelReport } from '../../engine/report/report';
import { emptyReport } from '../support/empty-report';

function reportWith(models: ChannelReport['attribution']['models']): ChannelReport {
  const report = emptyReport('purchase', '30d');
  report.attribution.models = models;
  return report;
}

/** The attribution tables looked up by name, cell by cell: what reportTables must agree with. */
function byNameTables(report: ChannelReport): string[][][] {
  const models = Object.keys(report.attribution.models) as (keyof typeof report.attribution.models)[];
  const channels = [...new Set(models.flatMap((model) => report.attribution.models[model]!.map((row) => row.channel)))];
  const rowsOf = new Map(models.map((model) => [model, new Map(report.attribution.models[model]!.map((row) => [row.channel, row]))]));
  const table = (value: (row: AttributionRow) => string) =>
    channels.map((channel) => [channel, ...models.map((model) => {
      const row = rowsOf.get(model)!.get(channel);
      return row === undefined ? '0' : value(row);
    })]);
  return [table((row) => formatDecimal(row.totals)), table((row) => formatInteger(row.uniques))];
}

function attributionTables(report: ChannelReport): string[][][] {
  return reportTables(report)
    .filter(({ title }) => title.startsWith('Attribution'))
    .map(({ table }) => table.rows);
}

describe('reportTables: channels by event type', () => {
  it('lists under an event type only the channels that have it, also for names of Object.prototype', () => {
    const report = emptyReport('purchase', '30d');
    report.channels = [
      { channel: 'Email', uniques: 1, totals: 3, byEventType: { toString: { uniques: 1, totals: 1 }, ['__proto__']: { uniques: 1, totals: 2 } } },
      { channel: 'Paid', uniques: 1, totals: 1, byEventType: { constructor: { uniques: 1, totals: 1 } } },
    ];
    const byType = reportTables(report).filter(({ title }) => title.startsWith('Channels: '));
    expect(byType.map(({ title, table }) => [title, table.rows])).toEqual([
      ['Channels: toString', [['Email', '1', '1']]],
      ['Channels: __proto__', [['Email', '1', '2']]],
      ['Channels: constructor', [['Paid', '1', '1']]],
    ]);
  });
});

describe('reportTables: attribution', () => {
  it('lays out each model as a column, in the order of the channels the models name', () => {
    const report = reportWith({
      first_touch: [{ channel: 'Email', uniques: 2, totals: 2 }, { channel: 'Direct', uniques: 1, totals: 1 }],
      linear: [{ channel: 'Direct', uniques: 3, totals: 1.5 }, { channel: 'Social', uniques: 1, totals: 1234.5 }],
    });
    expect(attributionTables(report)).toEqual([
      [['Email', '2', '0'], ['Direct', '1', '1.5'], ['Social', '0', '1,234.5']],
      [['Email', '2', '0'], ['Direct', '1', '3'], ['Social', '0', '1']],
    ]);
  });

  it('agrees with a lookup by name whatever order, gaps or repeats the models have', () => {
    const row = fc.record({ channel: fc.constantFrom('A', 'B', 'C', 'D', 'E'), uniques: fc.nat(1_000), totals: fc.double({ min: 0, max: 1e6, noNaN: true }) });
    const inOrder = fc.array(fc.record({ uniques: fc.nat(1_000), totals: fc.nat(1_000) }), { minLength: 1, maxLength: 5 });
    const models = fc.oneof(
      // Every model in the same order (the engine's reports), possibly as long as another.
      inOrder.chain((first) =>
        fc.array(fc.array(fc.record({ uniques: fc.nat(1_000), totals: fc.double({ min: 0, max: 1e6, noNaN: true }) }), { minLength: first.length, maxLength: first.length }), { minLength: 1, maxLength: ATTRIBUTION_MODELS.length })
          .map((lists) => lists.map((counts) => counts.map((count, k) => ({ channel: `C${k}`, ...count })))),
      ),
      fc.array(fc.array(row, { maxLength: 7 }), { minLength: 1, maxLength: ATTRIBUTION_MODELS.length }),
    );
    fc.assert(
      fc.property(models, (lists) => {
        const report = reportWith(Object.fromEntries(lists.map((rows, k) => [ATTRIBUTION_MODELS[k]!, rows])));
        expect(attributionTables(report)).toEqual(byNameTables(report));
      }),
      { numRuns: 500 },
    );
  });
});
