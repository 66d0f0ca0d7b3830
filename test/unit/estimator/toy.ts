// A 2-layer Llama-shaped toy whose every byte can be counted by hand, and helpers shared by the estimator tests.
import { estimateMemory } from '../../../server/src/core/estimator/estimate';
import type { Estimate } from '../../../server/src/core/estimator/types';
import type { FileHost } from '../../../server/src/core/host';
import { countParams } from '../../../server/src/core/model/countParams';
import { resolveModelSync } from '../../../server/src/core/model/resolve';
import type { ModelArch, ResolvedModel } from '../../../server/src/core/model/types';

/**
 * hidden 8, 2 heads × 4 (no GQA), MLP 16 (gated), vocab 32, untied, bf16.
 * Parameters: embedding 32·8 = 256; per layer q,k,v,o 4·(8·8) = 256, gate,up,down 3·(8·16) = 384, two RMSNorms
 * 2·8 = 16 → 656; two layers 1312; final norm 8; lm_head 256. Total 256 + 1312 + 8 + 256 = 1832.
 */
export const TOY_ARCH: ModelArch = {
  modelType: 'llama',
  hiddenSize: 8,
  numLayers: 2,
  numAttentionHeads: 2,
  numKeyValueHeads: 2,
  headDim: 4,
  intermediateSize: 16,
  vocabSize: 32,
  tieWordEmbeddings: false,
  maxPositionEmbeddings: 64,
  torchDtype: 'bfloat16',
  mlpGated: true,
  moe: null,
  mla: null,
  encoderDecoder: null,
  vision: null,
  quantization: null,
};

export function toyModel(arch: ModelArch = TOY_ARCH): ResolvedModel {
  return { id: 'toy/toy-2l', source: 'local', sourceDetail: 'test', approximate: false, arch, params: countParams(arch), notes: [] };
}

const NOTHING: FileHost = { readText: () => undefined, stat: () => undefined, listDir: () => [] };

export function catalogModel(id: string): ResolvedModel {
  return resolveModelSync(id, { configDir: '/', workspaceDirs: [], host: NOTHING, environment: { env: {}, homeDir: '/nonexistent' }, allowNetwork: false });
}

export function lf(config: Record<string, unknown>, opts: { model?: ResolvedModel; deepspeed?: Record<string, unknown> | null; accelerate?: Record<string, unknown> | null; gpus?: number } = {}): Estimate {
  return estimateMemory({ kind: 'llamafactory', config, deepspeed: opts.deepspeed ?? null, accelerate: opts.accelerate ?? null, model: opts.model ?? toyModel(), gpus: opts.gpus ?? 1, gpu: null });
}

export function bytesOf(est: Estimate, name: string): number {
  return est.components.filter((c) => c.name === name).reduce((s, c) => s + c.bytes, 0);
}

export const GIB = 1024 ** 3;
