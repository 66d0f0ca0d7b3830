import type { SeveritySetting } from './diagnostics';

/** Settings as the user sets them (`vramlint.*`), read per document. */
export interface VramlintSettings {
  enable: boolean;
  /** GPU name or size for the fit check. */
  gpu: string | null;
  gpus: number;
  /** Model for configs that do not name one. */
  model: string | null;
  filesInclude: string[];
  filesExclude: string[];
  rules: Record<string, SeveritySetting>;
  allowNetwork: boolean;
}

export const DEFAULT_SETTINGS: VramlintSettings = {
  enable: true,
  gpu: null,
  gpus: 1,
  model: null,
  filesInclude: [],
  filesExclude: [],
  rules: {},
  allowNetwork: false,
};

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);

/** Accepts the raw `vramlint` section from any client; anything malformed falls back to the default. */
export function normalizeSettings(raw: unknown): VramlintSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const files = (r.files && typeof r.files === 'object' ? r.files : {}) as Record<string, unknown>;
  const modelSource = (r.modelSource && typeof r.modelSource === 'object' ? r.modelSource : {}) as Record<string, unknown>;
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const rules: Record<string, SeveritySetting> = {};
  if (r.rules && typeof r.rules === 'object') {
    for (const [k, v] of Object.entries(r.rules as Record<string, unknown>)) if (typeof v === 'string' && SEVERITIES.has(v)) rules[k] = v as SeveritySetting;
  }
  const gpus = typeof r.gpus === 'number' && Number.isInteger(r.gpus) && r.gpus >= 1 ? r.gpus : DEFAULT_SETTINGS.gpus;
  return {
    enable: typeof r.enable === 'boolean' ? r.enable : DEFAULT_SETTINGS.enable,
    gpu: typeof r.gpu === 'string' && r.gpu.trim() ? r.gpu.trim() : null,
    gpus,
    model: typeof r.model === 'string' && r.model.trim() ? r.model.trim() : null,
    filesInclude: strings(files.include ?? r['files.include']),
    filesExclude: strings(files.exclude ?? r['files.exclude']),
    rules,
    allowNetwork: (modelSource.allowNetwork ?? r['modelSource.allowNetwork']) === true,
  };
}
