import type { ParsedConfig } from './configTree';
import { parseJsonConfig } from './parseJson';
import { parseYamlConfig } from './parseYaml';

export type ConfigFormat = 'yaml' | 'json';

export function formatOf(path: string, languageId?: string): ConfigFormat | null {
  if (languageId === 'json' || languageId === 'jsonc') return 'json';
  if (languageId === 'yaml') return 'yaml';
  const lower = path.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  return null;
}

export function parseConfig(text: string, format: ConfigFormat): ParsedConfig {
  // A UTF-8 byte-order mark is accepted by both Python loaders; positions keep counting it.
  return format === 'json' ? parseJsonConfig(text) : parseYamlConfig(text);
}
