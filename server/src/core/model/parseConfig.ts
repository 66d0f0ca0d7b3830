// Reads any config.json dialect (Llama-style, GPT-style, ChatGLM, Qwen-1, Falcon/BLOOM, T5, MoE, DeepSeek MLA,
// multimodal with nested text/vision configs) into one ModelArch. Family defaults fill the keys a config may
// omit because transformers' config class supplies them (Gemma ties embeddings, LLaVA's text_config is sparse…).
import type {
  ArchFamily,
  ArchLayout,
  MlaFacts,
  ModelArch,
  MoeFacts,
  QuantizationFacts,
  TorchDtype,
  VisionFacts,
} from './types';
import { DEFAULT_LAYOUT } from './layout';
import { countVision } from './vision';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(obj: Json, ...keys: string[]): number | undefined {
  for (const k of keys) {
    const v = obj[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return undefined;
}

function bool(obj: Json, key: string): boolean | undefined {
  const v = obj[key];
  return typeof v === 'boolean' ? v : undefined;
}

function str(obj: Json, key: string): string | undefined {
  const v = obj[key];
  return typeof v === 'string' ? v : undefined;
}

/** Values transformers' config classes supply when config.json leaves them out. */
const CLASS_DEFAULTS: Record<string, Json> = {
  llama: { hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 32, num_attention_heads: 32, vocab_size: 32000, tie_word_embeddings: false },
  mistral: { hidden_size: 4096, intermediate_size: 14336, num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 8, vocab_size: 32000, tie_word_embeddings: false },
  gemma3_text: { hidden_size: 2304, intermediate_size: 9216, num_hidden_layers: 26, num_attention_heads: 8, num_key_value_heads: 4, head_dim: 256, vocab_size: 262208 },
  gemma3: { hidden_size: 2304, intermediate_size: 9216, num_hidden_layers: 26, num_attention_heads: 8, num_key_value_heads: 4, head_dim: 256, vocab_size: 262208 },
  gemma: { head_dim: 256 },
  gemma2: { head_dim: 256 },
  siglip_vision_model: { hidden_size: 768, intermediate_size: 3072, num_hidden_layers: 12, num_attention_heads: 12, patch_size: 16, image_size: 224 },
  clip_vision_model: { hidden_size: 768, intermediate_size: 3072, num_hidden_layers: 12, num_attention_heads: 12, patch_size: 32, image_size: 224 },
  t5: { d_model: 512, d_kv: 64, d_ff: 2048, num_layers: 6, num_heads: 8, vocab_size: 32128, relative_attention_num_buckets: 32, feed_forward_proj: 'relu', tie_word_embeddings: true },
  mt5: { d_model: 512, d_kv: 64, d_ff: 1024, num_layers: 8, num_heads: 6, vocab_size: 250112, relative_attention_num_buckets: 32, feed_forward_proj: 'gated-gelu', tie_word_embeddings: false },
};

/** tie_word_embeddings when config.json has no such key: the config class default of each family. */
const TIED_BY_DEFAULT = new Set(['gemma', 'gemma2', 'gemma3', 'gemma3_text', 'bloom', 'falcon', 'refinedweb', 'refinedwebmodel', 'gpt2', 't5']);

function familyOf(modelType: string, json: Json): ArchFamily {
  switch (modelType) {
    case 'phi3':
    case 'phimoe':
      return 'phi3';
    case 'baichuan':
      return 'baichuan';
    case 'glm':
    case 'glm4':
      return 'glm';
    case 'chatglm':
      return 'chatglm';
    case 'qwen':
      return 'qwen1';
    case 'internlm2':
    case 'internlmxcomposer2':
      return 'internlm2';
    case 'falcon':
    case 'refinedweb':
    case 'refinedwebmodel':
      return 'falcon';
    case 'bloom':
      return 'bloom';
    case 'gpt_neox':
      return 'gpt_neox';
    case 'phi':
      return 'phi';
    case 'gpt2':
    case 'gpt_bigcode':
      return 'gpt2';
    case 't5':
    case 'mt5':
    case 'umt5':
      return 't5';
    case 'mixtral':
      return 'mixtral';
    case 'qwen2_moe':
    case 'qwen3_moe':
      return 'qwen_moe';
    case 'deepseek_v2':
    case 'deepseek_v3':
      return 'deepseek';
    default:
      // Unknown dialects: GPT-style keys mean a GPT-2 layout, everything else is read as Llama.
      if (json.n_embd !== undefined && json.hidden_size === undefined) return 'gpt2';
      if (json.d_model !== undefined && json.d_ff !== undefined) return 't5';
      return 'llama';
  }
}

function parseDtype(json: Json): TorchDtype {
  const raw = (str(json, 'torch_dtype') ?? str(json, 'dtype') ?? '').toLowerCase();
  if (raw === 'bfloat16' || raw === 'bf16') return 'bfloat16';
  if (raw === 'float16' || raw === 'fp16' || raw === 'half') return 'float16';
  if (raw === 'float32' || raw === 'fp32' || raw === 'float') return 'float32';
  if (raw.includes('float8') || raw === 'fp8') return 'float8';
  // Qwen-1 configs: bf16/fp16/fp32 flags instead of torch_dtype.
  if (json.bf16 === true) return 'bfloat16';
  if (json.fp16 === true) return 'float16';
  if (json.fp32 === true) return 'float32';
  return 'unknown';
}

export function parseQuantization(q: unknown): QuantizationFacts | null {
  if (!isObject(q)) return null;
  const method = (str(q, 'quant_method') ?? '').toLowerCase();
  const group = num(q, 'group_size', 'q_group_size');
  const groupSize = group === undefined || group <= 0 ? null : group;
  switch (method) {
    case 'gptq':
      return { method: 'gptq', bits: num(q, 'bits') ?? 4, groupSize };
    case 'awq':
      return { method: 'awq', bits: num(q, 'bits', 'w_bit') ?? 4, groupSize };
    case 'bitsandbytes':
    case 'bnb':
      return { method: 'bnb', bits: q.load_in_8bit === true ? 8 : 4, groupSize: null };
    case 'fp8':
    case 'fbgemm_fp8':
      return { method: 'fp8', bits: 8, groupSize: null };
    case 'mxfp4':
      return { method: 'mxfp4', bits: 4, groupSize: 32 };
    case 'hqq':
      return { method: 'hqq', bits: num(q, 'nbits', 'bits') ?? 4, groupSize };
    case 'eetq':
      return { method: 'eetq', bits: 8, groupSize: null };
    case 'aqlm': {
      const perCodebook = num(q, 'nbits_per_codebook') ?? 16;
      const codebooks = num(q, 'num_codebooks') ?? 1;
      const inGroup = num(q, 'in_group_size') ?? 8;
      return { method: 'aqlm', bits: (perCodebook * codebooks) / inGroup, groupSize: null };
    }
    default:
      if (q.load_in_4bit === true || q.load_in_8bit === true) return { method: 'bnb', bits: q.load_in_8bit === true ? 8 : 4, groupSize: null };
      if (num(q, 'bits') !== undefined) return { method: 'other', bits: num(q, 'bits') as number, groupSize };
      return { method: 'other', bits: 16, groupSize };
  }
}

function need(value: number | undefined, what: string, keys: string): number {
  if (value === undefined || value <= 0) throw new Error(`config.json has no ${what} (looked for ${keys})`);
  return value;
}

function parseMoe(modelType: string, t: Json, numLayers: number, denseWidth: number): MoeFacts | null {
  if (modelType === 'mixtral' || (t.num_local_experts !== undefined && modelType !== 'deepseek_v2' && modelType !== 'deepseek_v3')) {
    const experts = num(t, 'num_local_experts') ?? 8;
    return { numExperts: experts, expertsPerToken: num(t, 'num_experts_per_tok') ?? 2, expertIntermediateSize: denseWidth, sharedExperts: 0, sharedIntermediateSize: 0, denseLayers: 0 };
  }
  if (modelType === 'qwen2_moe' || modelType === 'qwen3_moe') {
    const experts = num(t, 'num_experts') ?? 0;
    const step = num(t, 'decoder_sparse_step') ?? 1;
    const mlpOnly = Array.isArray(t.mlp_only_layers) ? (t.mlp_only_layers as unknown[]).filter((x) => typeof x === 'number') : [];
    let dense = 0;
    for (let i = 0; i < numLayers; i++) if (mlpOnly.includes(i) || experts === 0 || (i + 1) % step !== 0) dense++;
    const shared = num(t, 'shared_expert_intermediate_size') ?? 0;
    return {
      numExperts: experts,
      expertsPerToken: num(t, 'num_experts_per_tok') ?? 1,
      expertIntermediateSize: need(num(t, 'moe_intermediate_size'), 'MoE expert width', 'moe_intermediate_size'),
      sharedExperts: shared > 0 ? 1 : 0,
      sharedIntermediateSize: shared,
      denseLayers: dense,
    };
  }
  if (modelType === 'deepseek_v2' || modelType === 'deepseek_v3' || t.n_routed_experts !== undefined) {
    const experts = num(t, 'n_routed_experts') ?? 0;
    if (experts === 0) return null;
    const moeWidth = need(num(t, 'moe_intermediate_size'), 'MoE expert width', 'moe_intermediate_size');
    const shared = num(t, 'n_shared_experts') ?? 0;
    const freq = num(t, 'moe_layer_freq') ?? 1;
    const firstDense = num(t, 'first_k_dense_replace') ?? 0;
    let dense = 0;
    for (let i = 0; i < numLayers; i++) if (!(i >= firstDense && i % freq === 0)) dense++;
    return { numExperts: experts, expertsPerToken: num(t, 'num_experts_per_tok') ?? 1, expertIntermediateSize: moeWidth, sharedExperts: shared, sharedIntermediateSize: shared * moeWidth, denseLayers: dense };
  }
  return null;
}

function parseMla(t: Json): MlaFacts | null {
  const kvLoraRank = num(t, 'kv_lora_rank');
  if (kvLoraRank === undefined) return null;
  const q = t.q_lora_rank;
  return {
    qLoraRank: typeof q === 'number' ? q : null,
    kvLoraRank,
    qkNopeHeadDim: num(t, 'qk_nope_head_dim') ?? 128,
    qkRopeHeadDim: num(t, 'qk_rope_head_dim') ?? 64,
    vHeadDim: num(t, 'v_head_dim') ?? 128,
  };
}

function parseVision(modelType: string, json: Json, textHidden: number): VisionFacts | null {
  const raw = json.vision_config;
  let v: VisionFacts | null = null;
  if (modelType === 'qwen2_vl' || modelType === 'qwen2_5_vl') {
    if (!isObject(raw)) throw new Error('config.json of a Qwen2-VL model has no vision_config');
    const is25 = modelType === 'qwen2_5_vl';
    const e = need(num(raw, 'embed_dim', ...(is25 ? ['hidden_size'] : [])), 'vision width', 'vision_config.embed_dim/hidden_size');
    v = {
      kind: is25 ? 'qwen2_5_vl' : 'qwen2_vl',
      hiddenSize: e,
      numLayers: need(num(raw, 'depth', 'num_hidden_layers'), 'vision depth', 'vision_config.depth'),
      intermediateSize: is25 ? (num(raw, 'intermediate_size') ?? 3420) : e * (num(raw, 'mlp_ratio') ?? 4),
      numHeads: num(raw, 'num_heads', 'num_attention_heads') ?? 16,
      patchSize: num(raw, 'patch_size', 'spatial_patch_size') ?? 14,
      imageSize: null,
      spatialMergeSize: num(raw, 'spatial_merge_size') ?? 2,
      temporalPatchSize: num(raw, 'temporal_patch_size') ?? 2,
      outHiddenSize: num(raw, 'out_hidden_size', ...(is25 ? [] : ['hidden_size'])) ?? textHidden,
      params: 0,
    };
  } else if (modelType === 'internlmxcomposer2') {
    // The tower is hard-coded in the remote code (openai/clip-vit-large-patch14-336), not described in config.json.
    v = { kind: 'internlm_xc2', hiddenSize: 1024, numLayers: 24, intermediateSize: 4096, numHeads: 16, patchSize: 14, imageSize: 336, spatialMergeSize: null, outHiddenSize: textHidden, params: 0 };
  } else if (isObject(raw)) {
    const vType = (str(raw, 'model_type') ?? (modelType === 'gemma3' ? 'siglip_vision_model' : 'clip_vision_model')).toLowerCase();
    const d = { ...(CLASS_DEFAULTS[vType] ?? CLASS_DEFAULTS.clip_vision_model), ...raw };
    v = {
      kind: vType.includes('siglip') ? 'siglip' : 'clip',
      hiddenSize: num(d, 'hidden_size') as number,
      numLayers: num(d, 'num_hidden_layers') as number,
      intermediateSize: num(d, 'intermediate_size') as number,
      numHeads: num(d, 'num_attention_heads') as number,
      patchSize: num(d, 'patch_size') as number,
      imageSize: num(d, 'image_size') ?? null,
      spatialMergeSize: null,
      outHiddenSize: textHidden,
      params: 0,
    };
  }
  if (v) v.params = countVision(v).params;
  return v;
}

/** One normalised record from a config.json object. Throws an Error naming what is missing. */
export function parseModelConfig(json: Record<string, unknown>): ModelArch {
  if (!isObject(json)) throw new Error('config.json is not a JSON object');
  const topType = (str(json, 'model_type') ?? '').toLowerCase();
  // Multimodal configs keep the language model in text_config (LLaVA, Gemma 3, newer Qwen2-VL); older Qwen2-VL
  // configs and InternLM-XComposer2 keep it at the top level.
  const nested = isObject(json.text_config) ? json.text_config : isObject(json.llm_config) ? json.llm_config : null;
  const textType = ((nested && str(nested, 'model_type')) ?? topType).toLowerCase();
  const base = { ...(CLASS_DEFAULTS[textType] ?? {}), ...(CLASS_DEFAULTS[topType] ?? {}) };
  const t: Json = nested ? { ...base, ...json, ...nested } : { ...base, ...json };
  if (nested) {
    // Keys that must come from the text model, not from the wrapper.
    for (const k of ['vision_config', 'text_config']) delete t[k];
  }
  const modelType = topType || textType || 'unknown';
  const family = familyOf(modelType, t);

  const isT5 = family === 't5';
  const hidden = need(num(t, 'hidden_size', 'n_embd', 'n_embed', 'd_model', 'dim', 'model_dim'), 'hidden size', 'hidden_size/n_embd/d_model');
  const encoderLayers = need(num(t, 'num_hidden_layers', 'num_layers', 'n_layer', 'n_layers'), 'layer count', 'num_hidden_layers/num_layers/n_layer');
  const decoderLayers = isT5 ? (num(t, 'num_decoder_layers') ?? encoderLayers) : 0;
  const numLayers = encoderLayers + decoderLayers;
  const heads = need(num(t, 'num_attention_heads', 'n_head', 'num_heads', 'n_heads'), 'attention head count', 'num_attention_heads/n_head/num_heads');

  let kvHeads = num(t, 'num_key_value_heads', 'num_kv_heads', 'n_head_kv');
  if (family === 'chatglm') kvHeads = t.multi_query_attention === true ? (num(t, 'multi_query_group_num') ?? heads) : heads;
  if (family === 'falcon') {
    const newArch = t.new_decoder_architecture === true;
    if (!newArch) kvHeads = t.multi_query === true ? 1 : heads;
    else kvHeads = kvHeads ?? heads;
  }
  kvHeads = kvHeads ?? heads;

  const explicitHeadDim = num(t, 'head_dim', 'kv_channels', 'd_kv');
  const headDim = explicitHeadDim ?? Math.floor(hidden / heads);

  let intermediate = num(t, 'intermediate_size', 'ffn_hidden_size', 'd_ff', 'n_inner', 'ffn_dim');
  // Qwen-1 writes twice the per-projection width (w1 and w2 are each intermediate_size / 2 wide).
  if (family === 'qwen1' && intermediate !== undefined) intermediate = intermediate / 2;
  if (intermediate === undefined && (family === 'falcon' || family === 'bloom' || family === 'gpt2' || family === 'gpt_neox' || family === 'phi')) intermediate = 4 * hidden;
  intermediate = need(intermediate, 'MLP width', 'intermediate_size/ffn_hidden_size/d_ff/n_inner');

  const vocab = need(family === 'chatglm' ? num(t, 'padded_vocab_size', 'vocab_size') : num(t, 'vocab_size', 'padded_vocab_size', 'n_vocab'), 'vocabulary size', 'vocab_size/padded_vocab_size');

  const tieKey = bool(t, 'tie_word_embeddings');
  const tie = tieKey ?? TIED_BY_DEFAULT.has(modelType);

  const mlpGated = isT5
    ? (str(t, 'feed_forward_proj') ?? 'relu').startsWith('gated')
    : !(family === 'falcon' || family === 'bloom' || family === 'gpt2' || family === 'gpt_neox' || family === 'phi');

  const maxPos = num(t, 'max_position_embeddings', 'seq_length', 'n_positions', 'max_sequence_length', 'model_max_length', 'n_ctx') ?? null;

  const layout = buildLayout(family, [modelType, textType], t);
  const moe = parseMoe(modelType, t, encoderLayers, intermediate);
  const mla = family === 'deepseek' ? parseMla(t) : null;
  const vision = parseVision(modelType, json, hidden);
  const quantization = parseQuantization(json.quantization_config ?? t.quantization_config);

  return {
    modelType,
    hiddenSize: hidden,
    numLayers,
    numAttentionHeads: heads,
    numKeyValueHeads: kvHeads,
    headDim,
    intermediateSize: intermediate,
    vocabSize: vocab,
    tieWordEmbeddings: tie,
    maxPositionEmbeddings: maxPos,
    torchDtype: parseDtype(t),
    mlpGated,
    moe,
    mla,
    encoderDecoder: isT5 ? { encoderLayers, decoderLayers } : null,
    vision,
    quantization,
    layout,
  };
}

function buildLayout(family: ArchFamily, types: string[], t: Json): ArchLayout {
  const is = (...names: string[]): boolean => types.some((x) => names.includes(x));
  const modelType = types[0];
  const layout: ArchLayout = { ...DEFAULT_LAYOUT, family };
  const attentionBias = bool(t, 'attention_bias');
  const mlpBias = bool(t, 'mlp_bias');
  switch (family) {
    case 'llama':
    case 'mixtral':
    case 'qwen_moe':
    case 'deepseek':
      if (is('qwen2', 'qwen2_vl', 'qwen2_5_vl', 'qwen2_vl_text', 'qwen2_5_vl_text', 'qwen2_moe')) layout.qkvBias = true;
      if (is('internlm')) {
        layout.qkvBias = t.bias !== false;
        layout.oBias = t.bias !== false;
      }
      if (is('stablelm', 'stablelm_epoch')) {
        layout.norm = 'layer';
        layout.qkvBias = t.use_qkv_bias === true;
      }
      if (attentionBias === true) {
        layout.qkvBias = true;
        layout.oBias = true;
      }
      if (mlpBias === true) layout.mlpBias = true;
      if (is('qwen3', 'qwen3_moe', 'gemma3', 'gemma3_text', 'olmo2')) layout.qkNorm = true;
      if (is('gemma2', 'gemma3', 'gemma3_text')) layout.normsPerLayer = 4;
      break;
    case 'phi3':
      break;
    case 'baichuan':
      break;
    case 'glm':
      layout.qkvBias = attentionBias ?? true;
      if (modelType === 'glm4') layout.normsPerLayer = 4; // + post_self_attn_layernorm, post_mlp_layernorm
      break;
    case 'chatglm':
      layout.qkvBias = t.add_qkv_bias === true || t.add_bias_linear === true;
      layout.oBias = t.add_bias_linear === true;
      layout.mlpBias = t.add_bias_linear === true;
      if (t.rmsnorm === false) layout.norm = 'layer';
      layout.headName = 'output_layer';
      break;
    case 'qwen1':
      layout.qkvBias = true; // c_attn has a bias, c_proj does not
      break;
    case 'internlm2':
      layout.qkvBias = t.bias === true;
      layout.oBias = t.bias === true;
      layout.headName = 'output';
      if (modelType === 'internlmxcomposer2') layout.ploraRank = num(t, 'plora_rank', 'lora_r') ?? 256;
      break;
    case 'falcon': {
      layout.norm = 'layer';
      const bias = t.bias === true;
      layout.qkvBias = bias;
      layout.oBias = bias;
      layout.mlpBias = bias;
      const newArch = t.new_decoder_architecture === true;
      const parallel = t.parallel_attn !== false;
      layout.normsPerLayer = newArch ? (num(t, 'num_ln_in_parallel_attn') ?? 2) : parallel ? 1 : 2;
      break;
    }
    case 'bloom':
      layout.norm = 'layer';
      layout.qkvBias = layout.oBias = layout.mlpBias = true;
      layout.embeddingNorm = true;
      break;
    case 'gpt_neox':
      layout.norm = 'layer';
      layout.qkvBias = layout.oBias = layout.mlpBias = true;
      layout.headName = 'embed_out';
      break;
    case 'phi':
      layout.norm = 'layer';
      layout.normsPerLayer = 1; // parallel attention + MLP share input_layernorm
      layout.qkvBias = layout.oBias = layout.mlpBias = true;
      layout.qkNorm = t.qk_layernorm === true;
      layout.headBias = true;
      break;
    case 'gpt2':
      layout.norm = 'layer';
      layout.qkvBias = layout.oBias = layout.mlpBias = true;
      layout.learnedPositions = num(t, 'n_positions', 'max_position_embeddings') ?? 1024;
      break;
    case 't5':
      layout.relativeAttentionBuckets = num(t, 'relative_attention_num_buckets') ?? 32;
      break;
  }
  return layout;
}
