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
  /** Which tower/projector layout the counts follow (absent on records built elsewhere: treated as 'clip'). */
  kind?: VisionKind;
  /** Width the projector maps to (the language model's hidden size). */
  outHiddenSize?: number;
  /** Qwen2-VL/2.5-VL: frames per temporal patch of the Conv3d patch embedding. */
  temporalPatchSize?: number;
}

/** qwen2_vl: LayerNorm blocks + fc1/fc2; qwen2_5_vl: RMSNorm + gated MLP; clip + llava 2-layer projector;
 * siglip + Gemma 3 projection; internlm_xc2: CLIP-L/336 + 2-layer vision_proj. */
export type VisionKind = 'qwen2_vl' | 'qwen2_5_vl' | 'clip' | 'siglip' | 'internlm_xc2';

/** How a family lays out its blocks: the module names PEFT sees and which tensors exist besides the Linears. */
export type ArchFamily =
  | 'llama'
  | 'phi3'
  | 'baichuan'
  | 'glm'
  | 'chatglm'
  | 'qwen1'
  | 'internlm2'
  | 'falcon'
  | 'bloom'
  | 'gpt_neox'
  | 'phi'
  | 'gpt2'
  | 't5'
  | 'mixtral'
  | 'qwen_moe'
  | 'deepseek';

export interface ArchLayout {
  family: ArchFamily;
  /** RMSNorm (weight only) or LayerNorm (weight + bias). */
  norm: 'rms' | 'layer';
  /** Norm modules in each decoder layer (Gemma 2/3 and GLM-4-0414 have 4, Falcon-7B's parallel block 1). */
  normsPerLayer: number;
  qkvBias: boolean;
  /** Bias on the attention output projection. */
  oBias: boolean;
  mlpBias: boolean;
  /** Per-head q_norm/k_norm (Qwen3, Gemma 3). */
  qkNorm: boolean;
  /** LayerNorm right after the embedding (BLOOM). */
  embeddingNorm: boolean;
  /** Learned absolute position embeddings (GPT-2): number of positions, 0 for none. */
  learnedPositions: number;
  /** T5 relative attention buckets (0 elsewhere). */
  relativeAttentionBuckets: number;
  /** Output head's module name: lm_head, output_layer (ChatGLM), output (InternLM2), embed_out (GPT-NeoX). */
  headName: string;
  headBias: boolean;
  /** InternLM-XComposer2 Partial-LoRA rank inside every LM Linear (0 elsewhere). */
  ploraRank: number;
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
  /** Block layout for exact counting; parseModelConfig always fills it (absent: Llama layout). */
  layout?: ArchLayout;
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
