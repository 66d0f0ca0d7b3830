import { t } from '../../l10n';
import type { Span } from '../../parsing/configTree';
import type { Finding, Rule, RuleContext } from '../rule';
import { firstKeySpan, keySpan, truthy, valueSpan } from '../spans';
import { lfFacts, type LfFacts } from './setup';

// Cross-key checks that LLaMA-Factory's parser (hparams/*.py, parser.py) and the Hugging Face TrainingArguments run
// before any model is loaded. Each mirrors one check of the tools; ids in comments refer to the rule list in the
// project's research notes (M-/D-/F-/P-/H-/X-).

type Check = (ctx: RuleContext, f: LfFacts, p: Record<string, unknown>) => Array<Finding | null | undefined> | Finding | null | undefined;

function crossKeyRule(id: string, title: string, severity: Rule['severity'], check: Check): Rule {
  return {
    id,
    kinds: ['llamafactory'],
    severity,
    title,
    check(ctx, report) {
      const out = check(ctx, lfFacts(ctx), ctx.plain);
      for (const f of Array.isArray(out) ? out : [out]) if (f) report(f);
    },
  };
}

const at = (ctx: RuleContext, ...keys: string[]): Span => {
  for (const k of keys) {
    const s = keySpan(ctx, k);
    if (s) return s;
  }
  return firstKeySpan(ctx);
};

export const missingModel = crossKeyRule('missing-model', 'No model_name_or_path', 'error', (ctx, _f, p) =>
  p.model_name_or_path === undefined || p.model_name_or_path === null || p.model_name_or_path === ''
    ? { span: at(ctx), message: t('model_name_or_path is required: LLaMA-Factory stops with "Please provide `model_name_or_path`".') }
    : null,
);

export const precisionConflict = crossKeyRule('precision-conflict', 'fp16 and bf16 both on', 'error', (ctx, _f, p) => {
  const out: Finding[] = [];
  if (p.fp16 === true && p.bf16 === true) out.push({ span: at(ctx, 'bf16'), message: t('fp16 and bf16 are both true: transformers refuses this ("At most one of fp16 and bf16 can be True"). Keep one.') });
  if (p.fp16 === true && p.pure_bf16 === true) out.push({ span: at(ctx, 'pure_bf16'), message: t('pure_bf16 trains in bf16; fp16: true contradicts it. Remove fp16.') });
  if (p.fp16_full_eval === true && p.bf16_full_eval === true) out.push({ span: at(ctx, 'bf16_full_eval'), message: t('fp16_full_eval and bf16_full_eval are both true; transformers refuses this.') });
  return out;
});

const QUANT_BITS: Record<string, number[]> = { bnb: [4, 8], hqq: [1, 2, 3, 4, 5, 6, 8], eetq: [8] };

export const quantization = crossKeyRule('quantization', 'Quantization settings LLaMA-Factory refuses', 'error', (ctx, f, p) => {
  if (f.quantBits === null) return null;
  const out: Finding[] = [];
  if (f.finetuningType !== 'lora' && f.finetuningType !== 'oft') {
    out.push({ span: at(ctx, 'quantization_bit'), message: t`quantization_bit needs finetuning_type lora or oft (it is ${f.finetuningType}): LLaMA-Factory stops with "Quantization is only compatible with the LoRA or OFT method".` });
  }
  const allowed = QUANT_BITS[f.quantMethod];
  if (allowed && !allowed.includes(f.quantBits)) {
    out.push({ span: valueSpan(ctx, 'quantization_bit') ?? at(ctx), message: t`quantization_method ${f.quantMethod} supports ${allowed.join('/')} bits, not ${f.quantBits}.` });
  }
  if (f.zeroStage === 3 && ((f.quantMethod === 'bnb' && f.quantBits === 8) || f.quantMethod === 'hqq' || f.quantMethod === 'eetq')) {
    out.push({ span: at(ctx, 'deepspeed'), message: t`${f.quantMethod} ${f.quantBits}-bit quantization does not work with DeepSpeed ZeRO-3; only 4-bit bitsandbytes does (QLoRA with ZeRO-3).` });
  }
  if (truthy(p.pissa_init)) out.push({ span: at(ctx, 'pissa_init'), message: t('pissa_init cannot be combined with quantization_bit: run scripts/pissa_init.py first.') });
  if (truthy(p.resize_vocab)) out.push({ span: at(ctx, 'resize_vocab'), message: t('A quantized model cannot resize its vocabulary (resize_vocab with quantization_bit).') });
  if (p.fp8 === true) out.push({ span: at(ctx, 'fp8'), message: t('fp8 and quantization_bit cannot be used together.') });
  return out;
});

