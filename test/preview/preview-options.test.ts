// The preview's options: `against` comes from the `channelRules.against` setting and
// reaches the run (it was dropped on the way, so the panel never showed Agreement).

import { describe, expect, it } from 'vitest';
import { previewOptionsFor } from '../../engine/preview/preview-options';
import { DEFAULT_PREVIEW_OPTIONS, type PreviewOptions } from '../../engine/preview/protocol';

const settings: PreviewOptions = { ...DEFAULT_PREVIEW_OPTIONS, against: 'auto' };

describe('previewOptionsFor', () => {
  it('keeps the setting of against', () => {
    expect(previewOptionsFor(settings, undefined).against).toBe('auto');
    expect(previewOptionsFor({ ...settings, against: 'properties.$channel_type' }, undefined).against).toBe('properties.$channel_type');
    expect(previewOptionsFor({ ...settings, against: '' }, undefined).against).toBe('');
  });

  it('lets the panel’s remembered choices win over the settings, but not for against, which the panel has no control for', () => {
    const options = previewOptionsFor({ ...settings, against: 'field_a' }, { lookback: '7d', models: ['first_touch'], against: 'stale' });
    expect(options).toEqual({ ...DEFAULT_PREVIEW_OPTIONS, lookback: '7d', models: ['first_touch'], against: 'field_a' });
  });

  it('puts a default where a remembered value is of the wrong type', () => {
    const options = previewOptionsFor(settings, { sessionTimeout: '', models: ['nonsense' as never] });
    expect(options.sessionTimeout).toBe(DEFAULT_PREVIEW_OPTIONS.sessionTimeout);
    expect(options.models).toEqual(DEFAULT_PREVIEW_OPTIONS.models);
  });
});
