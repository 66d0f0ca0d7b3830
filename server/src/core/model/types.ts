// What vramlint knows about a model: one normalised architecture record from any config.json dialect,
// an exact parameter breakdown, and where the facts came from.

export type ModelSource = 'local' | 'cache' | 'catalog' | 'hub' | 'name';

export type TorchDtype = 'float32' | 'bfloat16' | 'float16' | 'float8' | 'unknown';

/** A linear layer kind as PEFT matches it (the last dotted name component). */
export interface LinearModule {
  /** q_proj, k_proj, query_key_value, c_attn, w1, gate_proj, experts.gate_proj → "gate_proj" … */
  name: string;
  inFeatures: number;
  outFeatures: number;
  /** Number of such modules in the whole model (layers × experts). */
  count: number;
  bias: boolean;
  part: 'attention' | 'mlp' | 'expert' | 'shared_expert' | 'router' | 'vision' | 'projector' | 'head' | 'other';
}

export interface MoeFacts {
  numExperts: number;
  expertsPerToken: number;
  expertIntermediateSize: number;
  sharedExperts: number;
  sharedIntermediateSize: number;
  /** Leading layers that keep a dense MLP (DeepSeek first_k_dense_replace). */
  denseLayers: number;
}

/** DeepSeek multi-head latent attention. */
export interface MlaFacts {
  qLoraRank: number | null;
  kvLoraRank: number;
  qkNopeHeadDim: number;
  qkRopeHeadDim: number;
  vHeadDim: number;
}

export interface VisionFacts {
  hiddenSize: number;
  numLayers: number;
  intermediateSize: number;
  numHeads: number;
  patchSize: number;
  imageSize: number | null;
  /** Qwen2-VL: patches merged per output token along each side (2 → 4 patches a token). */
  spatialMergeSize: number | null;
  /** Vision tower + projector parameters. */
  params: number;
}

export interface QuantizationFacts {
  method: 'gptq' | 'awq' | 'aqlm' | 'bnb' | 'fp8' | 'mxfp4' | 'hqq' | 'eetq' | 'other';
  bits: number;
  groupSize: number | null;
}

export interface ModelArch {
  modelType: string;
  hiddenSize: number;
  numLayers: number;
  numAttentionHeads: number;
  numKeyValueHeads: number;
  headDim: number;
  /** Per-projection MLP width (Qwen-1's config value is halved here). */
  intermediateSize: number;
  vocabSize: number;
  tieWordEmbeddings: boolean;
  maxPositionEmbeddings: number | null;
  torchDtype: TorchDtype;
  /** SwiGLU/GeGLU-style MLP with a gate (3 matrices) rather than up/down (2). */
  mlpGated: boolean;
  moe: MoeFacts | null;
  mla: MlaFacts | null;
  /** T5-style models: encoder and decoder layer counts (numLayers is their sum). */
  encoderDecoder: { encoderLayers: number; decoderLayers: number } | null;
  vision: VisionFacts | null;
  quantization: QuantizationFacts | null;
}

export interface ParamBreakdown {
  total: number;
  embedding: number;
  /** 0 when tied to the embedding. */
  lmHead: number;
  perLayerAttention: number;
  /** Dense MLP, or all experts + shared experts + router of a MoE layer (averaged when layers differ). */
  perLayerMlp: number;
  perLayerNorm: number;
  /** Sum over all transformer layers (attention + MLP + norms). */
  layers: number;
  finalNorm: number;
  /** Vision tower + projector. */
  vision: number;
  linear: LinearModule[];
}

export interface ResolvedModel {
  /** The reference as written in the config. */
  id: string;
  source: ModelSource;
  /** Path, URL or catalog source the facts came from. */
  sourceDetail: string;
  /** True when only the size in the name is known. */
  approximate: boolean;
  arch: ModelArch | null;
  params: ParamBreakdown;
  notes: string[];
}
