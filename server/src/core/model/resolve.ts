// Turns `model_name_or_path` into architecture facts, offline first: a local directory, the Hugging Face and
// ModelScope caches, the built-in catalog, then (async, opt-in) the Hub, and last the size written in the name.
import * as path from 'node:path';
import catalogData from '../../../data/models/catalog.json';
import type { Environment, FileHost, NetworkHost } from '../host';
import { countParams } from './countParams';
import type { CachingNetworkHost } from './network';
import { parseModelConfig } from './parseConfig';
import type { ModelSource, ParamBreakdown, ResolvedModel } from './types';

export interface ResolveOptions {
  /** Folder of the config that names the model (relative model paths are read against it first). */
  configDir: string;
  workspaceDirs: string[];
  host: FileHost;
  environment: Environment;
  allowNetwork: boolean;
  network?: NetworkHost;
  /** Where Hub answers are kept so a second resolve needs no request. */
  cacheDir?: string;
  timeoutMs?: number;
}

interface CatalogEntry {
  id: string;
  config: Record<string, unknown>;
  source: string;
  publishedParams?: number;
  publishedParamsOrigin?: string;
  note?: string;
  aliases?: string[];
}

const CATALOG: CatalogEntry[] = (catalogData as unknown as { models: CatalogEntry[] }).models;
const byId = new Map<string, CatalogEntry>();
const byName = new Map<string, CatalogEntry[]>();
for (const e of CATALOG) {
  for (const id of [e.id, ...(e.aliases ?? [])]) {
    byId.set(id.toLowerCase(), e);
    const name = id.split('/').pop()!.toLowerCase();
    const list = byName.get(name) ?? [];
    if (!list.includes(e)) list.push(e);
    byName.set(name, list);
  }
}

/** Every model id of the built-in catalog (for completion). */
export function catalogModelIds(): string[] {
  return CATALOG.map((e) => e.id);
}

/** The catalog entry for an id (case-insensitive; aliases and ModelScope ids equal to Hub ids included). */
export function findCatalogEntry(ref: string): CatalogEntry | undefined {
  return byId.get(ref.trim().toLowerCase());
}

export function catalogEntries(): readonly CatalogEntry[] {
  return CATALOG;
}

function emptyBreakdown(total: number): ParamBreakdown {
  return { total, embedding: 0, lmHead: 0, perLayerAttention: 0, perLayerMlp: 0, perLayerNorm: 0, layers: 0, finalNorm: 0, vision: 0, linear: [] };
}

function fromConfig(id: string, json: unknown, source: ModelSource, sourceDetail: string, notes: string[]): ResolvedModel {
  const arch = parseModelConfig(json as Record<string, unknown>);
  return { id, source, sourceDetail, approximate: false, arch, params: countParams(arch), notes };
}

const catalogCache = new Map<CatalogEntry, ResolvedModel>();

function fromCatalog(id: string, entry: CatalogEntry, notes: string[]): ResolvedModel {
  let base = catalogCache.get(entry);
  if (!base) {
    base = fromConfig(entry.id, entry.config, 'catalog', entry.source, []);
    catalogCache.set(entry, base);
  }
  return { ...base, id, notes: [...notes] };
}

function expandHome(p: string, env: Environment): string {
  return p === '~' || p.startsWith('~/') ? path.join(env.homeDir, p.slice(1)) : p;
}

/** Reads and parses a config.json; on failure adds a note and returns undefined. */
function tryConfigFile(file: string, id: string, source: ModelSource, opts: ResolveOptions, notes: string[]): ResolvedModel | undefined {
  const text = opts.host.readText(file);
  if (text === undefined) return undefined;
  try {
    return fromConfig(id, JSON.parse(text), source, file, notes);
  } catch (err) {
    notes.push(`${file} could not be read as a model config: ${(err as Error).message}`);
    return undefined;
  }
}

function looksLikeHubId(ref: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/.test(ref);
}

function localCandidates(ref: string, opts: ResolveOptions): string[] {
  const p = expandHome(ref, opts.environment);
  if (path.isAbsolute(p)) return [p];
  return [path.resolve(opts.configDir, p), ...opts.workspaceDirs.map((w) => path.resolve(w, p))];
}

function hfHubDir(env: Environment): string {
  const e = env.env;
  if (e.HF_HUB_CACHE) return e.HF_HUB_CACHE;
  if (e.HUGGINGFACE_HUB_CACHE) return e.HUGGINGFACE_HUB_CACHE;
  if (e.HF_HOME) return path.join(e.HF_HOME, 'hub');
  return path.join(e.XDG_CACHE_HOME ?? path.join(env.homeDir, '.cache'), 'huggingface', 'hub');
}

