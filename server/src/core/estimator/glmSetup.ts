// A GLM-4 / ChatGLM3 fine-tuning demo config (finetune.py / finetune_hf.py): `training_args` are
// Seq2SeqTrainingArguments, `peft_config` a PEFT config (LORA or PREFIX_TUNING), the sequence is
// max_input_length + max_output_length, the model is loaded in its checkpoint dtype (bf16 for GLM-4) with no AMP
// flag, so full fine-tuning trains in pure 16-bit, and gradient checkpointing is enabled by the demo.
import type { ResolvedModel } from '../model/types';
import { boolOf, isPlain, listOf, numberOf, positiveInt, stringOf, type Plain } from './configValues';
import { deepspeedSetup } from './distributedSetup';
import { dtypeBytes, optimKind } from './llamafactorySetup';
import type { Precision, TrainingSetup } from './setup';
import { t } from '../l10n';

export function glmSetup(config: Plain, ds: Plain | null, model: ResolvedModel, gpus: number): TrainingSetup {
  const assumptions: string[] = [];
  const unsupported: string[] = [];
  const arch = model.arch;
  const args = isPlain(config.training_args) ? config.training_args : {};
  const peft = isPlain(config.peft_config) ? config.peft_config : null;
  const inLen = positiveInt(config.max_input_length, 512);
  const outLen = positiveInt(config.max_output_length, 512);
  const seq = inLen + outLen;
  assumptions.push(t`every sample reaches max_input_length + max_output_length (${seq} tokens)`);

  const loadBytes = arch && arch.torchDtype !== 'unknown' ? dtypeBytes(arch.torchDtype) : 2;
  const compute: Precision = boolOf(args.fp16) === true ? 'fp16' : loadBytes === 4 ? 'fp32' : arch?.torchDtype === 'float16' ? 'fp16' : 'bf16';
  const amp = boolOf(args.bf16) === true || boolOf(args.fp16) === true;
  assumptions.push(amp ? t('mixed precision from training_args (fp32 trainable weights)') : t('model loaded in its 16-bit dtype without AMP: trainable weights and optimizer states stay 16-bit'));

  const type = (stringOf(peft?.peft_type) ?? '').toUpperCase();
  let finetuning: TrainingSetup['finetuning'] = 'full';
  let lora: TrainingSetup['lora'] = null;
  let prefix: TrainingSetup['prefix'] = null;
  if (type === 'LORA') {
    finetuning = 'lora';
    lora = { rank: positiveInt(peft?.r, 8), target: listOf(peft?.target_modules) ?? ['query_key_value'], dropout: numberOf(peft?.lora_dropout) ?? 0, dora: boolOf(peft?.use_dora) === true, additionalTarget: listOf(peft?.modules_to_save) ?? [] };
  } else if (type === 'PREFIX_TUNING' || type === 'P_TUNING_V2') {
    finetuning = 'prefix';
    const proj = boolOf(peft?.prefix_projection) === true;
    prefix = { tokens: positiveInt(peft?.num_virtual_tokens ?? config.pre_seq_len, 128), projectionHidden: proj ? positiveInt(peft?.encoder_hidden_size, arch?.hiddenSize ?? 4096) : null };
  } else if (peft) {
    unsupported.push(type ? t`peft_type ${type} (estimated as full fine-tuning)` : t('peft_config without a peft_type (estimated as full fine-tuning)'));
  }
  // The demo calls gradient_checkpointing_enable(); an explicit training_args.gradient_checkpointing: false is honoured.
  const gradCkpt = boolOf(args.gradient_checkpointing) ?? true;
  if (gradCkpt) assumptions.push(t('gradient checkpointing on (enabled by the demo)'));

  const dsSetup = ds ? deepspeedSetup(ds, arch?.hiddenSize ?? 4096, compute, !amp, unsupported) : null;
  return {
    kind: 'glm-finetune',
    stage: 'sft',
    prefLoss: 'sigmoid',
    finetuning,
    batch: positiveInt(args.per_device_train_batch_size, 8),
    seq,
    packing: false,
    compute,
    pureBf16: !amp,
    amp,
    loadBytes,
    gradCkpt,
    offloadedCkpt: false,
    attention: 'sdpa',
    liger: false,
    unsloth: false,
    lora,
    oftRank: 0,
    freeze: null,
    prefix,
    quant: null,
    optim: optimKind(stringOf(args.optim) ?? 'adamw_torch'),
    foreachStep: !(stringOf(args.optim) ?? '').includes('fused') && optimKind(stringOf(args.optim) ?? 'adamw_torch') === 'adamw',
    galoreRank: null,
    apolloRank: null,
    badam: false,
    reference: 'none',
    ppoReward: 'none',
    freezeVisionTower: true,
    freezeProjector: true,
    freezeLanguageModel: false,
    mediaTokens: 0,
    deepspeed: dsSetup,
    fsdp: null,
    gpus: Math.max(1, Math.floor(gpus) || 1),
    assumptions,
    unsupported,
  };
}
