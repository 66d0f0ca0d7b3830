// Exact parameter counts from a ModelArch, tensor by tensor, with the Linear modules PEFT would see under their
// real names. Each family's block is described once; totals and the Linear list come from that description.
import { DEFAULT_LAYOUT } from './layout';
import type { ArchLayout, LinearModule, ModelArch, ParamBreakdown } from './types';
import { countVision } from './vision';


export function linearParams(m: LinearModule): number {
  return m.count * (m.inFeatures * m.outFeatures + (m.bias ? m.outFeatures : 0));
}

/** Collects Linear modules and the other tensors of one part of the model. */
class Tally {
  readonly linear: LinearModule[] = [];
  attention = 0;
  mlp = 0;
  norm = 0;

  add(name: string, inFeatures: number, outFeatures: number, count: number, bias: boolean, part: LinearModule['part']): void {
    if (count <= 0) return;
    const m: LinearModule = { name, inFeatures, outFeatures, count, bias, part };
    this.linear.push(m);
    if (part === 'attention') this.attention += linearParams(m);
    else this.mlp += linearParams(m);
  }
}

function normSize(layout: ArchLayout, width: number): number {
  return layout.norm === 'rms' ? width : 2 * width;
}

/** Dense gated (or plain) MLP with the family's module names. */
function denseMlp(t: Tally, a: ModelArch, L: ArchLayout, width: number, count: number, part: LinearModule['part'] = 'mlp'): void {
  const h = a.hiddenSize;
  const b = L.mlpBias;
  switch (L.family) {
    case 'phi3':
    case 'glm':
      t.add('gate_up_proj', h, 2 * width, count, b, part);
      t.add('down_proj', width, h, count, b, part);
      return;
    case 'chatglm':
      t.add('dense_h_to_4h', h, a.mlpGated ? 2 * width : width, count, b, part);
      t.add('dense_4h_to_h', width, h, count, b, part);
      return;
    case 'qwen1':
      t.add('w1', h, width, count, false, part);
      t.add('w2', h, width, count, false, part);
      t.add('c_proj', width, h, count, false, part);
      return;
    case 'internlm2':
      t.add('w1', h, width, count, false, part);
      t.add('w3', h, width, count, false, part);
      t.add('w2', width, h, count, false, part);
      return;
    case 'falcon':
    case 'bloom':
    case 'gpt_neox':
      t.add('dense_h_to_4h', h, width, count, b, part);
      t.add('dense_4h_to_h', width, h, count, b, part);
      return;
    case 'phi':
      t.add('fc1', h, width, count, b, part);
      t.add('fc2', width, h, count, b, part);
      return;
    case 'gpt2':
      t.add('c_fc', h, width, count, b, part);
      t.add('c_proj', width, h, count, b, part);
      return;
    case 'mixtral':
      if (part === 'expert') {
        t.add('w1', h, width, count, false, part);
        t.add('w3', h, width, count, false, part);
        t.add('w2', width, h, count, false, part);
        return;
      }
      break;
    default:
      break;
  }
  if (!a.mlpGated) {
    t.add('up_proj', h, width, count, b, part);
    t.add('down_proj', width, h, count, b, part);
    return;
  }
  t.add('gate_proj', h, width, count, b, part);
  t.add('up_proj', h, width, count, b, part);
  t.add('down_proj', width, h, count, b, part);
}

function attention(t: Tally, a: ModelArch, L: ArchLayout, layers: number): void {
  const h = a.hiddenSize;
  const q = a.numAttentionHeads * a.headDim;
  const kv = a.numKeyValueHeads * a.headDim;
  const qb = L.qkvBias;
  const ob = L.oBias;
  switch (L.family) {
    case 'phi3':
      t.add('qkv_proj', h, q + 2 * kv, layers, qb, 'attention');
      t.add('o_proj', q, h, layers, ob, 'attention');
      return;
    case 'baichuan':
      t.add('W_pack', h, 3 * h, layers, qb, 'attention');
      t.add('o_proj', h, h, layers, ob, 'attention');
      return;
    case 'chatglm':
    case 'falcon':
      t.add('query_key_value', h, q + 2 * kv, layers, qb, 'attention');
      t.add('dense', q, h, layers, ob, 'attention');
      return;
    case 'bloom':
    case 'gpt_neox':
      t.add('query_key_value', h, 3 * h, layers, qb, 'attention');
      t.add('dense', h, h, layers, ob, 'attention');
      return;
    case 'qwen1':
      t.add('c_attn', h, 3 * h, layers, true, 'attention');
      t.add('c_proj', h, h, layers, false, 'attention');
      return;
    case 'gpt2':
      t.add('c_attn', h, 3 * h, layers, qb, 'attention');
      t.add('c_proj', h, h, layers, ob, 'attention');
      return;
    case 'internlm2':
      t.add('wqkv', h, q + 2 * kv, layers, qb, 'attention');
      t.add('wo', q, h, layers, ob, 'attention');
      return;
    case 'phi':
      t.add('q_proj', h, q, layers, qb, 'attention');
      t.add('k_proj', h, kv, layers, qb, 'attention');
      t.add('v_proj', h, kv, layers, qb, 'attention');
      t.add('dense', q, h, layers, ob, 'attention');
      return;
    case 'deepseek':
      if (a.mla) {
        const m = a.mla;
        const qHead = m.qkNopeHeadDim + m.qkRopeHeadDim;
        if (m.qLoraRank) {
          t.add('q_a_proj', h, m.qLoraRank, layers, qb, 'attention');
          t.norm += layers * m.qLoraRank; // q_a_layernorm
          t.add('q_b_proj', m.qLoraRank, a.numAttentionHeads * qHead, layers, false, 'attention');
        } else {
          t.add('q_proj', h, a.numAttentionHeads * qHead, layers, false, 'attention');
        }
        t.add('kv_a_proj_with_mqa', h, m.kvLoraRank + m.qkRopeHeadDim, layers, qb, 'attention');
        t.norm += layers * m.kvLoraRank; // kv_a_layernorm
        t.add('kv_b_proj', m.kvLoraRank, a.numAttentionHeads * (m.qkNopeHeadDim + m.vHeadDim), layers, false, 'attention');
        t.add('o_proj', a.numAttentionHeads * m.vHeadDim, h, layers, ob, 'attention');
        return;
      }
      break;
    default:
      break;
  }
  t.add('q_proj', h, q, layers, qb, 'attention');
  t.add('k_proj', h, kv, layers, qb, 'attention');
  t.add('v_proj', h, kv, layers, qb, 'attention');
  t.add('o_proj', q, h, layers, ob, 'attention');
}

