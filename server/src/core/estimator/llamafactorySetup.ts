// A LLaMA-Factory training config (plus its DeepSpeed JSON and accelerate config) as the run it starts, with
// LLaMA-Factory's defaults: hparams/*_args.py, model/patcher.py, model/adapter.py, model_utils/*.
import type { ModelArch, ResolvedModel } from '../model/types';
import { boolOf, isPlain, listOf, numberOf, positiveInt, stringOf, type Plain } from './configValues';
import { accelerateSetup, deepspeedSetup } from './distributedSetup';
import type { AttentionImpl, OptimKind, Precision, QuantSetup, Stage, TrainingSetup } from './setup';
import { t } from '../l10n';

const STAGES: Stage[] = ['pt', 'sft', 'rm', 'ppo', 'dpo', 'kto'];

export function dtypeBytes(d: string | undefined): number {
  switch (d) {
    case 'float32':
      return 4;
    case 'float8':
      return 1;
    default:
      return 2;
  }
}

export function optimKind(name: string): OptimKind {
  const o = name.toLowerCase();
  if (o.startsWith('paged_adamw_8bit') || o === 'paged_adamw8bit') return 'paged_adamw_8bit';
  if (o.startsWith('paged_adamw') || o === 'paged_adamw_32bit') return 'paged_adamw_32bit';
  if (o.includes('8bit') && o.includes('lion')) return 'lion_8bit';
  if (o.includes('8bit')) return 'adamw_8bit';
  if (o.startsWith('adamw') || o.startsWith('adam')) return 'adamw';
  if (o.startsWith('adafactor')) return 'adafactor';
  if (o === 'sgd') return 'sgd';
  if (o.includes('lion')) return 'lion';
  return 'other';
}

export function checkpointQuant(arch: ModelArch | null): QuantSetup | null {
  const q = arch?.quantization;
  if (!q || q.method === 'fp8' || q.method === 'mxfp4') return null; // dequantized on load (rules §3.4)
  return { method: q.method === 'bnb' ? 'bnb' : q.method === 'hqq' || q.method === 'eetq' || q.method === 'gptq' || q.method === 'awq' || q.method === 'aqlm' ? q.method : 'other', bits: q.bits, doubleQuant: false, groupSize: q.groupSize ?? 128, from: 'checkpoint' };
}

/** Image tokens one image adds at image_max_pixels (LLaMA-Factory default 768·768), by the tower's patching. */
export function imageTokens(arch: ModelArch, maxPixels: number): number {
  const v = arch.vision;
  if (!v) return 0;
  if (v.spatialMergeSize) return Math.ceil(maxPixels / (v.patchSize * v.patchSize) / (v.spatialMergeSize * v.spatialMergeSize));
  if (v.kind === 'internlm_xc2') {
    // 4KHD: up to hd_num (default 25 here) 336×336 tiles of 576 tokens each, plus the global view.
    const tiles = Math.min(25, Math.max(1, Math.ceil(maxPixels / (336 * 336))));
    return (tiles + 1) * 576;
  }
  const side = v.imageSize ?? 336;
  return Math.ceil(side / v.patchSize) ** 2;
}

