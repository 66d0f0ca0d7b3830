// How the run splits state across the data-parallel ranks, and the dtypes the trainable state is kept in.
import type { TrainingSetup } from './setup';

export interface Sharding {
  /** Divisor for the 16-bit parameters (ZeRO-3, FSDP full/hybrid shard). */
  params: number;
  /** Divisor for gradients. */
  grads: number;
  /** Divisor for optimizer states and master weights. */
  optimizer: number;
  /** Bytes per trainable parameter as stored for the forward pass. */
  trainableBytes: number;
  /** Bytes per element of an optimizer state outside DeepSpeed (fp32 with the upcast, else the param dtype). */
  stateBytes: number;
  /** Whether LLaMA-Factory's fp32 upcast of trainable parameters applies (adapter.py:init_adapter). */
  upcast: boolean;
  /** autocast is active (HF Trainer AMP): losses are computed in fp32 whatever the model code does. */
  autocast: boolean;
}

export function sharding(s: TrainingSetup): Sharding {
  const n = s.gpus;
  const ds = s.deepspeed;
  const fsdp = s.fsdp;
  const zero3 = ds?.stage === 3;
  // The upcast (rules §3.2): not with pure_bf16, BAdam, ZeRO-3 (unless quantized) or FSDP; GLM demos never do it.
  const upcast = s.kind === 'llamafactory' && !s.pureBf16 && !s.badam && !(zero3 && !s.quant) && !fsdp;
  const fp32 = s.compute === 'fp32';
  let trainableBytes = upcast || fp32 ? 4 : s.loadBytes;
  // The DeepSpeed engine casts the module to its 16-bit dtype and keeps fp32 masters in the optimizer.
  if (ds) trainableBytes = ds.halfPrecision ? 2 : 4;
  const stateBytes = upcast || fp32 ? 4 : trainableBytes;
  const fsdpDiv = fsdp && fsdp.strategy !== 'no_shard' ? n : 1;
  return {
    params: zero3 ? n : fsdp && (fsdp.strategy === 'full_shard' || fsdp.strategy === 'hybrid_shard') ? n : 1,
    grads: ds && ds.stage >= 2 ? n : fsdpDiv,
    optimizer: ds && ds.stage >= 1 ? n : fsdpDiv,
    trainableBytes,
    stateBytes,
    upcast,
    autocast: !ds && s.amp && s.kind === 'llamafactory',
  };
}
