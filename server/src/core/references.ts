import * as path from 'node:path';
import type { ConfigKind } from './estimator/types';
import type { FileHost } from './host';
import { child, rootObject, type ParsedConfig } from './parsing/configTree';
import { parseConfig, type ConfigFormat } from './parsing/parse';

// Files a config points to (its DeepSpeed JSON, the accelerate config of the directive), shared by the analysis,
// which reads them, and the rules, which report on them.

/** A file the config points to (the DeepSpeed JSON, the accelerate config), read through the host. */
export interface ReferencedFile {
  /** As written in the config. */
  written: string;
  /** Absolute path that was tried first and, when found, where it was found. */
  resolvedPath: string | null;
  /** Paths tried, in order. */
  tried: string[];
  parsed: ParsedConfig | null;
  plain: Record<string, unknown> | null;
}

/** The node holding the DeepSpeed path of a config of this kind. */
export function deepspeedPathNode(kind: ConfigKind, parsed: ParsedConfig) {
  if (kind === 'llamafactory') return child(parsed.root, 'deepspeed');
  if (kind === 'glm-finetune') return child(parsed.root, 'training_args', 'deepspeed');
  return undefined;
}

/** Reads a referenced file: relative to the config's folder, then to each workspace folder. */
export function readReferencedFile(written: string, input: { host: FileHost; workspaceDirs: string[] }, configDir: string, format: ConfigFormat): ReferencedFile {
  const candidates = path.isAbsolute(written) ? [written] : [path.resolve(configDir, written), ...input.workspaceDirs.map((d) => path.resolve(d, written))];
  const tried = [...new Set(candidates)];
  for (const candidate of tried) {
    if (input.host.stat(candidate) !== 'file') continue;
    const text = input.host.readText(candidate);
    if (text === undefined) continue;
    const parsed = parseConfig(text, format);
    return { written, resolvedPath: candidate, tried, parsed, plain: rootObject(parsed) };
  }
  return { written, resolvedPath: null, tried, parsed: null, plain: null };
}
