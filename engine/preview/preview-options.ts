// The preview's options as the extension keeps them: the panel's controls (durations,
// conversion, models) may be remembered per rules file, but `against` has no control in
// the panel and is always the `channelRules.against` setting (docs/preview.md). Plain
// values only: the options come from settings, workspace state and the webview.

import { ATTRIBUTION_MODELS, DEFAULT_PREVIEW_OPTIONS, type AttributionModel, type PreviewOptions } from './protocol';

/** Options with every value of the right type, a default where one is missing or wrong. */
function sanitizePreviewOptions(options: Partial<PreviewOptions>): PreviewOptions {
  const models = (Array.isArray(options.models) ? options.models : []).filter((model): model is AttributionModel =>
    (ATTRIBUTION_MODELS as readonly string[]).includes(model),
  );
  return {
    sessionTimeout: String(options.sessionTimeout || DEFAULT_PREVIEW_OPTIONS.sessionTimeout),
    conversion: String(options.conversion ?? DEFAULT_PREVIEW_OPTIONS.conversion),
    lookback: String(options.lookback || DEFAULT_PREVIEW_OPTIONS.lookback),
    halfLife: String(options.halfLife || DEFAULT_PREVIEW_OPTIONS.halfLife),
    models: models.length > 0 ? models : [...DEFAULT_PREVIEW_OPTIONS.models],
    ...(typeof options.against === 'string' ? { against: options.against } : {}),
  };
}

/** The options of a rules file: its settings, the panel's remembered choices over them, `against` from the settings alone. */
export function previewOptionsFor(settings: PreviewOptions, remembered: Partial<PreviewOptions> | undefined): PreviewOptions {
  const { against: _rememberedAgainst, ...chosen } = remembered ?? {};
  return sanitizePreviewOptions({ ...settings, ...chosen, ...(settings.against === undefined ? {} : { against: settings.against }) });
}
