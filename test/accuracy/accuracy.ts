// npm run accuracy: every measured point of test/fixtures/groundtruth/dev.json turned into the closest
// LLaMA-Factory (or GLM demo) config, estimated, and compared like with like. Prints per-point and per-source
// tables and the summary, fits the band ratios, and writes docs/accuracy-report.md.
import * as fs from 'node:fs';
import * as path from 'node:path';
import constants from '../../server/data/estimator/constants.json';
import { estimateMemory } from '../../server/src/core/estimator/estimate';
import { allocatedBytes } from '../../server/src/core/estimator/fit';
import type { Estimate } from '../../server/src/core/estimator/types';
import type { FileHost } from '../../server/src/core/host';
import { countParams } from '../../server/src/core/model/countParams';
import { parseModelConfig } from '../../server/src/core/model/parseConfig';
import { resolveModelSync } from '../../server/src/core/model/resolve';
import type { ModelArch, ResolvedModel } from '../../server/src/core/model/types';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const GIB = 1024 ** 3;

export interface Point {
  id: string;
  source: string;
  model: string;
  method: string;
  precision: string | null;
  quant_bits: number | null;
  batch_size: number | null;
  seq_len: number | null;
  grad_ckpt: boolean | null;
  flash_attn: boolean | null;
  optimizer: string | null;
  lora_rank: number | null;
  lora_targets: string[] | null;
  deepspeed_stage: number | null;
  offload_optimizer: boolean | null;
  offload_param: boolean | null;
  num_gpus: number;
  gpu: string;
  measured_gib_per_gpu: number;
  confidence: 'high' | 'medium' | 'low';
  notes: string;
  framework: string;
  distributed: string;
  memory_metric: string;
}

const NOTHING: FileHost = { readText: () => undefined, stat: () => undefined, listDir: () => [] };

// LLaMA-Factory's examples/deepspeed files (shared/corpus/llamafactory, see test/fixtures/corpus).
const DS_Z2 = { bf16: { enabled: 'auto' }, fp16: { enabled: 'auto' }, zero_optimization: { stage: 2, allgather_bucket_size: 5e8, overlap_comm: false, reduce_bucket_size: 5e8, contiguous_gradients: true } };
const DS_Z3 = { bf16: { enabled: 'auto' }, fp16: { enabled: 'auto' }, zero_optimization: { stage: 3, overlap_comm: false, contiguous_gradients: true, reduce_bucket_size: 'auto', stage3_prefetch_bucket_size: 'auto', stage3_param_persistence_threshold: 'auto', stage3_max_live_parameters: 1e9 } };

let archFixture: Map<string, Record<string, unknown>> | null = null;
function fixtureArch(id: string): ModelArch | null {
  if (!archFixture) {
    const list = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/groundtruth/model-archs.json'), 'utf8')) as Array<Record<string, unknown>>;
    archFixture = new Map(list.map((r) => [String(r.model).toLowerCase(), r]));
  }
  const rec = archFixture.get(id.toLowerCase());
  return rec ? parseModelConfig(rec) : null;
}

/** The catalog through resolveModelSync with a host that finds nothing; the ground truth's own archs otherwise. */
export function resolvePointModel(id: string): ResolvedModel {
  const r = resolveModelSync(id, { configDir: '/', workspaceDirs: [], host: NOTHING, environment: { env: {}, homeDir: '/nonexistent' }, allowNetwork: false });
  if (r.arch) return r;
  const arch = fixtureArch(id);
  if (!arch) return r;
  return { id, source: 'catalog', sourceDetail: 'test/fixtures/groundtruth/model-archs.json', approximate: false, arch, params: countParams(arch), notes: [] };
}

