// Loads the key catalogs (server/data/catalogs/*.json) and answers key look-ups for every config kind.
// Shared data is composed here rather than copied: the Hugging Face training keys live once in
// hf-training-args.json and feed both the LLaMA-Factory catalog and the GLM demos' `training_args`.
import type { KeyCatalog, KeySpec, ValueType } from './types';
import llamafactoryData from '../../../data/catalogs/llamafactory.json';
import megatronData from '../../../data/catalogs/llamafactory-megatron.json';
import hfTrainingData from '../../../data/catalogs/hf-training-args.json';
import deepspeedData from '../../../data/catalogs/deepspeed.json';
import peftData from '../../../data/catalogs/peft.json';
import accelerateData from '../../../data/catalogs/accelerate.json';
import glmData from '../../../data/catalogs/glm-finetune.json';
import templatesData from '../../../data/catalogs/llamafactory-templates.json';

export type CatalogKind = 'llamafactory' | 'deepspeed' | 'peft' | 'accelerate' | 'glm-finetune' | 'llamafactory-megatron';

export const CATALOG_KINDS: readonly CatalogKind[] = [
  'llamafactory',
  'llamafactory-megatron',
  'deepspeed',
  'peft',
  'accelerate',
  'glm-finetune',
];

export interface LookupContext {
  /** PEFT method of the surrounding config (`peft_type`), any case. */
  peftType?: string;
}

const ANY_TYPE: ValueType[] = ['string', 'integer', 'number', 'boolean', 'object', 'array', 'null'];
/** peft_type assumed for PEFT look-ups without context: LoRA is what nearly every adapter_config.json holds. */
const DEFAULT_PEFT_TYPE = 'LORA';

// The JSON modules are typed structurally by TypeScript; they follow KeyCatalog (checked by the catalog tests).
const asCatalog = (data: unknown): KeyCatalog => data as KeyCatalog;

function mergeSpecs(base: KeySpec, over: KeySpec): KeySpec {
  const commands = [...new Set([...(base.commands ?? []), ...(over.commands ?? [])])];
  return {
    ...base,
    ...over,
    ...(commands.length ? { commands } : {}),
    source: [base.source, over.source].filter(Boolean).join('; '),
  };
}

function mergeKeys(...layers: Array<Record<string, KeySpec>>): Record<string, KeySpec> {
  const out: Record<string, KeySpec> = {};
  for (const layer of layers) {
    for (const [name, spec] of Object.entries(layer)) {
      const prev = out[name];
      out[name] = prev ? mergeSpecs(prev, spec) : spec;
    }
  }
  return out;
}

function buildLlamaFactory(): KeyCatalog {
  const lf = asCatalog(llamafactoryData);
  const hf = asCatalog(hfTrainingData);
  // `seed` is both a TrainingArguments key (train) and an EvaluationArguments key (eval): merged, not overwritten.
  return { ...lf, keys: mergeKeys(hf.keys, lf.keys) };
}

function buildMegatron(): KeyCatalog {
  const base = getCatalog('llamafactory');
  const mega = asCatalog(megatronData);
  return { ...mega, keys: mergeKeys(base.keys, mega.keys) };
}

function buildGlm(): KeyCatalog {
  const glm = asCatalog(glmData);
  const hf = asCatalog(hfTrainingData);
  const keys = { ...glm.keys };
  keys.training_args = { ...keys.training_args, children: { ...hf.keys } };
  // peft_config lists the fields common to every PEFT method; the method's own fields depend on
  // peft_type and are resolved through the PEFT catalog (see lookupKey / childKeyNames).
  keys.peft_config = { ...keys.peft_config, children: { ...asCatalog(peftData).keys } };
  return { ...glm, keys };
}

const builders: Record<CatalogKind, () => KeyCatalog> = {
  llamafactory: buildLlamaFactory,
  'llamafactory-megatron': buildMegatron,
  deepspeed: () => asCatalog(deepspeedData),
  peft: () => asCatalog(peftData),
  accelerate: () => asCatalog(accelerateData),
  'glm-finetune': buildGlm,
};

const cache = new Map<CatalogKind, KeyCatalog>();

