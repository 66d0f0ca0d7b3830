// The normalised training run every term is computed from. LLaMA-Factory configs and GLM demo configs are both
// turned into one of these (llamafactorySetup.ts, glmSetup.ts), with every default filled in.

export type Stage = 'pt' | 'sft' | 'rm' | 'ppo' | 'dpo' | 'kto';
export type Precision = 'bf16' | 'fp16' | 'fp32';
export type AttentionImpl = 'eager' | 'sdpa' | 'fa2';

export interface LoraSetup {
  rank: number;
  target: string[] | 'all';
  dropout: number;
  dora: boolean;
  additionalTarget: string[];
}

export interface FreezeSetup {
  /** Number of trainable decoder layers (from freeze_trainable_layers, sign dropped). */
  layers: number;
  /** Whether the trainable layers are the last ones (positive freeze_trainable_layers) or the first. */
  last: boolean;
  /** freeze_trainable_modules: 'all' or module names (mlp, self_attn …). */
  modules: string[] | 'all';
  /** freeze_extra_modules (embed_tokens, norm …). */
  extra: string[];
}

export interface PrefixSetup {
  /** num_virtual_tokens / pre_seq_len. */
  tokens: number;
  /** prefix_projection (a 2-layer MLP producing the prefix). */
  projectionHidden: number | null;
}

export interface QuantSetup {
  method: 'bnb' | 'hqq' | 'eetq' | 'gptq' | 'awq' | 'aqlm' | 'other';
  bits: number;
  doubleQuant: boolean;
  groupSize: number;
  /** Where it came from: the config's quantization_bit or the checkpoint's quantization_config. */
  from: 'config' | 'checkpoint';
}

export type OptimKind = 'adamw' | 'adamw_8bit' | 'paged_adamw_8bit' | 'paged_adamw_32bit' | 'adafactor' | 'sgd' | 'lion' | 'lion_8bit' | 'adam_mini' | 'muon' | 'other';

export interface DeepSpeedSetup {
  stage: 0 | 1 | 2 | 3;
  offloadOptimizer: boolean;
  offloadParam: boolean;
  reduceBucketElems: number;
  allgatherBucketElems: number;
  overlapComm: boolean;
  prefetchBucketElems: number;
  maxLiveParams: number;
  /** Parameters used again within this many fetched elements stay gathered (stage3_max_reuse_distance). */
  maxReuseDistance: number;
  persistenceThreshold: number;
  /** The engine's 16-bit mode (bf16/fp16 enabled, after "auto" is resolved). */
  halfPrecision: boolean;
}

export interface FsdpSetup {
  strategy: 'full_shard' | 'shard_grad_op' | 'no_shard' | 'hybrid_shard';
  offload: boolean;
  version: 1 | 2;
}

export interface TrainingSetup {
  kind: 'llamafactory' | 'glm-finetune';
  stage: Stage;
  /** pref_loss for dpo (sigmoid, orpo, simpo …). */
  prefLoss: string;
  finetuning: 'full' | 'freeze' | 'lora' | 'oft' | 'prefix';
  batch: number;
  seq: number;
  packing: boolean;
  compute: Precision;
  pureBf16: boolean;
  /** The trainer's bf16/fp16 flag (HF Trainer AMP: forward under autocast). Independent of pure_bf16: newer
   * LLaMA-Factory accepts pure_bf16 with bf16, which keeps trainable weights 16-bit and still autocasts. */
  amp: boolean;
  /** Bytes per element of the weights as loaded (the checkpoint's dtype; LLaMA-Factory loads torch_dtype auto). */
  loadBytes: number;
  gradCkpt: boolean;
  /** Unsloth's offloaded checkpointing keeps layer inputs in CPU memory. */
  offloadedCkpt: boolean;
  attention: AttentionImpl;
  liger: boolean;
  unsloth: boolean;
  lora: LoraSetup | null;
  oftRank: number;
  freeze: FreezeSetup | null;
  prefix: PrefixSetup | null;
  quant: QuantSetup | null;
  optim: OptimKind;
  /** torch's foreach AdamW (the HF default adamw_torch) allocates a temporary the size of one state at the step. */
  foreachStep: boolean;
  galoreRank: number | null;
  apolloRank: number | null;
  badam: boolean;
  /** Reference model for dpo/kto/ppo: none, the LoRA base with the adapter off, or another full copy. */
  reference: 'none' | 'adapter-disabled' | 'copy';
  /** PPO: reward model and value head. */
  ppoReward: 'none' | 'adapter' | 'copy';
  freezeVisionTower: boolean;
  freezeProjector: boolean;
  freezeLanguageModel: boolean;
  /** Image/video tokens added to every sample's sequence (0 for text models). */
  mediaTokens: number;
  deepspeed: DeepSpeedSetup | null;
  fsdp: FsdpSetup | null;
  gpus: number;
  assumptions: string[];
  unsupported: string[];
}
