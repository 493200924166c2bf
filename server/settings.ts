// The `channelRules.*` settings, read per document (resource scope) through
// workspace/configuration when the client supports it, else from the
// initializationOptions (`{ "settings": { … } }`, for editors other than VS Code),
// else the defaults.

import type { Connection } from 'vscode-languageserver';
import { ATTRIBUTION_MODELS } from '../engine/report/attribution-models';

export interface ChannelRulesSettings {
  /** Path of a sample events file (relative to the workspace folder, or to the rules file's folder). Empty: none. */
  sampleEvents: string;
  /** Whose export the sample is (SPEC §3.2): auto, plain, amplitude, ga4, … */
  eventSource: string;
  /** `--map` as an object NAME → PATH (or paths). */
  fieldMap: Record<string, string | string[]>;
  /** `--time-unit`: ms, s or us. */
  timeUnit: string;
  sessionTimeout: string;
  conversionEvent: string;
  lookback: string;
  halfLife: string;
  attributionModels: string[];
  analysis: {
    /** Time budget of the exact analysis per document run, in milliseconds. */
    timeBudgetMs: number;
    /**
     * Documents longer than this (in characters) get no exact analysis and are never
     * parsed on the server's thread: their syntax and checker errors come from the
     * check worker, the features that need the parsed file answer that it is too large
     * (./large-documents).
     */
    maxDocumentSize: number;
  };
}

export const DEFAULT_SETTINGS: ChannelRulesSettings = {
  sampleEvents: '',
  eventSource: 'auto',
  fieldMap: {},
  timeUnit: 'ms',
  sessionTimeout: '30m',
  conversionEvent: 'purchase',
  lookback: '30d',
  halfLife: '7d',
  attributionModels: [...ATTRIBUTION_MODELS],
  analysis: { timeBudgetMs: 5000, maxDocumentSize: 262_144 },
};

/** Settings as given, checked field by field: a wrong type falls back to the default. */
export function normaliseSettings(raw: unknown): ChannelRulesSettings {
  const given = (raw !== null && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const text = (key: keyof ChannelRulesSettings, fallback: string) => (typeof given[key] === 'string' ? (given[key] as string) : fallback);
  const analysis = (given.analysis !== null && typeof given.analysis === 'object' ? given.analysis : {}) as Record<string, unknown>;
  const budget = analysis.timeBudgetMs;
  const maxSize = analysis.maxDocumentSize;
  return {
    sampleEvents: text('sampleEvents', DEFAULT_SETTINGS.sampleEvents).trim(),
    eventSource: text('eventSource', DEFAULT_SETTINGS.eventSource).trim(),
    fieldMap: fieldMapOf(given.fieldMap),
    timeUnit: text('timeUnit', DEFAULT_SETTINGS.timeUnit).trim(),
    sessionTimeout: text('sessionTimeout', DEFAULT_SETTINGS.sessionTimeout),
    conversionEvent: text('conversionEvent', DEFAULT_SETTINGS.conversionEvent),
    lookback: text('lookback', DEFAULT_SETTINGS.lookback),
    halfLife: text('halfLife', DEFAULT_SETTINGS.halfLife),
    attributionModels: Array.isArray(given.attributionModels)
      ? given.attributionModels.filter((model): model is string => typeof model === 'string')
      : DEFAULT_SETTINGS.attributionModels,
    analysis: {
      timeBudgetMs: typeof budget === 'number' && Number.isFinite(budget) && budget > 0 ? budget : DEFAULT_SETTINGS.analysis.timeBudgetMs,
      maxDocumentSize: typeof maxSize === 'number' && Number.isFinite(maxSize) && maxSize >= 0 ? Math.floor(maxSize) : DEFAULT_SETTINGS.analysis.maxDocumentSize,
    },
  };
}

function fieldMapOf(value: unknown): Record<string, string | string[]> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const map: Record<string, string | string[]> = {};
  for (const [name, paths] of Object.entries(value as Record<string, unknown>)) {
    if (typeof paths === 'string') map[name] = paths;
    else if (Array.isArray(paths)) map[name] = paths.filter((path): path is string => typeof path === 'string');
  }
  return map;
}

export class SettingsStore {
  private readonly cache = new Map<string, Promise<ChannelRulesSettings>>();
  /** The settings already read, for the features that cannot wait for the client (./document-store). */
  private readonly known = new Map<string, ChannelRulesSettings>();
  private fallback: ChannelRulesSettings;

  constructor(
    private readonly connection: Connection,
    private readonly pullSupported: () => boolean,
    initializationSettings: unknown,
  ) {
    this.fallback = normaliseSettings(initializationSettings);
  }

  /** The settings for a document. */
  get(uri: string): Promise<ChannelRulesSettings> {
    if (!this.pullSupported()) return Promise.resolve(this.fallback);
    let settings = this.cache.get(uri);
    if (settings === undefined) {
      const reading: Promise<ChannelRulesSettings> = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'channelRules' })
        .then(normaliseSettings, () => this.fallback)
        .then((read) => {
          if (this.cache.get(uri) === reading) this.known.set(uri, read);
          return read;
        });
      settings = reading;
      this.cache.set(uri, settings);
    }
    return settings;
  }

  /** The settings for a document as last read, without waiting (the initial or default ones before the first read). */
  peek(uri: string): ChannelRulesSettings {
    return (this.pullSupported() ? this.known.get(uri) : undefined) ?? this.fallback;
  }

  /** workspace/didChangeConfiguration: forget what was read; push-style clients send the new values. */
  changed(pushed: unknown): void {
    this.cache.clear();
    if (!this.pullSupported() && pushed !== null && typeof pushed === 'object' && 'channelRules' in pushed) {
      this.fallback = normaliseSettings((pushed as { channelRules: unknown }).channelRules);
    }
  }

  forget(uri: string): void {
    this.cache.delete(uri);
    this.known.delete(uri);
  }
}