export function llamafactorySetup(config: Plain, ds: Plain | null, acc: Plain | null, model: ResolvedModel, gpus: number): TrainingSetup {
  const assumptions: string[] = [];
  const unsupported: string[] = [];
  const arch = model.arch;
  const hidden = arch?.hiddenSize ?? 4096;

  const stageRaw = (stringOf(config.stage) ?? 'sft').toLowerCase() as Stage;
  const stage: Stage = STAGES.includes(stageRaw) ? stageRaw : 'sft';
  const ftRaw = (stringOf(config.finetuning_type) ?? 'lora').toLowerCase();
  const finetuning = ftRaw === 'full' || ftRaw === 'freeze' || ftRaw === 'oft' ? ftRaw : 'lora';
  if (config.finetuning_type === undefined) assumptions.push(t('finetuning_type lora (LLaMA-Factory default)'));

  const batch = positiveInt(config.per_device_train_batch_size, 8);
  if (config.per_device_train_batch_size === undefined) assumptions.push(t('per_device_train_batch_size 8 (Hugging Face default)'));
  const cutoff = positiveInt(config.cutoff_len, 2048);
  if (config.cutoff_len === undefined) assumptions.push(t('cutoff_len 2048 (LLaMA-Factory default)'));
  const neat = boolOf(config.neat_packing) === true;
  const packing = neat || (boolOf(config.packing) ?? stage === 'pt');
  if (packing) assumptions.push(t`every sequence filled to cutoff_len by packing (${cutoff} tokens)`);
  else assumptions.push(t`cutoff_len reached by every sample (${cutoff} tokens): LLaMA-Factory pads each batch to its longest sample`);

  // Compute dtype (parser.py, patcher.py): bf16/pure_bf16 → bf16, fp16 → fp16, else inferred from the checkpoint.
  const pureBf16 = boolOf(config.pure_bf16) === true;
  let compute: Precision;
  if (pureBf16 || boolOf(config.bf16) === true) compute = 'bf16';
  else if (boolOf(config.fp16) === true) compute = 'fp16';
  else {
    compute = arch?.torchDtype === 'float32' ? 'bf16' : arch?.torchDtype === 'float16' ? 'fp16' : 'bf16';
    assumptions.push(t`compute dtype ${compute} inferred from the checkpoint (no bf16/fp16 key)`);
  }
  // Weights are loaded in the checkpoint's dtype (torch_dtype auto); unknown → the compute dtype.
  const loadBytes = arch && arch.torchDtype !== 'unknown' ? dtypeBytes(arch.torchDtype) : 2;

  const disableGc = boolOf(config.disable_gradient_checkpointing) === true;
  const unsloth = boolOf(config.use_unsloth) === true;
  const gradCkpt = !disableGc || unsloth;
  if (gradCkpt) assumptions.push(unsloth ? t('Unsloth gradient checkpointing (always on with use_unsloth)') : t('gradient checkpointing on (LLaMA-Factory default; disable_gradient_checkpointing turns it off)'));
  const offloadedCkpt = unsloth || boolOf(config.use_unsloth_gc) === true;

  const fa = (stringOf(config.flash_attn) ?? 'auto').toLowerCase();
  let attention: AttentionImpl = fa === 'disabled' || fa === 'eager' ? 'eager' : fa === 'fa2' || fa === 'fa3' ? 'fa2' : 'sdpa';
  if (arch?.modelType === 'gemma2' && attention === 'sdpa') attention = 'eager';
  if (unsloth) attention = 'fa2';
  if (fa === 'auto' && config.flash_attn === undefined) assumptions.push(t('attention implementation: transformers default (sdpa)'));

  // Quantization priority (quantization.py): the checkpoint's own config wins over quantization_bit.
  let quant = checkpointQuant(arch);
  const qbit = numberOf(config.quantization_bit);
  if (!quant && qbit !== undefined) {
    const m = (stringOf(config.quantization_method) ?? 'bnb').toLowerCase();
    if (m === 'bnb' || m === 'bitsandbytes') {
      if (qbit === 8 || qbit === 4) quant = { method: 'bnb', bits: qbit, doubleQuant: boolOf(config.double_quantization) ?? true, groupSize: 64, from: 'config' };
      else unsupported.push(t`quantization_bit ${qbit} with bitsandbytes (only 8 and 4 quantize; the model stays 16-bit)`);
    } else if (m === 'hqq') quant = { method: 'hqq', bits: qbit, doubleQuant: false, groupSize: 64, from: 'config' };
    else if (m === 'eetq') quant = { method: 'eetq', bits: 8, doubleQuant: false, groupSize: 0, from: 'config' };
  }

  let lora = null as TrainingSetup['lora'];
  if (finetuning === 'lora') {
    const rawTarget = listOf(config.lora_target) ?? ['all'];
    lora = {
      rank: positiveInt(config.lora_rank, 8),
      target: rawTarget.length === 1 && rawTarget[0] === 'all' ? 'all' : rawTarget,
      dropout: numberOf(config.lora_dropout) ?? 0,
      dora: boolOf(config.use_dora) === true,
      additionalTarget: listOf(config.additional_target) ?? [],
    };
    if (boolOf(config.resize_vocab) === true && lora.additionalTarget.length === 0) {
      lora.additionalTarget = ['embed_tokens', 'lm_head'];
    }
    if (boolOf(config.use_rslora) === true) assumptions.push(t('rsLoRA changes only the scaling, not the memory'));
    if (boolOf(config.pissa_init) === true) assumptions.push(t('PiSSA init: same adapter sizes as LoRA'));
  }
  let freeze = null as TrainingSetup['freeze'];
  if (finetuning === 'freeze') {
    const n = numberOf(config.freeze_trainable_layers) ?? 2;
    const mods = listOf(config.freeze_trainable_modules) ?? ['all'];
    freeze = { layers: Math.min(Math.abs(Math.trunc(n)) || 1, arch?.numLayers ?? 1), last: n >= 0, modules: mods.length === 1 && mods[0] === 'all' ? 'all' : mods, extra: listOf(config.freeze_extra_modules) ?? [] };
  }

  const optimName = stringOf(config.optim) ?? 'adamw_torch';
  let optim = optimKind(optimName);
  if (boolOf(config.use_adam_mini) === true) optim = 'adam_mini';
  if (boolOf(config.use_muon) === true) optim = 'muon';
  if (optim === 'other') unsupported.push(t`optimizer ${optimName} (counted as AdamW)`);
  const galoreRank = boolOf(config.use_galore) === true ? positiveInt(config.galore_rank, 16) : null;
  const apolloRank = boolOf(config.use_apollo) === true ? positiveInt(config.apollo_rank, 16) : null;
  const badam = boolOf(config.use_badam) === true;

  // Reference / reward models (train/trainer_utils.py:create_ref_model, create_reward_model).
  const prefLoss = (stringOf(config.pref_loss) ?? 'sigmoid').toLowerCase();
  let reference: TrainingSetup['reference'] = 'none';
  if ((stage === 'dpo' && prefLoss !== 'orpo' && prefLoss !== 'simpo') || stage === 'kto' || stage === 'ppo') {
    reference = config.ref_model !== undefined && config.ref_model !== null ? 'copy' : finetuning === 'lora' ? 'adapter-disabled' : 'copy';
    if (config.ref_model !== undefined && config.ref_model !== null) assumptions.push(t('ref_model counted as the same size as the trained model'));
  }
  let ppoReward: TrainingSetup['ppoReward'] = 'none';
  if (stage === 'ppo') {
    const rt = (stringOf(config.reward_model_type) ?? 'lora').toLowerCase();
    ppoReward = rt === 'full' ? 'copy' : rt === 'api' ? 'none' : 'adapter';
  }

  // Multimodal.
  const freezeVisionTower = boolOf(config.freeze_vision_tower) ?? true;
  const freezeProjector = boolOf(config.freeze_multi_modal_projector) ?? true;
  const freezeLanguageModel = boolOf(config.freeze_language_model) ?? false;
  let mediaTokens = 0;
  if (arch?.vision) {
    const pixels = numberOf(config.image_max_pixels) ?? 768 * 768;
    mediaTokens = imageTokens(arch, pixels);
    assumptions.push(t`one image per sample at image_max_pixels (${mediaTokens} tokens, within cutoff_len)`);
  }

  // Distributed.
  let dsPlain = ds;
  let fsdp = null as TrainingSetup['fsdp'];
  if (acc) {
    const a = accelerateSetup(acc);
    fsdp = a.fsdp;
    if (!dsPlain && a.deepspeed) dsPlain = a.deepspeed;
  }
  const deepspeed = dsPlain ? deepspeedSetup(dsPlain, hidden, compute, pureBf16, unsupported) : null;
  if (isPlain(config.deepspeed) === false && typeof config.deepspeed === 'string' && !ds) {
    assumptions.push(t('the DeepSpeed file could not be read: estimated without DeepSpeed'));
  }

  for (const k of ['use_llama_pro', 'shift_attn', 'use_kt', 'use_mca']) if (boolOf(config[k]) === true) unsupported.push(k);
  if (boolOf(config.use_galore) === true && boolOf(config.galore_layerwise) === true) unsupported.push(t('galore_layerwise (counted as plain GaLore)'));
  if (numberOf(config.ref_model_quantization_bit) !== undefined) unsupported.push(t('ref_model_quantization_bit (reference counted at full width)'));
  if (stringOf(config.rope_scaling)) assumptions.push(t('rope_scaling changes no memory term'));
  if (finetuning === 'oft') assumptions.push(t('OFT counted like LoRA of rank oft_rank on the same targets'));
  if (boolOf(config.upcast_layernorm) === true) assumptions.push(t('upcast_layernorm: fp32 norm weights (negligible)'));
  if (boolOf(config.upcast_lmhead_output) === true) assumptions.push(t('upcast_lmhead_output: logits kept in fp32 (already counted in the loss term)'));

  return {
    kind: 'llamafactory',
    stage,
    prefLoss,
    finetuning,
    batch,
    seq: cutoff,
    packing,
    compute,
    pureBf16,
    amp: boolOf(config.bf16) === true || boolOf(config.fp16) === true,
    loadBytes,
    gradCkpt,
    offloadedCkpt,
    attention,
    liger: boolOf(config.enable_liger_kernel) === true,
    unsloth,
    lora: lora ?? (finetuning === 'oft' ? { rank: positiveInt(config.oft_rank, 8), target: listOf(config.oft_target) ?? listOf(config.lora_target) ?? 'all', dropout: 0, dora: false, additionalTarget: [] } : null),
    oftRank: positiveInt(config.oft_rank, 0),
    freeze,
    prefix: null,
    quant,
    optim,
    foreachStep: optim === 'adamw' && !optimName.toLowerCase().includes('fused') && !boolOf(config.use_galore) && !boolOf(config.use_apollo),
    galoreRank,
    apolloRank,
    badam,
    reference,
    ppoReward,
    freezeVisionTower,
    freezeProjector,
    freezeLanguageModel,
    mediaTokens,
    deepspeed,
    fsdp,
    gpus: Math.max(1, Math.floor(gpus) || 1),
    assumptions,
    unsupported,
  };
}
