// Fixed and proportional costs outside the tensors: the CUDA context and the caching allocator's slack.
import constants from '../../../data/estimator/constants.json';
import { component, gibText } from './component';
import type { TrainingSetup } from './setup';
import type { MemoryComponent } from './types';

export function overheadComponents(s: TrainingSetup, transientBytes: number, persistentBytes: number): MemoryComponent[] {
  // Variable sequence lengths (no packing) make the allocator cache blocks the next batch cannot reuse.
  const variable = !s.packing;
  const fraction = variable ? constants.allocatorTransientFractionVariableLength : constants.allocatorTransientFraction;
  const slack = fraction * transientBytes + constants.allocatorPersistentFraction * persistentBytes;
  return [
    component('allocator_overhead', slack, `caching-allocator slack: ${Math.round(fraction * 100)}% of the ${gibText(transientBytes)} of short-lived tensors${variable ? ' (sequence lengths vary without packing)' : ''} + ${Math.round(constants.allocatorPersistentFraction * 100)}% of the long-lived ones`, ['packing', 'per_device_train_batch_size', 'cutoff_len']),
    component('cuda_context_overhead', constants.cudaContextBytes, 'CUDA context and cuBLAS/cuDNN workspaces (not counted by torch)', []),
  ];
}
