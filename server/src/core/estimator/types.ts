import type { ResolvedModel } from '../model/types';
import type { GpuSpec } from '../hardware/types';

export type ConfigKind = 'llamafactory' | 'deepspeed' | 'peft' | 'glm-finetune' | 'accelerate';

export interface EstimateRequest {
  kind: 'llamafactory' | 'glm-finetune';
  /** The config as plain data (YAML 1.1 semantics already applied). */
  config: Record<string, unknown>;
  /** The DeepSpeed JSON the config references, parsed, when it could be read. */
  deepspeed: Record<string, unknown> | null;
  /** The accelerate config the run is launched with (directive accelerate=PATH), when given. */
  accelerate: Record<string, unknown> | null;
  model: ResolvedModel;
  /** Data-parallel world size. */
  gpus: number;
  gpu: GpuSpec | null;
}

export interface MemoryComponent {
  /** weights | trainable_weights | gradients | optimizer | activations | logits | buffers | reference_model | cuda_context_overhead | allocator_overhead … */
  name: string;
  bytes: number;
  note: string;
  /** Config keys that drive this term (for hovers and quick fixes). */
  keys: string[];
}

export interface Estimate {
  perGpuBytes: number;
  /** Calibrated band the real peak falls in for 8 runs out of 10. */
  rangeBytes: [number, number];
  capacityBytes: number | null;
  gpu: string | null;
  gpus: number;
  components: MemoryComponent[];
  cpuBytes: number;
  assumptions: string[];
  /** Options the estimator does not model (said, never silently ignored). */
  unsupported: string[];
  model: { id: string; params: number; source: string; approximate: boolean };
}
