// The report's flags (`--session-timeout`, `--conversion`, `--lookback`, `--half-life`,
// `--models`), shared by `report` and `compile --report`: parsed into settings, a bad
// value being a usage error of the command.

import { parseReportSettings, ReportSettingsError, type ReportSettings } from '../engine/report/report-settings';
import { UsageError } from './command';

export type ReportSettingFlags = Partial<Record<'session-timeout' | 'conversion' | 'lookback' | 'half-life' | 'models', string>>;

export function reportSettingsFromFlags(command: string, values: ReportSettingFlags): ReportSettings {
  try {
    return parseReportSettings({
      sessionTimeout: values['session-timeout'],
      conversion: values.conversion,
      lookback: values.lookback,
      halfLife: values['half-life'],
      models: values.models,
    });
  } catch (error) {
    if (error instanceof ReportSettingsError) throw new UsageError(`${command}: ${error.message}`);
    throw error;
  }
}