/** LitGPT / torchtune / PEFT target names → the module names of this model. */
function mapTargets(targets: string[], model: ResolvedModel): { target: string[] | 'all'; additional: string[] } {
  const names = new Set((model.params.linear ?? []).map((m) => m.name));
  const parts = new Map((model.params.linear ?? []).map((m) => [m.name, m.part]));
  const out = new Set<string>();
  const additional: string[] = [];
  const pick = (re: RegExp, part?: string): void => {
    for (const n of names) if (re.test(n) && (!part || parts.get(n) === part)) out.add(n);
  };
  for (const raw of targets) {
    if (raw.startsWith('modules_to_save')) {
      additional.push(...raw.replace(/^modules_to_save:\s*/, '').split(',').map((s) => s.trim()));
      continue;
    }
    const t = raw.split(/[\s(]/)[0].trim();
    if (/^all/i.test(t)) return { target: 'all', additional };
    if (names.has(t) && t !== 'query' && t !== 'key' && t !== 'value') {
      out.add(t);
      continue;
    }
    switch (t) {
      case 'query':
      case 'q':
        pick(/^(q_proj|q|query|qkv_proj|query_key_value|c_attn|W_pack|Wqkv)$/);
        break;
      case 'key':
      case 'k':
        pick(/^(k_proj|k|key|qkv_proj|query_key_value|c_attn|W_pack|Wqkv)$/);
        break;
      case 'value':
      case 'v':
        pick(/^(v_proj|v|value|qkv_proj|query_key_value|c_attn|W_pack|Wqkv)$/);
        break;
      case 'projection':
      case 'output_proj':
        pick(/^(o_proj|dense|out_proj|c_proj|wo|o)$/, 'attention');
        break;
      case 'mlp':
        for (const [n, p] of parts) if (p === 'mlp') out.add(n);
        break;
      case 'head':
      case 'output':
        for (const [n, p] of parts) if (p === 'head') out.add(n);
        break;
      default:
        out.add(t);
    }
  }
  return { target: out.size > 0 ? [...out] : 'all', additional };
}

function isPure(p: Point): boolean {
  const prec = (p.precision ?? '').toLowerCase();
  return /pure|bf16-true/.test(prec) || /litgpt|torchtune/i.test(p.framework) || (/ms-swift/i.test(p.framework) && p.method === 'full');
}

export function isAllocatedMetric(metric: string): boolean {
  return /allocated|active/i.test(metric);
}

function seqOf(p: Point): { seq: number; guessed: boolean } {
  if (p.seq_len) return { seq: p.seq_len, guessed: false };
  const m = /longest[^.]*?~\s*(\d{3,5})/i.exec(p.notes);
  if (m) return { seq: Number(m[1]), guessed: true };
  return { seq: 512, guessed: true };
}

export interface Mapped {
  estimate: Estimate;
  comparable: number;
  low: number;
  high: number;
  measured: number;
  kind: 'allocated' | 'whole';
  mapping: string[];
}

export function mapPoint(p: Point): Mapped {
  const model = resolvePointModel(p.model);
  const mapping: string[] = [];
  const { seq, guessed } = seqOf(p);
  if (guessed) mapping.push(`seq ${seq} assumed`);
  const batch = p.batch_size ?? 1;
  if (p.batch_size === null) mapping.push('batch 1 assumed');
  const notes = p.notes.toLowerCase();
  const dropoutMatch = /dropout\s*[=:]?\s*(0?\.\d+|0\b)/i.exec(p.notes);
  const dropout = dropoutMatch ? Number(dropoutMatch[1]) : 0;
  let packing = /packing|packed/.test(notes) && !/not packed|unpacked|no packing/.test(notes);
  // Qwen's finetune.py pads every sample to model_max_length: every step has the same shape, as with packing.
  if (/Qwen finetune\.py/.test(p.framework)) {
    packing = true;
    mapping.push('fixed-length padding (Qwen finetune.py) as packing');
  }

  let ds: Record<string, unknown> | null = null;
  if (p.deepspeed_stage === 2) ds = DS_Z2;
  if (p.deepspeed_stage === 3) {
    ds = JSON.parse(JSON.stringify(DS_Z3)) as Record<string, unknown>;
    const z = ds.zero_optimization as Record<string, unknown>;
    if (p.offload_optimizer) z.offload_optimizer = { device: 'cpu' };
    if (p.offload_param) z.offload_param = { device: 'cpu' };
  }
  const dist = p.distributed.toLowerCase();
  let accelerate: Record<string, unknown> | null = null;
  if (dist.includes('fsdp')) accelerate = { distributed_type: 'FSDP', fsdp_config: { fsdp_sharding_strategy: 'FULL_SHARD', fsdp_offload_params: /offload/.test(dist) && !/nooffload|no offload/.test(dist) } };
  // Naive model parallelism (device_map) has no LLaMA-Factory equivalent: one GPU's worth compared with the sum.
  const pipeline = dist.includes('pipeline');
  const gpus = pipeline ? 1 : p.num_gpus;
  if (pipeline) mapping.push(`model split over ${p.num_gpus} GPUs: compared with the sum`);

  const targets = p.lora_targets ?? [];
  const glmDemo = /GLM-4 finetune_demo|ChatGLM3 finetune_hf/i.test(p.framework);
  let req;
  if (glmDemo) {
    const training_args: Record<string, unknown> = { per_device_train_batch_size: batch };
    if (p.grad_ckpt === false) training_args.gradient_checkpointing = false;
    const peft_config =
      p.method === 'p-tuning-v2'
        ? { peft_type: 'PREFIX_TUNING', num_virtual_tokens: /pre_seq_len\s*(\d+)/i.exec(p.notes)?.[1] ? Number(/pre_seq_len\s*(\d+)/i.exec(p.notes)![1]) : 128 }
        : p.method === 'full'
          ? undefined
          : { peft_type: 'LORA', r: p.lora_rank ?? 8, target_modules: ['query_key_value'], lora_dropout: dropout };
    const config: Record<string, unknown> = { max_input_length: Math.floor(seq / 2), max_output_length: seq - Math.floor(seq / 2), training_args };
    if (peft_config) config.peft_config = peft_config;
    req = { kind: 'glm-finetune' as const, config, deepspeed: ds, accelerate: null, model, gpus, gpu: null };
    mapping.push('GLM demo config');
  } else {
    const config: Record<string, unknown> = {
      model_name_or_path: p.model,
      stage: 'sft',
      finetuning_type: p.method === 'full' ? 'full' : 'lora',
      per_device_train_batch_size: batch,
      cutoff_len: seq,
    };
    const prec = (p.precision ?? '').toLowerCase();
    if (isPure(p)) config.pure_bf16 = true;
    else if (/Qwen finetune\.py/.test(p.framework) && prec.startsWith('bf16') && p.method !== 'qlora') {
      // finetune.py loads the model in bf16 and runs HF Trainer's bf16 AMP without LLaMA-Factory's fp32 upcast:
      // in LLaMA-Factory terms pure_bf16 together with bf16 (accepted since LLaMA-Factory v0.8.3).
      config.pure_bf16 = true;
      config.bf16 = true;
      mapping.push('bf16 AMP without the fp32 upcast (pure_bf16 + bf16)');
    } else if (prec.startsWith('fp16')) config.fp16 = true;
    else if (!prec.startsWith('fp32')) config.bf16 = true;
    if (p.grad_ckpt === false) config.disable_gradient_checkpointing = true;
    config.flash_attn = p.flash_attn === true ? 'fa2' : p.flash_attn === false ? 'disabled' : 'auto';
    if (p.method !== 'full') {
      const t = mapTargets(targets, model);
      config.lora_target = t.target === 'all' ? 'all' : t.target.join(',');
      if (t.additional.length > 0) config.additional_target = t.additional.join(',');
      config.lora_rank = p.lora_rank ?? 8;
      config.lora_dropout = dropout;
    }
    if (p.method === 'qlora' && !/-int[48]$/i.test(p.model)) config.quantization_bit = p.quant_bits ?? 4;
    const opt = (p.optimizer ?? '').toLowerCase();
    if (opt.includes('paged') && opt.includes('8bit')) config.optim = 'paged_adamw_8bit';
    else if (opt.includes('paged')) config.optim = 'paged_adamw_32bit';
    else if (opt.includes('8bit')) config.optim = 'adamw_8bit';
    else if (opt.includes('sgd')) config.optim = 'sgd';
    if (/unsloth/i.test(p.framework)) config.use_unsloth = true;
    if (/chunked cross-entropy/i.test(p.notes)) config.enable_liger_kernel = true;
    if (/activation offloading/i.test(p.notes)) config.use_unsloth_gc = true;
    if (packing) config.packing = true;
    req = { kind: 'llamafactory' as const, config, deepspeed: ds, accelerate, model, gpus, gpu: null };
  }
  const estimate = estimateMemory(req);
  const kind = isAllocatedMetric(p.memory_metric) ? 'allocated' : 'whole';
  const comparable = kind === 'allocated' ? allocatedBytes(estimate) : estimate.perGpuBytes;
  const ratioLow = estimate.rangeBytes[0] / Math.max(1, estimate.perGpuBytes);
  const ratioHigh = estimate.rangeBytes[1] / Math.max(1, estimate.perGpuBytes);
  const measured = p.measured_gib_per_gpu * GIB * (pipeline ? p.num_gpus : 1);
  return { estimate, comparable, low: comparable * ratioLow, high: comparable * ratioHigh, measured, kind, mapping };
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

interface Row {
  p: Point;
  m: Mapped | null;
  error: string | null;
  ratio: number;
}

export interface Summary {
  n: number;
  scored: number;
  medianAbsErr: number;
  within20: number;
  under90: number;
  inBand: number;
}

function summarise(rows: Row[]): Summary {
  const ok = rows.filter((r) => r.m && Number.isFinite(r.ratio));
  const errs = ok.map((r) => Math.abs(r.ratio - 1)).sort((a, b) => a - b);
  const share = (f: (r: Row) => boolean): number => (ok.length ? ok.filter(f).length / ok.length : 0);
  return {
    n: rows.length,
    scored: ok.length,
    medianAbsErr: percentile(errs, 0.5),
    within20: share((r) => Math.abs(r.ratio - 1) <= 0.2),
    under90: share((r) => r.ratio < 0.9),
    inBand: share((r) => r.m!.measured >= r.m!.low && r.m!.measured <= r.m!.high),
  };
}

export function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function sourceOf(p: Point): string {
  return p.id.split('-')[0];
}

export function run(): { all: Summary; hm: Summary; rows: Row[]; fitted: [number, number] } {
  const points = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/groundtruth/dev.json'), 'utf8')) as Point[];
  const rows: Row[] = points.map((p) => {
    try {
      const m = mapPoint(p);
      return { p, m, error: null, ratio: m.comparable / m.measured };
    } catch (err) {
      return { p, m: null, error: String((err as Error).message ?? err), ratio: NaN };
    }
  });
  const hmRows = rows.filter((r) => r.p.confidence !== 'low');
  // Band: 10th and 90th percentile of measured/estimated on the high+medium points.
  const inv = hmRows.filter((r) => r.m).map((r) => r.m!.measured / r.m!.comparable).sort((a, b) => a - b);
  // Nearest rank outwards (not interpolated): interpolated percentiles cut into the points at both ends, so a band
  // fitted on them holds slightly under 8 points in 10.
  const fitted: [number, number] = [inv[Math.floor((inv.length - 1) * 0.1)], inv[Math.ceil((inv.length - 1) * 0.9)]];
  return { all: summarise(rows), hm: summarise(hmRows), rows, fitted };
}

export const REPORT_PATH = path.join(ROOT, 'docs/accuracy-report.md');

/** The bar of the estimator issue, on the high+medium confidence points. */
export function barMet(hm: Summary): boolean {
  return hm.medianAbsErr <= 0.12 && hm.within20 >= 0.75 && hm.inBand >= 0.8 && hm.scored === hm.n;
}

/** The checked-in report's text for the current estimator. */
export function reportText(result: ReturnType<typeof run> = run()): string {
  const { all, hm, rows, fitted } = result;
  const lines: string[] = [];
  lines.push('# Estimator accuracy on the published measurements');
  lines.push('');
  lines.push('Generated by `npm run accuracy` (test/accuracy/accuracy.ts) from test/fixtures/groundtruth/dev.json. Ratio = estimate / measured, the estimate taken like for like: total minus the `*overhead` components for points measured as allocated/active memory, the whole per-GPU figure otherwise. Band = the estimate\'s `rangeBytes` (scaled the same way).');
  lines.push('');
  lines.push('## Summary');
  lines.push('');
  lines.push('| points | n | scorable | median abs error | within ±20% | under 0.9× measured | inside band |');
  lines.push('|---|---|---|---|---|---|---|');
  for (const [name, s] of [['all', all], ['high + medium confidence', hm]] as const) {
    lines.push(`| ${name} | ${s.n} | ${s.scored} | ${pct(s.medianAbsErr)} | ${pct(s.within20)} | ${pct(s.under90)} | ${pct(s.inBand)} |`);
  }
  lines.push('');
  lines.push(`Band ratios in server/data/estimator/constants.json: [${constants.band.lowRatio}, ${constants.band.highRatio}]; fitted now (10th/90th percentile of measured/estimated, high+medium, nearest rank outwards): [${fitted[0].toFixed(3)}, ${fitted[1].toFixed(3)}].`);
  lines.push('');
  lines.push('## Per source');
  lines.push('');
  lines.push('| source | n | median abs error | within ±20% | median ratio |');
  lines.push('|---|---|---|---|---|');
  const bySource = new Map<string, Row[]>();
  for (const r of rows) bySource.set(sourceOf(r.p), [...(bySource.get(sourceOf(r.p)) ?? []), r]);
  for (const [src, rs] of bySource) {
    const s = summarise(rs);
    const ratios = rs.filter((r) => Number.isFinite(r.ratio)).map((r) => r.ratio).sort((a, b) => a - b);
    lines.push(`| ${src} | ${rs.length} | ${pct(s.medianAbsErr)} | ${pct(s.within20)} | ${percentile(ratios, 0.5).toFixed(2)} |`);
  }
  lines.push('');
  lines.push('## Per point');
  lines.push('');
  lines.push('| id | conf | metric | measured GiB | estimate GiB | ratio | in band | largest term | mapping |');
  lines.push('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    if (!r.m) {
      lines.push(`| ${r.p.id} | ${r.p.confidence} | | ${r.p.measured_gib_per_gpu} | error | | | ${r.error} | |`);
      continue;
    }
    const top = [...r.m.estimate.components].sort((a, b) => b.bytes - a.bytes)[0];
    const inBand = r.m.measured >= r.m.low && r.m.measured <= r.m.high;
    lines.push(`| ${r.p.id} | ${r.p.confidence} | ${r.m.kind} | ${(r.m.measured / GIB).toFixed(2)} | ${(r.m.comparable / GIB).toFixed(2)} | ${r.ratio.toFixed(2)} | ${inBand ? 'yes' : 'no'} | ${top.name} ${(top.bytes / GIB).toFixed(1)} | ${r.m.mapping.join('; ')} |`);
  }
  return lines.join('\n') + '\n';
}

function report(): void {
  const result = run();
  const { hm, rows } = result;
  const text = reportText(result);
  fs.writeFileSync(REPORT_PATH, text);
  // Console: the per-point table is long; print it compactly, then the tables.
  for (const r of rows) {
    if (!r.m) console.log(`${r.p.id.padEnd(52)} ERROR ${r.error}`);
    else console.log(`${r.p.id.slice(0, 52).padEnd(52)} ${r.p.confidence[0]} ${r.m.kind.padEnd(9)} meas ${(r.m.measured / GIB).toFixed(1).padStart(6)} est ${(r.m.comparable / GIB).toFixed(1).padStart(6)} ratio ${r.ratio.toFixed(2)}`);
  }
  console.log(text.split('## Per point')[0]);
  const bar = barMet(hm);
  console.log(`bar (high+medium: median ≤ 12%, ≥ 75% within ±20%, ≥ 80% in band, all scorable): ${bar ? 'MET' : 'NOT MET'}`);
}

if (require.main === module) report();