function modelScopeDir(env: Environment): string {
  return env.env.MODELSCOPE_CACHE ?? path.join(env.homeDir, '.cache', 'modelscope', 'hub');
}

function fromHfCache(ref: string, opts: ResolveOptions, notes: string[]): ResolvedModel | undefined {
  const repo = path.join(hfHubDir(opts.environment), `models--${ref.replace(/\//g, '--')}`);
  if (opts.host.stat(repo) !== 'dir') return undefined;
  const snapshots = path.join(repo, 'snapshots');
  // Prefer the snapshot refs/main points at, then any snapshot that has a config.json.
  const main = opts.host.readText(path.join(repo, 'refs', 'main'))?.trim();
  const names = opts.host.listDir(snapshots);
  const ordered = main && names.includes(main) ? [main, ...names.filter((n) => n !== main)] : names;
  for (const snap of ordered) {
    const found = tryConfigFile(path.join(snapshots, snap, 'config.json'), ref, 'cache', opts, notes);
    if (found) return found;
  }
  return undefined;
}

function fromModelScopeCache(ref: string, opts: ResolveOptions, notes: string[]): ResolvedModel | undefined {
  const root = modelScopeDir(opts.environment);
  const [org, name] = ref.split('/');
  // ModelScope writes dots in names as '___' (Qwen2.5 → Qwen2___5).
  const names = [name, name.replace(/\./g, '___')];
  for (const n of names) {
    for (const dir of [path.join(root, org, n), path.join(root, 'models', org, n)]) {
      const found = tryConfigFile(path.join(dir, 'config.json'), ref, 'cache', opts, notes);
      if (found) return found;
    }
  }
  return undefined;
}

/** Steps 1–3: local directory, caches, catalog. */
function resolveOffline(ref: string, opts: ResolveOptions, notes: string[]): ResolvedModel | undefined {
  const trimmed = ref.trim();
  for (const dir of localCandidates(trimmed, opts)) {
    if (opts.host.stat(dir) !== 'dir') continue;
    const found = tryConfigFile(path.join(dir, 'config.json'), ref, 'local', opts, notes);
    if (found) return found;
    if (opts.host.stat(path.join(dir, 'config.json')) === undefined) notes.push(`${dir} has no config.json`);
  }
  if (looksLikeHubId(trimmed)) {
    const cached = fromHfCache(trimmed, opts, notes) ?? fromModelScopeCache(trimmed, opts, notes);
    if (cached) return cached;
  }
  const entry = findCatalogEntry(trimmed);
  if (entry) return fromCatalog(ref, entry, notes);
  // A local path or a mirror id (LLM-Research/Meta-Llama-3-8B-Instruct) whose last component names one catalog model.
  const name = trimmed.replace(/[\\/]+$/, '').split(/[\\/]/).pop()?.toLowerCase() ?? '';
  const same = byName.get(name.replace(/___/g, '.'));
  if (same && same.length === 1) return fromCatalog(ref, same[0], [...notes, `matched the built-in catalog entry ${same[0].id} by its name`]);
  return undefined;
}

const SIZE = /(?:^|[-_/\s.])(?:(\d+)x)?(\d+(?:[._]\d+)?)([bBmM])(?![a-zA-Z0-9])/g;

/** Parameters written in a model name: -7B, -0.5B, 1_8B, -8x7B, -72b, -560m. 0 when there is none. */
export function paramsFromName(ref: string): number {
  const name = ref.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? ref;
  let best = 0;
  for (const m of name.matchAll(SIZE)) {
    const experts = m[1] ? Number(m[1]) : 1;
    const value = Number(m[2].replace('_', '.'));
    const unit = m[3].toLowerCase() === 'b' ? 1e9 : 1e6;
    const total = experts * value * unit;
    if (total > best) best = total;
  }
  return Math.round(best);
}

function fromName(ref: string, notes: string[]): ResolvedModel {
  const total = paramsFromName(ref);
  const out = [...notes];
  if (total > 0) out.push(`architecture unknown: ${(total / 1e9).toFixed(total < 1e9 ? 2 : 1)}B parameters read from the name`);
  else out.push('architecture unknown and no size (like -7B) in the name');
  return { id: ref, source: 'name', sourceDetail: ref, approximate: true, arch: null, params: emptyBreakdown(total), notes: out };
}

/** Offline resolution (no network), for the analysis that runs on every keystroke. */
export function resolveModelSync(ref: string, opts: ResolveOptions): ResolvedModel {
  const notes: string[] = [];
  return resolveOffline(ref, opts, notes) ?? fromName(ref, notes);
}

function hubEndpoint(env: Environment): string {
  return (env.env.HF_ENDPOINT || 'https://huggingface.co').replace(/\/+$/, '');
}