export function isCatalogKind(kind: string): kind is CatalogKind {
  return (CATALOG_KINDS as readonly string[]).includes(kind);
}

export function getCatalog(kind: CatalogKind): KeyCatalog {
  let catalog = cache.get(kind);
  if (!catalog) {
    catalog = builders[kind]();
    cache.set(kind, catalog);
  }
  return catalog;
}

function peftTypeKeys(catalog: KeyCatalog, context?: LookupContext): Record<string, KeySpec> {
  const type = (context?.peftType ?? DEFAULT_PEFT_TYPE).toUpperCase();
  return catalog.byPeftType?.[type] ?? {};
}

/** All names PEFT knows for one peft_type (common fields first). */
function peftNames(context?: LookupContext): string[] {
  const catalog = getCatalog('peft');
  return [...Object.keys(catalog.keys), ...Object.keys(peftTypeKeys(catalog, context))];
}

function lookupPeft(name: string, context?: LookupContext): KeySpec | undefined {
  const catalog = getCatalog('peft');
  const common = catalog.keys[name];
  if (common) return common;
  const typed = peftTypeKeys(catalog, context)[name];
  if (typed || context?.peftType) return typed;
  // No peft_type known: accept a field of any method rather than report a false unknown key.
  for (const fields of Object.values(catalog.byPeftType ?? {})) {
    if (fields[name]) return fields[name];
  }
  return undefined;
}

function freeFormSpec(name: string, parent: string): KeySpec {
  return { name, types: ANY_TYPE, doc: `Free-form entry of \`${parent}\`.`, openChildren: true };
}

function isFreeForm(spec: KeySpec): boolean {
  return spec.openChildren === true || (!spec.children && spec.types.includes('object'));
}

function topLevel(kind: CatalogKind, name: string, context?: LookupContext): KeySpec | undefined {
  if (kind === 'peft') return lookupPeft(name, context);
  const catalog = getCatalog(kind);
  const spec = catalog.keys[name];
  if (spec) return spec;
  const prefix = catalog.ignoredKeyPrefixes?.find((p) => name.startsWith(p));
  if (prefix !== undefined) {
    const message = `Keys starting with "${prefix}" are comments: ${catalog.tool} ignores them.`;
    return { name, types: ANY_TYPE, doc: message, ignored: { message }, openChildren: true };
  }
  return undefined;
}

/**
 * The spec of the key at `path` (mapping keys from the document root), or undefined when the tool does
 * not know it. Children of free-form mappings (generation_config, optimizer.params…) get a synthetic spec
 * with `openChildren`, so only truly unknown keys come back undefined.
 */
export function lookupKey(kind: CatalogKind, path: string[], context?: LookupContext): KeySpec | undefined {
  if (path.length === 0) return undefined;
  if (kind === 'glm-finetune' && path[0] === 'peft_config' && path.length > 1) {
    return lookupKey('peft', path.slice(1), context);
  }
  let spec = topLevel(kind, path[0], context);
  for (let i = 1; spec && i < path.length; i++) {
    const child: KeySpec | undefined = spec.children?.[path[i]];
    if (child) spec = child;
    else if (isFreeForm(spec)) spec = freeFormSpec(path[i], path.slice(0, i).join('.'));
    else return undefined;
  }
  return spec;
}

/** Names accepted directly under `path` ([] for the top level): what completion offers and suggestions search. */
export function childKeyNames(kind: CatalogKind, path: string[], context?: LookupContext): string[] {
  if (kind === 'peft' && path.length === 0) return peftNames(context);
  if (kind === 'glm-finetune' && path[0] === 'peft_config') return childKeyNames('peft', path.slice(1), context);
  if (path.length === 0) return Object.keys(getCatalog(kind).keys);
  const spec = lookupKey(kind, path, context);
  return spec?.children ? Object.keys(spec.children) : [];
}

/** Chat template names registered in LLaMA-Factory (data/template.py) at the catalog's commit. */
export function templateNames(): string[] {
  return [...templatesData.templates];
}

/** Commit of LLaMA-Factory the template list was taken from. */
export function templatesVersion(): string {
  return templatesData.version;
}
