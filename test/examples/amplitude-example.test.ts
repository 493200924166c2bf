// examples/amplitude-example.*: Amplitude's worked example through the real engine.
// (Its report figures are held to the article in test/report.)
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runReport } from '../../engine/report/run-report';
import { describeDiagnostics, EXAMPLES, loadExample } from './load-example';

const amplitude = loadExample('amplitude-example.channels');

describe('examples/amplitude-example.channels', () => {
  it('parses and checks with no errors', () => {
    const errors = amplitude.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    expect(describeDiagnostics(amplitude, errors)).toEqual([]);
    expect(amplitude.checked.channels).toEqual(['paid search', 'paid social', 'email', 'organic social', 'organic search', 'direct']);
    expect(amplitude.checked.otherwise).toBeUndefined();
  });

  it('passes all its expect statements', () => {
    expect(amplitude.checked.expectations).toHaveLength(8);
    expect(describeDiagnostics(amplitude, amplitude.failedExpectations)).toEqual([]);
  });

  it('classifies the 17 events as the article does', async () => {
    const result = await runReport({
      source: { path: path.join(EXAMPLES, 'amplitude-example.ndjson') },
      classifier: amplitude.classifier,
      collectClassified: true,
    });
    expect(result.skippedCount).toBe(0);
    expect(result.classified?.map((event) => [event.line, event.meta.user, event.channel])).toEqual([
      [1, 'u1', 'email'],
      [2, 'u1', 'email'],
      [3, 'u1', 'direct'],
      [4, 'u1', null],
      [5, 'u1', 'organic social'],
      [6, 'u1', 'organic search'],
      [7, 'u1', 'direct'],
      [8, 'u1', 'organic search'],
      [9, 'u1', null],
      [10, 'u1', 'direct'],
      [11, 'u1', null],
      [12, 'u2', null],
      [13, 'u2', 'organic social'],
      [14, 'u2', 'organic search'],
      [15, 'u2', 'direct'],
      [16, 'u2', 'paid social'],
      [17, 'u2', null],
    ]);
  });
});
