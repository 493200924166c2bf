import { describe, expect, it } from 'vitest';
import { parseAttributionModels } from '../../engine/report/attribution-models';
import { DurationError, parseDuration, parseLookback, parsePositiveDuration } from '../../engine/report/durations';
import { parseReportSettings, ReportSettingsError } from '../../engine/report/report-settings';

describe('parseDuration', () => {
  it.each<[string, number, number]>([
    ['0ms', 0, 0],
    ['250ms', 250, 250],
    ['1s', 1000, 1000],
    ['20m', 1_200_000, 1_200_000],
    ['1.5h', 5_400_000, 5_400_000],
    ['30d', 2_592_000_000, 2_592_000_000],
    ['2w', 1_209_600_000, 1_209_600_000],
    ['0.5ms', 0, 0.5],
    // decimal text, not binary floats: 1.1 × 1000 is 1100, 4.35 × 1000 is 4350
    ['1.1s', 1100, 1100],
    ['4.35s', 4350, 4350],
    ['1.0004s', 1000, 1000.4],
    ['0.0001m', 6, 6],
    ['007m', 420_000, 420_000],
    // more decimals than a double holds: the exact decimal, read as Number reads it
    [`30.${'0'.repeat(310)}m`, 1_800_000, 1_800_000],
    [`1.${'9'.repeat(400)}s`, 1999, 2000],
  ])('%s', (text, wholeMs, ms) => {
    const duration = parseDuration(text);
    expect(duration.wholeMs).toBe(wholeMs);
    expect(duration.ms).toBeCloseTo(ms, 9);
    expect(duration.text).toBe(text);
  });

  it.each([['20'], ['m'], ['20 m'], ['20M'], ['-5m'], ['1e3s'], ['.5h'], ['1.h'], ['20min'], ['1h30m'], [''], ['session']])(
    '%j is an error that says what is expected',
    (text) => {
      expect(() => parseDuration(text, 'session timeout')).toThrow(DurationError);
      expect(() => parseDuration(text, 'session timeout')).toThrow(
        `invalid session timeout ${JSON.stringify(text)}: expected a number and a unit (ms, s, m, h, d or w), such as 20m or 1.5h`,
      );
    },
  );

  it('a half-life must be more than zero', () => {
    expect(() => parsePositiveDuration('0d', 'half-life')).toThrow('invalid half-life "0d": must be more than zero');
    expect(parsePositiveDuration('0.5ms', 'half-life').ms).toBe(0.5);
  });
});

describe('parseLookback', () => {
  it('takes session or a duration, and echoes the text', () => {
    expect(parseLookback('session')).toEqual({ kind: 'session', text: 'session' });
    expect(parseLookback('20m')).toMatchObject({ kind: 'window', text: '20m', duration: { wholeMs: 1_200_000 } });
  });

  it.each([['Session'], ['sessions'], ['20'], ['forever']])('%j is an error', (text) => {
    expect(() => parseLookback(text)).toThrow(`invalid lookback ${JSON.stringify(text)}: expected "session" or a number and a unit`);
  });
});

describe('parseAttributionModels', () => {
  it('keeps the order given and drops repeats', () => {
    expect(parseAttributionModels('linear, first_touch,linear')).toEqual(['linear', 'first_touch']);
  });

  it('names the unknown model and lists the known ones', () => {
    expect(() => parseAttributionModels('first_touch,u_shaped')).toThrow(
      'unknown attribution model "u_shaped"; models: first_touch, last_touch, linear, participation, position_based, j_shaped, inverse_j_shaped, time_decay',
    );
    expect(() => parseAttributionModels(' , ')).toThrow(/^no attribution model given/);
  });
});

describe('parseReportSettings', () => {
  it('has the SPEC defaults', () => {
    const settings = parseReportSettings();
    expect(settings.sessionTimeout.wholeMs).toBe(30 * 60_000);
    expect(settings.conversion).toBe('purchase');
    expect(settings.lookback).toMatchObject({ kind: 'window', text: '30d' });
    expect(settings.halfLife.ms).toBe(7 * 86_400_000);
    expect(settings.models).toEqual([
      'first_touch',
      'last_touch',
      'linear',
      'participation',
      'position_based',
      'j_shaped',
      'inverse_j_shaped',
      'time_decay',
    ]);
  });

  it('turns every bad option into a ReportSettingsError', () => {
    expect(() => parseReportSettings({ sessionTimeout: '30' })).toThrow(ReportSettingsError);
    expect(() => parseReportSettings({ lookback: 'x' })).toThrow(ReportSettingsError);
    expect(() => parseReportSettings({ halfLife: '0h' })).toThrow(ReportSettingsError);
    expect(() => parseReportSettings({ models: 'nope' })).toThrow(ReportSettingsError);
    expect(() => parseReportSettings({ conversion: '' })).toThrow('the conversion event type is empty');
  });
});
