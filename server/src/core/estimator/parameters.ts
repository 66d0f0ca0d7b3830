// Which parameters exist, which train, and how many bytes the frozen ones take (quantized or not).
import { countParams } from '../model/countParams';
import { loraTrainableParams } from '../model/lora';
import type { ModelArch, ParamBreakdown, ResolvedModel } from '../model/types';
import type { TrainingSetup } from './setup';
import { t } from '../l10n';

export interface ParamGroups {
  arch: ModelArch;
  params: ParamBreakdown;
  /** Parameters that receive gradients (LoRA adapters, freeze-tuned layers, the whole model…). */
  trainable: number;
  /** Parameters of the base model that do not train. */
  frozen: number;
  /** Bytes of the frozen parameters as stored on the GPU (before any ZeRO-3/FSDP partitioning). */
  frozenBytes: number;
  /** Frozen parameters inside quantized block linears (0 without quantization). */
  quantizedParams: number;
  /** Trainable parameters of one decoder layer (for the per-layer DeepSpeed/FSDP buffers). */
  perLayerParams: number;
  notes: string[];
}

/**
 * A Llama-shaped stand-in for a model known only by its size (source 'name'): hidden ≈ (P·128/12)^⅓ rounded to
 * 256, one layer per 128 of width, a 32k vocabulary. Only used when no config.json was found.
 */
export function approximateArch(totalParams: number): ModelArch {
  const p = Math.max(1e8, totalParams);
  const hidden = Math.max(512, Math.round(Math.cbrt((p * 128) / 12) / 256) * 256);
  const numLayers = Math.max(2, Math.round(p / (12 * hidden * hidden)));
  return {
    modelType: 'llama',
    hiddenSize: hidden,
    numLayers,
    numAttentionHeads: hidden / 128,
    numKeyValueHeads: hidden / 128,
    headDim: 128,
    intermediateSize: Math.round((hidden * 8) / 3 / 256) * 256,
    vocabSize: 32000,
    tieWordEmbeddings: false,
    maxPositionEmbeddings: null,
    torchDtype: 'bfloat16',
    mlpGated: true,
    moe: null,
    mla: null,
    encoderDecoder: null,
    vision: null,
    quantization: null,
  };
}

/** Bytes per parameter of a quantized block linear, scale/zero metadata included. */
export function quantizedBytesPerParam(setup: TrainingSetup): number {
  const q = setup.quant;
  if (!q) return setup.loadBytes;
  switch (q.method) {
    case 'bnb':
      if (q.bits === 8) return 1 + 4 / 4096; // int8 weights + one fp32 scale per row (rows ~4k wide)
      // NF4/FP4: 0.5 B + absmax per 64 values: fp32 (4/64) or, double-quantized, 8-bit (1/64) + fp32 per 256 blocks.
      return 0.5 + (q.doubleQuant ? 1 / 64 + 4 / (64 * 256) : 4 / 64);
    case 'gptq':
    case 'awq':
      // bits/8 per weight + fp16 scale and packed zero per group (128 by default).
      return q.bits / 8 + (2 + q.bits / 8) / Math.max(1, q.groupSize || 128);
    case 'hqq':
      return q.bits / 8 + 4 / 64; // fp16 scale + zero per group of 64
    case 'eetq':
      return 1 + 2 / 4096;
    case 'aqlm':
      return 2 / 8 + 0.02; // 2-bit codes + codebooks
    default:
      return q.bits / 8 + 0.03;
  }
}

export function paramGroups(model: ResolvedModel, setup: TrainingSetup): ParamGroups {
  const notes: string[] = [];
  let arch = model.arch;
  let params = model.params;
  if (!arch || params.linear.length === 0) {
    arch = arch ?? approximateArch(model.params.total);
    const counted = countParams(arch);
    // Keep the stated size when only the name was known: scale nothing, but prefer the stated total.
    params = { ...counted, total: model.params.total > 0 ? model.params.total : counted.total };
  }
  const total = params.total;
  const blockLinears = params.linear.filter((m) => m.part === 'attention' || m.part === 'mlp' || m.part === 'expert' || m.part === 'shared_expert');
  const blockLinearParams = blockLinears.reduce((s, m) => s + m.count * m.inFeatures * m.outFeatures, 0);
  const layerParams = params.perLayerAttention + params.perLayerMlp + params.perLayerNorm;
  const lmParams = total - params.vision;

  let trainable = 0;
  switch (setup.finetuning) {
    case 'full': {
      trainable = setup.freezeLanguageModel ? 0 : lmParams;
      if (!setup.freezeVisionTower || !setup.freezeProjector) trainable += params.vision; // tower and projector together (approximation)
      break;
    }
    case 'freeze': {
      const f = setup.freeze!;
      const per = f.modules === 'all' ? layerParams : f.modules.reduce((s, m) => s + (/mlp|ffn|feed/i.test(m) ? params.perLayerMlp : /attn|attention/i.test(m) ? params.perLayerAttention : 0), 0);
      trainable = f.layers * per;
      for (const e of f.extra) {
        if (/embed|wte|word_embeddings/i.test(e)) trainable += params.embedding;
        else if (/lm_head|output/i.test(e)) trainable += params.lmHead;
        else if (/norm/i.test(e)) trainable += params.finalNorm;
      }
      break;
    }
    case 'lora':
    case 'oft': {
      const l = setup.lora!;
      const r = loraTrainableParams(arch, params, { target: l.target, rank: l.rank, useDora: l.dora, additionalTarget: l.additionalTarget, freezeVisionTower: setup.freezeVisionTower });
      trainable = r.params;
      if (r.unmatched.length > 0) notes.push(t`LoRA targets not found in the model: ${r.unmatched.join(', ')}`);
      break;
    }
    case 'prefix': {
      const p = setup.prefix!;
      const kvDim = arch.numKeyValueHeads * arch.headDim;
      const out = 2 * arch.numLayers * kvDim;
      trainable = p.projectionHidden ? p.tokens * arch.hiddenSize + arch.hiddenSize * p.projectionHidden + p.projectionHidden * out : p.tokens * out;
      break;
    }
  }
  if (setup.stage === 'rm' || setup.stage === 'ppo') trainable += arch.hiddenSize + 1; // value head

  // Frozen part of the base model. Adapters and value heads are new parameters; full/freeze train base ones.
  const baseTrainable = setup.finetuning === 'full' || setup.finetuning === 'freeze' ? trainable : 0;
  const frozen = Math.max(0, total - baseTrainable);
  let frozenBytes = frozen * setup.loadBytes;
  let quantizedParams = 0;
  if (setup.quant) {
    quantizedParams = blockLinearParams;
    frozenBytes = (frozen - quantizedParams) * setup.loadBytes + quantizedParams * quantizedBytesPerParam(setup);
  }
  const perLayerParams = setup.finetuning === 'full' ? layerParams : setup.finetuning === 'freeze' ? layerParams : layerParams;
  return { arch, params, trainable, frozen, frozenBytes, quantizedParams, perLayerParams, notes };
}
