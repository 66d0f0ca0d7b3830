// Gradients, optimizer states and the optimizer step's temporaries for the trainable parameters.
import { component, gibText } from './component';
import type { ParamGroups } from './parameters';
import type { TrainingSetup } from './setup';
import type { Sharding } from './sharding';
import type { MemoryComponent } from './types';

const OPTIM_KEYS = ['optim', 'use_galore', 'galore_rank', 'use_apollo', 'apollo_rank', 'use_badam', 'use_adam_mini', 'use_muon'];

/** Optimizer-state bytes per trainable parameter outside DeepSpeed, and what they are. */
export function stateBytesPerParam(s: TrainingSetup, stateBytes: number, hidden: number): { bytes: number; note: string; gpuVisible: boolean } {
  const lowRank = (r: number): number => Math.min(1, (3 * r) / Math.max(1, hidden)); // projected m, v + projector
  if (s.galoreRank !== null) return { bytes: 4 * 2 * lowRank(s.galoreRank), note: `GaLore rank ${s.galoreRank}: fp32 Adam states on the projected gradients`, gpuVisible: true };
  if (s.apolloRank !== null) return { bytes: 4 * 2 * lowRank(s.apolloRank), note: `APOLLO rank ${s.apolloRank}: fp32 states on the projected gradients`, gpuVisible: true };
  switch (s.optim) {
    case 'adamw':
      return { bytes: 2 * stateBytes, note: `AdamW: two states of ${stateBytes} B`, gpuVisible: true };
    case 'adamw_8bit':
      return { bytes: 2 + 4 / 256, note: 'bitsandbytes 8-bit AdamW: two 1-byte states + block scales', gpuVisible: true };
    case 'paged_adamw_8bit':
      return { bytes: 2 + 4 / 256, note: 'paged 8-bit AdamW: states in CUDA unified memory, evicted to CPU under pressure (not counted on the GPU)', gpuVisible: false };
    case 'paged_adamw_32bit':
      return { bytes: 8, note: 'paged 32-bit AdamW: states in CUDA unified memory, evicted to CPU under pressure (not counted on the GPU)', gpuVisible: false };
    case 'adafactor':
      return { bytes: (4 * 2) / Math.max(1, Math.sqrt(hidden)), note: 'Adafactor: factored second moment (row + column vectors)', gpuVisible: true };
    case 'sgd':
      return { bytes: 0, note: 'SGD without momentum: no state', gpuVisible: true };
    case 'lion':
      return { bytes: stateBytes, note: 'Lion: one momentum state', gpuVisible: true };
    case 'lion_8bit':
      return { bytes: 1, note: '8-bit Lion: one 1-byte state', gpuVisible: true };
    case 'adam_mini':
      return { bytes: stateBytes + 0.01, note: 'Adam-mini: first moment per parameter, one second moment per block', gpuVisible: true };
    case 'muon':
      return { bytes: stateBytes * 1.1, note: 'Muon: momentum for matrices (AdamW for the rest)', gpuVisible: true };
    default:
      return { bytes: 2 * stateBytes, note: 'optimizer not modelled: counted as AdamW', gpuVisible: true };
  }
}

export interface OptimizerTerms {
  components: MemoryComponent[];
  /** Temporary of the optimizer step (foreach AdamW), competes with the activations for the peak. */
  stepTemp: number;
  cpuBytes: number;
}

export function optimizerComponents(s: TrainingSetup, g: ParamGroups, sh: Sharding): OptimizerTerms {
  const out: MemoryComponent[] = [];
  const n = s.gpus;
  // BAdam trains one block at a time: gradients and states exist for that block only.
  const active = s.badam ? g.trainable / Math.max(1, g.arch.numLayers) : g.trainable;
  const ds = s.deepspeed;
  let cpuBytes = 0;
  let stepTemp = 0;
  if (ds) {
    const offload = ds.offloadOptimizer;
    const half = ds.halfPrecision ? 2 : 4;
    // 16-bit gradients: full on every rank for ZeRO-0/1, partitioned from ZeRO-2 on.
    const grad16 = (active * half) / sh.grads;
    // fp32 gradient partition the optimizer steps on (ZeRO-1/2 single_partition_of_fp32_groups; ZeRO-3 fp32 partition).
    const grad32 = ds.halfPrecision ? (active * 4) / n : 0;
    const states = ds.halfPrecision ? 4 + 8 : 8; // fp32 master + Adam m, v
    const optimBytes = s.optim === 'sgd' ? (ds.halfPrecision ? 4 : 0) : states;
    out.push(component('gradients', grad16 + (offload ? 0 : grad32), `${half}-byte gradients${sh.grads > 1 ? ` partitioned over ${n} GPUs (ZeRO-${ds.stage})` : ` (ZeRO-${ds.stage} keeps them whole)`}${grad32 && !offload ? ` + fp32 gradient partition ${gibText(grad32)}` : ''}`, ['deepspeed', 'finetuning_type']));
    const opt = (active * optimBytes) / n;
    if (offload) {
      cpuBytes += active * (optimBytes + 4);
      out.push(component('optimizer', 0, `fp32 master weights and Adam states offloaded to CPU (${gibText(active * (optimBytes + 4))} of host memory over all ranks)`, ['deepspeed', ...OPTIM_KEYS]));
    } else {
      out.push(component('optimizer', opt, `DeepSpeed keeps fp32 master weights + fp32 Adam m, v (${optimBytes} B/param), partitioned over ${n} GPU${n > 1 ? 's' : ''}`, ['deepspeed', ...OPTIM_KEYS]));
    }
    return { components: out, stepTemp: 0, cpuBytes };
  }
  const gradBytes = (active * sh.trainableBytes) / sh.grads;
  out.push(component('gradients', gradBytes, `${sh.trainableBytes}-byte gradients of the trainable parameters${sh.grads > 1 ? `, sharded over ${n} GPUs (FSDP)` : ''}`, ['finetuning_type', 'lora_rank', 'lora_target', 'bf16', 'pure_bf16']));
  const st = stateBytesPerParam(s, sh.stateBytes, g.arch.hiddenSize);
  const states = (active * st.bytes) / sh.optimizer;
  if (s.fsdp?.offload) {
    cpuBytes += active * st.bytes;
    out.push(component('optimizer', 0, `${st.note}; offloaded to CPU with the FSDP parameters`, OPTIM_KEYS));
  } else {
    out.push(component('optimizer', st.gpuVisible ? states : 0, `${st.note}${sh.optimizer > 1 ? `, sharded over ${n} GPUs` : ''}`, OPTIM_KEYS));
    if (s.foreachStep && st.gpuVisible) stepTemp = (active * sh.stateBytes) / sh.optimizer;
  }
  return { components: out, stepTemp, cpuBytes };
}
