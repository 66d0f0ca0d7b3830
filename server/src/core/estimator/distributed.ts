// Buffers of the distributed runtime: DeepSpeed reduce buckets and ZeRO-3 gathered layers, FSDP unsharded units,
// DDP gradient buckets.
import { component, gibText } from './component';
import type { ParamGroups } from './parameters';
import type { TrainingSetup } from './setup';
import type { Sharding } from './sharding';
import type { MemoryComponent } from './types';

export function distributedComponents(s: TrainingSetup, g: ParamGroups, sh: Sharding): MemoryComponent[] {
  const out: MemoryComponent[] = [];
  const ds = s.deepspeed;
  const layerParams = g.params.perLayerAttention + g.params.perLayerMlp + g.params.perLayerNorm;
  if (ds) {
    const half = ds.halfPrecision ? 2 : 4;
    if (g.trainable > 0 && ds.stage >= 1) {
      // Reduce (IPG) buffers: stage_1_and_2.py allocates them at the full reduce_bucket_size at every backward
      // (two with overlap_comm), however few parameters train.
      const bucket = ds.reduceBucketElems * half * (ds.overlapComm ? 2 : 1);
      out.push(component('buffers', bucket, `DeepSpeed reduce bucket${ds.overlapComm ? 's (×2, overlap_comm)' : ''}: ${(ds.reduceBucketElems / 1e6).toFixed(0)}M elements`, ['deepspeed']));
    }
    if (ds.stage === 3) {
      // Gathered parameters: the current module (a layer, the embedding or the LM head) and the prefetched one. At the
      // turn from forward to backward the coordinator also keeps what the backward reuses soon: parameters used
      // again within stage3_max_reuse_distance stay gathered, up to stage3_max_live_parameters (both 1e9 by default).
      const prefetch = Math.min(ds.prefetchBucketElems, layerParams);
      const kept = Math.min(ds.maxLiveParams, ds.maxReuseDistance, g.params.total);
      const big = Math.max(layerParams, g.params.embedding, g.params.lmHead, kept);
      const gathered = (big + prefetch) * 2;
      out.push(component('zero3_gathered_params', gathered, `ZeRO-3 gathered parameters: ${big === kept ? `kept for reuse (${(big / 1e6).toFixed(0)}M, stage3_max_live_parameters / max_reuse_distance)` : `largest module (${(big / 1e6).toFixed(0)}M)`} + prefetch (${(prefetch / 1e6).toFixed(0)}M), ${gibText(gathered)}`, ['deepspeed']));
    }
    return out;
  }
  if (s.fsdp) {
    if (s.fsdp.strategy !== 'no_shard') {
      // About two unsharded units (one decoder layer each) live at a time, with their gradients in backward.
      const unit = layerParams * s.loadBytes * 2 + (g.trainable > 0 ? layerParams * sh.trainableBytes * Math.min(1, g.trainable / Math.max(1, g.params.total)) : 0);
      out.push(component('buffers', unit, 'FSDP: two unsharded decoder layers (all-gathered) and their gradients', ['fsdp', 'accelerate']));
    }
    return out;
  }
  if (s.gpus > 1 && g.trainable > 0) {
    // DDP's gradient buckets are a second copy of all gradients (gradient_as_bucket_view is off by default).
    const buckets = g.trainable * sh.trainableBytes;
    out.push(component('buffers', buckets, `DDP gradient buckets (a copy of the ${sh.trainableBytes}-byte gradients)`, ['ddp_bucket_cap_mb']));
  }
  return out;
}