function scrub(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('***') : text;
}

async function fromHub(ref: string, opts: ResolveOptions, notes: string[]): Promise<ResolvedModel | undefined> {
  const id = ref.trim();
  if (!looksLikeHubId(id)) return undefined;
  const url = `${hubEndpoint(opts.environment)}/${id}/resolve/main/config.json`;
  const cacheFile = opts.cacheDir ? path.join(opts.cacheDir, id.replace(/\//g, '--'), 'config.json') : undefined;
  if (cacheFile) {
    const text = opts.host.readText(cacheFile);
    if (text !== undefined) {
      try {
        return fromConfig(ref, JSON.parse(text), 'hub', url, [...notes, `read from the cache ${cacheFile}`]);
      } catch {
        // A damaged cache entry is fetched again.
      }
    }
  }
  if (!opts.network) return undefined;
  const token = opts.environment.env.HF_TOKEN || opts.environment.env.HUGGING_FACE_HUB_TOKEN || undefined;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  let status: number;
  let body: string;
  try {
    ({ status, body } = await opts.network.get(url, headers, opts.timeoutMs ?? 4000));
  } catch (err) {
    notes.push(`could not fetch ${url}: ${scrub(String((err as Error)?.message ?? err), token)}`);
    return undefined;
  }
  if (status === 401 || status === 403) {
    notes.push(`${url} answered ${status}: the model is gated or private${token ? ' and the token was refused' : '; set HF_TOKEN to read it'}`);
    return undefined;
  }
  if (status === 404) {
    notes.push(`${url} answered 404: no such model on the Hub`);
    return undefined;
  }
  if (status !== 200) {
    notes.push(`${url} answered ${status}`);
    return undefined;
  }
  let resolved: ResolvedModel;
  try {
    resolved = fromConfig(ref, JSON.parse(body), 'hub', url, [...notes]);
  } catch (err) {
    notes.push(`${url} did not return a readable config.json (${scrub((err as Error).message, token)})`);
    return undefined;
  }
  if (cacheFile) (opts.network as CachingNetworkHost).writeCache?.(cacheFile, body);
  return resolved;
}

/** Full resolution: offline steps, then the Hub when allowed, then the name. */
export async function resolveModel(ref: string, opts: ResolveOptions): Promise<ResolvedModel> {
  const notes: string[] = [];
  const offline = resolveOffline(ref, opts, notes);
  if (offline) return offline;
  if (opts.allowNetwork) {
    const hub = await fromHub(ref, opts, notes);
    if (hub) return hub;
  }
  return fromName(ref, notes);
}

function billions(n: number): string {
  return `${(n / 1e9).toFixed(n < 1e10 ? 2 : 1)}B`;
}

/** Lines for a hover over model_name_or_path. */
export function describeArch(resolved: ResolvedModel): string[] {
  const lines: string[] = [];
  const a = resolved.arch;
  if (a) {
    lines.push(`${a.modelType}: ${a.numLayers} layers${a.encoderDecoder ? ` (${a.encoderDecoder.encoderLayers} encoder + ${a.encoderDecoder.decoderLayers} decoder)` : ''}, hidden ${a.hiddenSize}`);
    lines.push(`${a.numAttentionHeads} attention heads / ${a.numKeyValueHeads} KV heads, head dim ${a.headDim}, MLP ${a.intermediateSize}${a.mlpGated ? ' (gated)' : ''}`);
    lines.push(`vocabulary ${a.vocabSize}${a.tieWordEmbeddings ? ', tied embeddings' : ''}`);
    if (a.moe) lines.push(`MoE: ${a.moe.numExperts} experts, ${a.moe.expertsPerToken} per token${a.moe.sharedIntermediateSize ? `, shared expert width ${a.moe.sharedIntermediateSize}` : ''}`);
    if (a.mla) lines.push(`MLA: kv_lora_rank ${a.mla.kvLoraRank}${a.mla.qLoraRank ? `, q_lora_rank ${a.mla.qLoraRank}` : ''}`);
    if (a.vision) lines.push(`vision tower: ${a.vision.numLayers} layers, hidden ${a.vision.hiddenSize} (${billions(a.vision.params)} with projector)`);
    if (a.quantization) lines.push(`quantized: ${a.quantization.method} ${a.quantization.bits}-bit${a.quantization.groupSize ? `, group ${a.quantization.groupSize}` : ''}`);
  }
  lines.push(`${resolved.approximate ? '≈' : ''}${billions(resolved.params.total)} parameters`);
  lines.push(`source: ${resolved.source} (${resolved.sourceDetail})`);
  for (const n of resolved.notes) lines.push(n);
  return lines;
}
