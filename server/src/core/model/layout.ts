import type { ArchLayout } from './types';

/** A Llama-style block (RMSNorm, no biases, lm_head): what a family's layout starts from, and what a record without one means. */
export const DEFAULT_LAYOUT: ArchLayout = {
  family: 'llama',
  norm: 'rms',
  normsPerLayer: 2,
  qkvBias: false,
  oBias: false,
  mlpBias: false,
  qkNorm: false,
  embeddingNorm: false,
  learnedPositions: 0,
  relativeAttentionBuckets: 0,
  headName: 'lm_head',
  headBias: false,
  ploraRank: 0,
};
