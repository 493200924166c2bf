// The report's settings (SPEC §7 `report` options) with their defaults, parsed from
// the text a user types (CLI flags, the preview's controls). Errors are ReportSettingsError
// with a message fit for one line on stderr.

import { ATTRIBUTION_MODELS, AttributionModelError, parseAttributionModels, type AttributionModel } from './attribution-models';
import { DurationError, parseDuration, parseLookback, parsePositiveDuration, type Duration, type Lookback } from './durations';

export interface ReportSettings {
  sessionTimeout: Duration;
  /** The conversion event type, compared exactly (case included). */
  conversion: string;
  lookback: Lookback;
  halfLife: Duration;
  models: AttributionModel[];
}

export const DEFAULT_REPORT_OPTIONS = {
  sessionTimeout: '30m',
  conversion: 'purchase',
  lookback: '30d',
  halfLife: '7d',
  models: ATTRIBUTION_MODELS.join(','),
} as const;

export interface ReportOptionsText {
  sessionTimeout?: string;
  conversion?: string;
  lookback?: string;
  halfLife?: string;
  /** Comma-separated model names. */
  models?: string;
}

export class ReportSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportSettingsError';
  }
}

/** Parses the options as typed; absent ones take the SPEC's defaults. */
export function parseReportSettings(options: ReportOptionsText = {}): ReportSettings {
  try {
    const conversion = options.conversion ?? DEFAULT_REPORT_OPTIONS.conversion;
    if (conversion === '') throw new ReportSettingsError('the conversion event type is empty');
    return {
      sessionTimeout: parseDuration(options.sessionTimeout ?? DEFAULT_REPORT_OPTIONS.sessionTimeout, 'session timeout'),
      conversion,
      lookback: parseLookback(options.lookback ?? DEFAULT_REPORT_OPTIONS.lookback),
      halfLife: parsePositiveDuration(options.halfLife ?? DEFAULT_REPORT_OPTIONS.halfLife, 'half-life'),
      models: parseAttributionModels(options.models ?? DEFAULT_REPORT_OPTIONS.models),
    };
  } catch (error) {
    if (error instanceof DurationError || error instanceof AttributionModelError) throw new ReportSettingsError(error.message);
    throw error;
  }
}