export const optimizerChoice = crossKeyRule('optimizer-conflict', 'GaLore, APOLLO and BAdam: one at a time, not with LoRA or DeepSpeed', 'error', (ctx, f, p) => {
  const on = (['use_galore', 'use_apollo', 'use_badam'] as const).filter((k) => p[k] === true);
  const out: Finding[] = [];
  if (on.length > 1) out.push({ span: at(ctx, on[1]), message: t`${on.join(' and ')} are mutually exclusive: LLaMA-Factory accepts one of GaLore, APOLLO and BAdam.` });
  if (on.length && f.finetuningType === 'lora') out.push({ span: at(ctx, on[0]), message: t`${on[0]} is for full or freeze tuning, not LoRA.` });
  for (const k of on) if (k !== 'use_badam' && p.deepspeed) out.push({ span: at(ctx, k), message: t`${k} is not compatible with DeepSpeed.` });
  return out;
});

export const loraOnly = crossKeyRule('lora-only-option', 'LoRA options with another finetuning_type', 'error', (ctx, f, p) => {
  if (f.finetuningType === 'lora') return null;
  return (['use_dora', 'use_rslora', 'pissa_init', 'loraplus_lr_ratio'] as const)
    .filter((k) => truthy(p[k]))
    .map((k) => ({ span: at(ctx, k), message: t`${k} only applies to finetuning_type: lora (it is ${f.finetuningType}).` }));
});

export const stageOptions = crossKeyRule('stage-option', 'Options the training stage does not support', 'error', (ctx, f, p) => {
  const out: Finding[] = [];
  if (f.stage !== 'sft') {
    for (const k of ['predict_with_generate', 'neat_packing', 'train_on_prompt', 'mask_history']) {
      if (p[k] === true) out.push({ span: at(ctx, k), message: t`${k} is only for stage: sft (this config has stage: ${f.stage}).` });
    }
  }
  if (f.stage === 'ppo' && !truthy(p.reward_model)) out.push({ span: at(ctx, 'stage'), message: t('stage: ppo needs a reward_model.') });
  if ((f.stage === 'rm' || f.stage === 'ppo') && p.load_best_model_at_end === true) out.push({ span: at(ctx, 'load_best_model_at_end'), message: t`load_best_model_at_end is not supported for stage: ${f.stage}.` });
  if (f.stage === 'ppo' && p.shift_attn === true) out.push({ span: at(ctx, 'shift_attn'), message: t('shift_attn does not work with PPO.') });
  if (p.use_llama_pro === true && f.finetuningType === 'full') out.push({ span: at(ctx, 'use_llama_pro'), message: t('use_llama_pro needs finetuning_type freeze or lora.') });
  if (p.mask_history === true && p.train_on_prompt === true) out.push({ span: at(ctx, 'mask_history'), message: t('mask_history and train_on_prompt are mutually exclusive.') });
  if (f.stage === 'sft' && p.do_predict === true && p.predict_with_generate !== true) out.push({ span: at(ctx, 'do_predict'), message: t('do_predict in SFT needs predict_with_generate: true.') });
  if (p.predict_with_generate === true && p.compute_accuracy === true) out.push({ span: at(ctx, 'compute_accuracy'), message: t('predict_with_generate and compute_accuracy cannot both be on.') });
  return out;
});

export const evaluationData = crossKeyRule('evaluation-data', 'Evaluation without data, or with two sources of it', 'error', (ctx, _f, p) => {
  const out: Finding[] = [];
  const valSize = typeof p.val_size === 'number' ? p.val_size : 0;
  if (truthy(p.eval_dataset) && valSize > 1e-6) out.push({ span: at(ctx, 'val_size'), message: t('Set eval_dataset or val_size, not both.') });
  if (!truthy(p.dataset) && valSize > 1e-6) out.push({ span: at(ctx, 'val_size'), message: t('val_size splits the training dataset, but no dataset is set.') });
  const evalStrategy = p.eval_strategy ?? p.evaluation_strategy;
  const evaluates = p.do_eval === true || p.do_predict === true || p.predict_with_generate === true || (typeof evalStrategy === 'string' && evalStrategy !== 'no');
  if (evaluates && !truthy(p.eval_dataset) && valSize < 1e-6) {
    out.push({ span: at(ctx, 'eval_strategy', 'evaluation_strategy', 'do_eval', 'do_predict', 'predict_with_generate'), message: t('Evaluation is on but there is no evaluation data: set eval_dataset or val_size.') });
  }
  if (p.do_train === true && !truthy(p.dataset)) out.push({ span: at(ctx, 'do_train'), message: t('do_train needs a dataset.') });
  return out;
});

