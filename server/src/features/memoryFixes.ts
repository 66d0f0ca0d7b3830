import * as path from 'node:path';
import templates from '../../data/deepspeed-templates.json';
import type { Analysis } from '../core/analyze';
import { fitVerdict } from '../core/estimator/fit';
import { gib } from '../core/format';
import { rootObject } from '../core/parsing/configTree';
import { applyTextEdits, configEdits, type KeyChange } from './configEdits';
import type { Fix } from './fixTypes';
import { t } from '../core/l10n';

/** Re-runs the whole analysis on an edited text (and files the fix would create), as the user would see it. */
export type Reanalyze = (text: string, newFiles?: ReadonlyMap<string, string>) => Analysis;

/** Existing ZeRO-3 DeepSpeed configs in the workspace, relative-path → whether it offloads. */
export type ZeroFileFinder = () => Array<{ path: string; offload: boolean }>;

interface Candidate {
  title: (est: string) => string;
  changes: KeyChange[];
  newFiles?: Map<string, string>;
}

const LIGER_TYPES = new Set(['gemma', 'gemma2', 'gemma3', 'gemma3_text', 'glm', 'glm4', 'granite', 'llama', 'mistral', 'mixtral', 'olmo2', 'phi3', 'qwen2', 'qwen2_vl', 'qwen2_5_vl', 'qwen3', 'qwen3_moe']);

function num(v: unknown, d: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : d;
}

/**
 * Changes that make a config fit its GPU, cheapest for the training run first. Each is checked by re-analysing the
 * edited file; only those whose estimate then fits are offered, titled with that estimate.
 */
