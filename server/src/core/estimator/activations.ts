// Activations saved for backward, counted tensor by tensor for one decoder layer (memory-notes: this beats the
// textbook 34·s·b·h + 5·a·s²·b), then multiplied out by gradient checkpointing.
import type { LinearModule, ModelArch, ParamBreakdown } from '../model/types';
import type { TrainingSetup } from './setup';

export interface ActivationParts {
  /** Bytes saved by one decoder layer without checkpointing. */
  perLayer: number;
  /** Bytes of one layer's input (what checkpointing keeps per layer). */
  layerInput: number;
  /** Backward temporaries of the layer being processed. */
  backwardTemp: number;
  /** Layers whose activations are kept (all, or the trainable ones in freeze tuning). */
  layers: number;
  /** Total at the activation peak. */
  total: number;
  /** Of the total, the tensors saved layer after layer in the forward pass and held until their backward. */
  saved: number;
  /** Sequences processed per micro-batch (pairwise stages double it). */
  rows: number;
  detail: string;
}

/** Sequences per forward pass: chosen + rejected for pairwise stages, target + KL batch for KTO. */
export function rowsPerStep(s: TrainingSetup): number {
  return s.stage === 'dpo' || s.stage === 'rm' || s.stage === 'kto' ? 2 * s.batch : s.batch;
}

function mlpWidthPerToken(a: ModelArch): number {
  if (a.moe) {
    // Routed experts run on k of every token's copies; shared experts on all tokens.
    return a.moe.expertsPerToken * a.moe.expertIntermediateSize + a.moe.sharedExperts * a.moe.sharedIntermediateSize;
  }
  return a.intermediateSize;
}

/** LoRA-adapted modules of one layer (name → input width), for dropout masks and adapter outputs. */
function adaptedInputs(s: TrainingSetup, a: ModelArch, p: ParamBreakdown): LinearModule[] {
  const l = s.lora;
  if (!l) return [];
  const perLayer = p.linear.filter((m) => m.part === 'attention' || m.part === 'mlp' || m.part === 'expert' || m.part === 'shared_expert');
  const names = l.target === 'all' ? null : new Set(l.target.map((t) => t.split('.').pop()!));
  return perLayer.filter((m) => names === null || names.has(m.name)).map((m) => ({ ...m, count: Math.max(1, m.count / Math.max(1, a.numLayers)) }));
}

export function activationParts(s: TrainingSetup, a: ModelArch, p: ParamBreakdown): ActivationParts {
  const rows = rowsPerStep(s);
  const seq = s.seq;
  const t = rows * seq; // tokens per micro-batch
  const e = s.compute === 'fp32' ? 4 : 2;
  const h = a.hiddenSize;
  const q = a.numAttentionHeads * a.headDim;
  const kv = a.numKeyValueHeads * a.headDim;
  const i = mlpWidthPerToken(a);
  const family = a.layout?.family ?? 'llama';
  const rms = (a.layout?.norm ?? 'rms') === 'rms';
  const norms = a.layout?.normsPerLayer ?? 2;

  // Norms: RMSNorm keeps an fp32 copy of its input and the normalised 16-bit tensor; the output feeds the linears.
  // LayerNorm (fused kernel) keeps its input and the output. Liger/Unsloth fused RMSNorm keep input + output.
  const fusedNorm = s.liger || s.unsloth;
  const normBytes = norms * t * h * (rms && !fusedNorm && e === 2 ? 4 + 2 * e : 2 * e);

  // Attention: q, k, v (repeated to every head for eager/sdpa in transformers, not for flash-attention 2), the
  // attention output and the o_proj input copy; eager also keeps fp32 softmax scores and their 16-bit copy.
  const prefix = s.prefix ? s.prefix.tokens : 0;
  const keyLen = seq + prefix;
  const repeat = s.attention !== 'fa2';
  const kvSaved = (repeat ? q : kv) * (keyLen / seq);
  let attnBytes = e * t * (q + 2 * kvSaved + 2 * q);
  if (s.attention === 'eager') attnBytes += rows * a.numAttentionHeads * seq * keyLen * (4 + e);
  else attnBytes += 4 * rows * a.numAttentionHeads * seq; // logsumexp

  // MLP: gated MLPs keep gate, act(gate), up and their product (the down_proj input); plain MLPs fc1 out + act.
  // Liger/Unsloth SwiGLU recompute the activation.
  const mlpTensors = a.mlpGated ? (fusedNorm ? 3 : 4) : 2;
  const mlpBytes = e * t * i * mlpTensors;

  // LoRA: with dropout, a mask (1 B) and the dropped-out input (e B) per adapted module; the A output (rank wide).
  let loraBytes = 0;
  for (const m of adaptedInputs(s, a, p)) {
    const width = m.count * m.inFeatures;
    if (s.lora!.dropout > 0) loraBytes += t * width * (1 + e);
    loraBytes += e * t * s.lora!.rank * m.count;
    if (s.lora!.dora) loraBytes += e * t * m.outFeatures * m.count; // DoRA keeps the un-normalised LoRA result
  }

  // Prefix tuning: the prefix key/values of the batch, per layer.
  const prefixBytes = prefix ? e * rows * prefix * 2 * kv : 0;

  // ChatGLM and Qwen-1 remote code add a few [s, b, h] copies (transposes made contiguous).
  const remote = family === 'chatglm' || family === 'qwen1' || family === 'baichuan' ? e * t * h : 0;

  const perLayer = normBytes + attnBytes + mlpBytes + loraBytes + prefixBytes + remote;
  const layerInput = e * t * h;
  // The layer being back-propagated holds gradients of its widest tensors at the same time.
  const backwardTemp = e * t * Math.max(2 * i, q + 2 * kv + h);

  let layers = a.numLayers;
  if (s.freeze) layers = s.freeze.last ? s.freeze.layers : a.numLayers; // frozen lower layers save nothing
  if (s.finetuning === 'full' && s.freezeLanguageModel) layers = 0;

  // Final norm and the lm_head input.
  const head = t * h * (rms ? 4 + 2 * e : 2 * e);
  let total: number;
  let saved: number;
  let detail: string;
  if (s.gradCkpt) {
    const kept = s.offloadedCkpt ? 2 * layerInput : layers * layerInput;
    saved = kept;
    total = kept + perLayer + backwardTemp + head;
    detail = `checkpointing: ${s.offloadedCkpt ? 'layer inputs offloaded to CPU' : `${layers} layer inputs`} + one layer rebuilt in backward`;
  } else {
    saved = layers * perLayer;
    total = saved + backwardTemp + head;
    detail = `no checkpointing: ${layers} layers × ${(perLayer / 2 ** 20).toFixed(0)} MiB`;
  }
  return { perLayer, layerInput, backwardTemp, layers, total, saved, rows, detail };
}