export const checkpointStrategy = crossKeyRule('save-eval-strategy', 'load_best_model_at_end with mismatched strategies', 'error', (ctx, _f, p) => {
  if (p.load_best_model_at_end !== true) return null;
  const evalS = String(p.eval_strategy ?? p.evaluation_strategy ?? 'no');
  const saveS = String(p.save_strategy ?? 'steps');
  if (saveS !== 'best' && evalS !== saveS) {
    return { span: at(ctx, 'load_best_model_at_end'), message: t`load_best_model_at_end needs save_strategy to match eval_strategy (save: ${saveS}, eval: ${evalS}).` };
  }
  if (saveS === 'steps' && typeof p.save_steps === 'number' && typeof p.eval_steps === 'number' && p.eval_steps > 0 && p.save_steps % p.eval_steps !== 0) {
    return { span: at(ctx, 'save_steps'), message: t`With load_best_model_at_end, save_steps (${p.save_steps}) must be a multiple of eval_steps (${p.eval_steps}).` };
  }
  return null;
});

export const streaming = crossKeyRule('streaming', 'Streaming data needs max_steps and whole-number splits', 'error', (ctx, _f, p) => {
  if (p.streaming !== true) return null;
  const out: Finding[] = [];
  if (p.max_steps === undefined || p.max_steps === -1) out.push({ span: at(ctx, 'streaming'), message: t('streaming needs max_steps: the dataset length is unknown.') });
  if (typeof p.val_size === 'number' && p.val_size > 0 && p.val_size < 1) out.push({ span: at(ctx, 'val_size'), message: t('With streaming, val_size must be a whole number of samples.') });
  if (p.max_samples !== undefined && p.max_samples !== null) out.push({ span: at(ctx, 'max_samples'), message: t('max_samples is not supported with streaming.') });
  return out;
});

export const zero3Conflicts = crossKeyRule('zero3-conflict', 'Options DeepSpeed ZeRO-3 does not support', 'error', (ctx, f, p) => {
  if (f.zeroStage !== 3) return null;
  const out: Finding[] = [];
  const pairs: Array<[string, string]> = [
    ['pure_bf16', 'pure_bf16 cannot be used with DeepSpeed ZeRO-3.'],
    ['use_unsloth', 'Unsloth is incompatible with DeepSpeed ZeRO-3.'],
    ['pissa_init', 'PiSSA initialisation is not supported with ZeRO-3; use scripts/pissa_init.py.'],
    ['predict_with_generate', 'predict_with_generate is incompatible with DeepSpeed ZeRO-3.'],
  ];
  for (const [k, msg] of pairs) if (truthy(p[k])) out.push({ span: at(ctx, k), message: msg });
  return out;
});

export const pixelBounds = crossKeyRule('pixel-bounds', 'Image/video pixel bounds inverted', 'error', (ctx, _f, p) => {
  const out: Finding[] = [];
  for (const m of ['image', 'video']) {
    const max = p[`${m}_max_pixels`];
    const min = p[`${m}_min_pixels`];
    if (typeof max === 'number' && typeof min === 'number' && max < min) out.push({ span: at(ctx, `${m}_max_pixels`), message: t`${m}_max_pixels (${max}) is below ${m}_min_pixels (${min}).` });
  }
  return out;
});

export const loraTargetAll = crossKeyRule('lora-target-all', '`all` mixed with module names in lora_target', 'warning', (ctx, _f, p) => {
  const target = p.lora_target;
  const names = typeof target === 'string' ? target.split(',').map((s) => s.trim()) : Array.isArray(target) ? target.map(String) : [];
  if (names.length > 1 && names.includes('all')) {
    return { span: valueSpan(ctx, 'lora_target') ?? at(ctx), message: t("'all' only expands when it is the only lora_target entry; here it is taken as a module name and matches nothing, so LoRA goes only on the other modules listed.") };
  }
  return null;
});

export const LF_CROSS_KEY_RULES: readonly Rule[] = [
  missingModel,
  precisionConflict,
  quantization,
  optimizerChoice,
  loraOnly,
  stageOptions,
  evaluationData,
  checkpointStrategy,
  streaming,
  zero3Conflicts,
  pixelBounds,
  loraTargetAll,
];