function decoderLayers(t: Tally, a: ModelArch, L: ArchLayout): void {
  const layers = a.numLayers;
  attention(t, a, L, layers);
  if (L.qkNorm) t.norm += layers * 2 * a.headDim;
  t.norm += layers * L.normsPerLayer * normSize(L, a.hiddenSize);

  const moe = a.moe;
  if (!moe || moe.numExperts === 0) {
    denseMlp(t, a, L, a.intermediateSize, layers);
  } else {
    const sparse = layers - moe.denseLayers;
    denseMlp(t, a, L, a.intermediateSize, moe.denseLayers);
    denseMlp(t, a, L, moe.expertIntermediateSize, sparse * moe.numExperts, 'expert');
    if (moe.sharedIntermediateSize > 0) denseMlp(t, a, L, moe.sharedIntermediateSize, sparse, 'shared_expert');
    if (L.family === 'deepseek') {
      // MoEGate keeps its weight as a Parameter (not a Linear); V3's noaux_tc routing adds a per-expert bias.
      t.mlp += sparse * moe.numExperts * a.hiddenSize;
      if (a.modelType === 'deepseek_v3') t.mlp += sparse * moe.numExperts;
    } else {
      t.add('gate', a.hiddenSize, moe.numExperts, sparse, false, 'router');
      if (L.family === 'qwen_moe' && moe.sharedIntermediateSize > 0) t.add('shared_expert_gate', a.hiddenSize, 1, sparse, false, 'router');
    }
  }

  if (L.ploraRank > 0) {
    // InternLM-XComposer2's Partial LoRA: every LM Linear carries Plora_A (in→r) and Plora_B (r→out).
    let a2 = 0;
    let b2 = 0;
    for (const m of t.linear) {
      a2 += m.count * m.inFeatures;
      b2 += m.count * m.outFeatures;
    }
    const perLayer = layers;
    t.add('Plora_A', Math.round(a2 / perLayer), L.ploraRank, perLayer, false, 'other');
    t.add('Plora_B', L.ploraRank, Math.round(b2 / perLayer), perLayer, false, 'other');
  }
}

function t5Layers(t: Tally, a: ModelArch, L: ArchLayout): void {
  const enc = a.encoderDecoder?.encoderLayers ?? a.numLayers / 2;
  const dec = a.encoderDecoder?.decoderLayers ?? a.numLayers / 2;
  const d = a.hiddenSize;
  const inner = a.numAttentionHeads * a.headDim;
  const attnBlocks = enc + 2 * dec; // encoder self, decoder self + cross attention
  for (const name of ['q', 'k', 'v']) t.add(name, d, inner, attnBlocks, false, 'attention');
  t.add('o', inner, d, attnBlocks, false, 'attention');
  if (a.mlpGated) {
    t.add('wi_0', d, a.intermediateSize, enc + dec, false, 'mlp');
    t.add('wi_1', d, a.intermediateSize, enc + dec, false, 'mlp');
  } else {
    t.add('wi', d, a.intermediateSize, enc + dec, false, 'mlp');
  }
  t.add('wo', a.intermediateSize, d, enc + dec, false, 'mlp');
  // relative_attention_bias lives in the first block of each stack.
  t.attention += 2 * L.relativeAttentionBuckets * a.numAttentionHeads;
  t.norm += (2 * enc + 3 * dec) * d;
}

/** Every parameter of the model, by part, plus the Linear modules under their PEFT names. */
export function countParams(arch: ModelArch): ParamBreakdown {
  const L = arch.layout ?? DEFAULT_LAYOUT;
  const h = arch.hiddenSize;
  const t = new Tally();
  let finalNorm: number;
  if (L.family === 't5') {
    t5Layers(t, arch, L);
    finalNorm = 2 * h;
  } else {
    decoderLayers(t, arch, L);
    finalNorm = normSize(L, h);
  }
  const embedding = arch.vocabSize * h + L.learnedPositions * h + (L.embeddingNorm ? 2 * h : 0);
  const lmHead = arch.tieWordEmbeddings ? 0 : arch.vocabSize * h + (L.headBias ? arch.vocabSize : 0);
  t.linear.push({ name: L.headName, inFeatures: h, outFeatures: arch.vocabSize, count: 1, bias: L.headBias, part: 'head' });

  let vision = 0;
  if (arch.vision) {
    const v = countVision(arch.vision);
    vision = v.params;
    t.linear.push(...v.linear);
  }
  const layers = t.attention + t.mlp + t.norm;
  const n = Math.max(1, arch.numLayers);
  return {
    total: embedding + lmHead + layers + finalNorm + vision,
    embedding,
    lmHead,
    perLayerAttention: t.attention / n,
    perLayerMlp: t.mlp / n,
    perLayerNorm: t.norm / n,
    layers,
    finalNorm,
    vision,
    linear: t.linear,
  };
}
