// DeepSpeed and FSDP settings as they take effect: DeepSpeed "auto" values resolved the way the Hugging Face
// integration fills them (transformers integrations/deepspeed.py: reduce_bucket_size = hidden², prefetch =
// 0.9·hidden², persistence threshold = 10·hidden, bf16/fp16 from the training flags), DeepSpeed's own defaults
// for absent keys.
import { boolOf, isPlain, numberOf, stringOf, type Plain } from './configValues';
import type { DeepSpeedSetup, FsdpSetup, Precision } from './setup';
import { t } from '../l10n';

function auto(v: unknown): boolean {
  return typeof v === 'string' && v.trim().toLowerCase() === 'auto';
}

function sizeOf(v: unknown, autoValue: number, fallback: number): number {
  if (auto(v)) return autoValue;
  return numberOf(v) ?? fallback;
}

function offloadDevice(v: unknown): boolean {
  if (!isPlain(v)) return false;
  const d = stringOf(v.device)?.toLowerCase();
  return d === 'cpu' || d === 'nvme';
}

export function deepspeedSetup(ds: Plain, hidden: number, compute: Precision, pureBf16: boolean, unsupported: string[]): DeepSpeedSetup {
  const zero = isPlain(ds.zero_optimization) ? ds.zero_optimization : {};
  const rawStage = numberOf(zero.stage) ?? 0;
  const stage = (rawStage >= 3 ? 3 : rawStage >= 2 ? 2 : rawStage >= 1 ? 1 : 0) as DeepSpeedSetup['stage'];
  const enabled = (section: unknown, flag: boolean): boolean => {
    if (!isPlain(section)) return false;
    if (auto(section.enabled)) return flag;
    return boolOf(section.enabled) ?? false;
  };
  // The legacy "bfloat16" section is read only when "bf16" is absent, and HF never fills its "auto".
  const bf16 = ds.bf16 !== undefined ? enabled(ds.bf16, compute === 'bf16' || pureBf16) : isPlain(ds.bfloat16) && boolOf(ds.bfloat16.enabled) === true;
  const fp16 = enabled(ds.fp16, compute === 'fp16');
  if (stringOf(isPlain(zero.offload_optimizer) ? zero.offload_optimizer.device : undefined) === 'nvme') unsupported.push(t('DeepSpeed NVMe offload (counted as CPU offload)'));
  if (isPlain(ds.zero_optimization) && (zero.zero_quantized_weights === true || zero.zero_hpz_partition_size !== undefined)) unsupported.push(t('ZeRO++ (quantized weights, hpZ)'));
  return {
    stage,
    offloadOptimizer: offloadDevice(zero.offload_optimizer) || (stage >= 1 && boolOf(zero.cpu_offload) === true),
    offloadParam: stage === 3 && (offloadDevice(zero.offload_param) || boolOf(zero.cpu_offload_params) === true),
    reduceBucketElems: sizeOf(zero.reduce_bucket_size, hidden * hidden, 5e8),
    allgatherBucketElems: sizeOf(zero.allgather_bucket_size, 5e8, 5e8),
    overlapComm: boolOf(zero.overlap_comm) ?? stage === 3,
    prefetchBucketElems: sizeOf(zero.stage3_prefetch_bucket_size ?? zero.prefetch_bucket_size, 0.9 * hidden * hidden, 5e7),
    maxLiveParams: sizeOf(zero.stage3_max_live_parameters ?? zero.max_live_parameters, 1e9, 1e9),
    maxReuseDistance: sizeOf(zero.stage3_max_reuse_distance ?? zero.max_reuse_distance, 1e9, 1e9),
    persistenceThreshold: sizeOf(zero.stage3_param_persistence_threshold ?? zero.param_persistence_threshold, 10 * hidden, 1e5),
    halfPrecision: bf16 || fp16,
  };
}

/** FSDP (or DeepSpeed through accelerate's own plugin) from an accelerate config. */
export function accelerateSetup(acc: Plain): { fsdp: FsdpSetup | null; deepspeed: Plain | null } {
  const type = (stringOf(acc.distributed_type) ?? '').toUpperCase();
  if (type === 'FSDP') {
    const f = isPlain(acc.fsdp_config) ? acc.fsdp_config : {};
    const raw = (stringOf(f.fsdp_sharding_strategy) ?? stringOf(f.fsdp_reshard_after_forward) ?? 'FULL_SHARD').toUpperCase();
    const version = numberOf(f.fsdp_version) === 2 ? 2 : 1;
    let strategy: FsdpSetup['strategy'] = 'full_shard';
    if (raw === '2' || raw.includes('SHARD_GRAD_OP') || raw === 'FALSE') strategy = 'shard_grad_op';
    else if (raw === '3' || raw.includes('NO_SHARD')) strategy = 'no_shard';
    else if (raw === '4' || raw === '5' || raw.includes('HYBRID')) strategy = 'hybrid_shard';
    return { fsdp: { strategy, offload: boolOf(f.fsdp_offload_params) === true, version }, deepspeed: null };
  }
  if (type === 'DEEPSPEED' && isPlain(acc.deepspeed_config)) {
    const d = acc.deepspeed_config;
    // accelerate's plugin fields, rewritten as a DeepSpeed JSON.
    const device = (k: string): Plain => ({ device: stringOf(d[k]) ?? 'none' });
    return {
      fsdp: null,
      deepspeed: {
        zero_optimization: { stage: numberOf(d.zero_stage) ?? 2, offload_optimizer: device('offload_optimizer_device'), offload_param: device('offload_param_device') },
        bf16: { enabled: 'auto' },
        fp16: { enabled: 'auto' },
      },
    };
  }
  return { fsdp: null, deepspeed: null };
}