export function memoryFitFixes(analysis: Analysis, reanalyze: Reanalyze, findZeroFiles: ZeroFileFinder): Fix[] {
  const parsed = analysis.parsed;
  const est = analysis.estimate;
  if (!parsed || !est || !est.capacityBytes || analysis.kind !== 'llamafactory') return [];
  const cap = est.capacityBytes;
  const p = rootObject(parsed);
  const fixes: Fix[] = [];

  // A fix must bring the estimate itself under the capacity; when the likely range still reaches past it, the title
  // says "tight" (the memory-fit diagnostic then drops from an error to a warning).
  const fits = (a: Analysis | null): a is Analysis & { estimate: NonNullable<Analysis['estimate']> } => Boolean(a?.estimate && a.estimate.perGpuBytes <= cap);
  // A fix must not trade the memory error for another one (pure_bf16 under ZeRO-3, an option the setup rejects).
  const errorsOf = (a: Analysis): Set<string> => new Set(a.diagnostics.filter((d) => d.severity === 'error' && d.code !== 'memory-fit').map((d) => d.code));
  const errorsBefore = errorsOf(analysis);
  const tryCandidate = (c: Candidate, label?: string): boolean => {
    const edits = configEdits(parsed, c.changes);
    if (edits.length === 0) return false;
    const after = reanalyze(applyTextEdits(parsed.text, edits), c.newFiles);
    if (!fits(after)) return false;
    if ([...errorsOf(after)].some((code) => !errorsBefore.has(code))) return false;
    const title = c.title(
      fitVerdict(after.estimate) !== null ? t`→ ${gib(after.estimate.perGpuBytes)} GiB of ${gib(cap, 0)}, tight` : t`→ ${gib(after.estimate.perGpuBytes)} GiB of ${gib(cap, 0)}`,
    );
    fixes.push({
      title: label ? `${title} ${label}` : title,
      code: 'memory-fit',
      edits,
      createFiles: c.newFiles ? [...c.newFiles].map(([file, content]) => ({ path: file, content })) : undefined,
      preferred: fixes.length === 0,
    });
    return true;
  };

  // 1. Smaller per-device batch, more accumulation: the same effective batch, only slower.
  const batch = Math.max(1, Math.floor(num(p.per_device_train_batch_size, 8)));
  const accum = Math.max(1, Math.floor(num(p.gradient_accumulation_steps, 1)));
  for (let b = batch - 1; b >= 1; b--) {
    const ga = Math.max(1, Math.round((batch * accum) / b));
    const exact = b * ga === batch * accum;
    const ok = tryCandidate(
      {
        title: (e) => t`Set per_device_train_batch_size: ${b}, gradient_accumulation_steps: ${ga} (${e})`,
        changes: [
          { key: 'per_device_train_batch_size', value: b },
          { key: 'gradient_accumulation_steps', value: ga, after: 'per_device_train_batch_size' },
        ],
      },
      exact ? undefined : t`— effective batch ${b * ga} instead of ${batch * accum}`,
    );
    if (ok) break;
  }

  // 2. Gradient checkpointing back on (LLaMA-Factory's default).
  if (p.disable_gradient_checkpointing === true) {
    tryCandidate({ title: (e) => t`Turn gradient checkpointing back on (${e})`, changes: [{ key: 'disable_gradient_checkpointing', value: false }] });
  }

  // 3. Memory-saving options available for this setup.
  const modelType = analysis.model?.arch?.modelType;
  if (p.enable_liger_kernel !== true && modelType && LIGER_TYPES.has(modelType)) {
    tryCandidate({ title: (e) => t`Enable Liger kernels (enable_liger_kernel: true, needs liger-kernel) (${e})`, changes: [{ key: 'enable_liger_kernel', value: true }] });
  }
  if (p.flash_attn === 'disabled') {
    tryCandidate({ title: (e) => t`Use FlashAttention-2 (flash_attn: fa2) (${e})`, changes: [{ key: 'flash_attn', value: 'fa2' }] });
  }
  const ft = typeof p.finetuning_type === 'string' ? p.finetuning_type : 'lora';
  if ((ft === 'full' || ft === 'freeze') && (p.optim === undefined || p.optim === 'adamw_torch' || p.optim === 'adamw_torch_fused')) {
    tryCandidate({ title: (e) => t`Use an 8-bit optimizer (optim: adamw_8bit, needs bitsandbytes) (${e})`, changes: [{ key: 'optim', value: 'adamw_8bit' }] });
  }
  // Without ZeRO-3/FSDP LLaMA-Factory upcasts trainable weights to fp32 (16 B a parameter with AdamW); pure_bf16 keeps
  // weights, gradients and Adam states in bf16 (8 B). Next to bf16: true it keeps autocast (accepted since v0.8.3).
  if ((ft === 'full' || ft === 'freeze') && p.pure_bf16 !== true && p.fp16 !== true) {
    tryCandidate({
      title: (e) => t`Train in pure bf16 (pure_bf16: true: bf16 weights, gradients and optimizer states) (${e})`,
      changes: [{ key: 'pure_bf16', value: true, after: 'bf16' }],
    });
  }

  // 4. LoRA → 4-bit QLoRA.
  if (ft === 'lora' && (p.quantization_bit === undefined || p.quantization_bit === null) && !analysis.model?.arch?.quantization) {
    tryCandidate({
      title: (e) => t`Switch to 4-bit QLoRA (quantization_bit: 4, quantization_method: bnb) (${e})`,
      changes: [
        { key: 'quantization_bit', value: 4, after: 'finetuning_type' },
        { key: 'quantization_method', value: 'bnb', after: 'finetuning_type' },
      ],
    });
  }

  // 5. Shorter cutoff_len: the longest multiple of 128 that fits (changes what is trained).
  const cutoff = Math.floor(num(p.cutoff_len, 2048));
  if (cutoff > 128) {
    let lo = 0;
    let hi = Math.floor((cutoff - 1) / 128);
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      const after = reanalyze(applyTextEdits(parsed.text, configEdits(parsed, [{ key: 'cutoff_len', value: mid * 128 }])));
      if (fits(after)) lo = mid;
      else hi = mid - 1;
    }
    if (lo > 0) {
      tryCandidate({ title: (e) => t`Shorten cutoff_len to ${lo * 128} — longer samples are truncated (${e})`, changes: [{ key: 'cutoff_len', value: lo * 128 }] });
    }
  }

  // 6. DeepSpeed ZeRO-3, then with offload: shards states across GPUs, so only with more than one.
  if (analysis.gpus > 1) {
    const configDir = path.dirname(analysis.path);
    const existing = findZeroFiles();
    for (const offload of [false, true]) {
      const found = existing.find((f) => f.offload === offload);
      const template = offload ? templates.zero3_offload : templates.zero3;
      const target = found ? found.path : path.join(configDir, template.fileName);
      const rel = path.relative(configDir, target).split(path.sep).join('/');
      const newFiles = found ? undefined : new Map([[target, JSON.stringify(template.config, null, 2) + '\n']]);
      const title = (e: string): string =>
        offload
          ? found
            ? t`Use DeepSpeed ZeRO-3 with CPU offload (deepspeed: ${rel}) (${e})`
            : t`Use DeepSpeed ZeRO-3 with CPU offload (deepspeed: ${rel}, created) (${e})`
          : found
            ? t`Use DeepSpeed ZeRO-3 (deepspeed: ${rel}) (${e})`
            : t`Use DeepSpeed ZeRO-3 (deepspeed: ${rel}, created) (${e})`;
      if (tryCandidate({ title, changes: [{ key: 'deepspeed', value: rel }], newFiles })) break;
    }
  }
  return fixes;
}
