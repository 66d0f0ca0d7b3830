// Logits and the cross-entropy loss: batch·seq·vocab, in the dtypes the model code and the loss use.
import constants from '../../../data/estimator/constants.json';
import type { ModelArch } from '../model/types';
import type { TrainingSetup } from './setup';
import type { Sharding } from './sharding';

export interface LogitsTerm {
  bytes: number;
  bytesPerElement: number;
  note: string;
}

/** Remote-code models whose loss does not upcast the logits (Qwen-1 modeling_qwen.py, Baichuan2). */
const NO_UPCAST_FAMILIES = new Set(['qwen1', 'baichuan']);

export function logitsTerm(s: TrainingSetup, a: ModelArch, sh: Sharding, rows: number): LogitsTerm {
  const elements = rows * s.seq * a.vocabSize;
  if (s.stage === 'rm') return { bytes: rows * s.seq * 4 * 2, bytesPerElement: 0, note: 'reward model: a scalar value head, no vocabulary logits' };
  if (s.liger && (s.stage === 'pt' || s.stage === 'sft')) {
    // Fused linear cross-entropy: logits exist one chunk at a time (a few thousand rows).
    const chunk = Math.min(rows * s.seq, 4096) * a.vocabSize * 4;
    return { bytes: chunk, bytesPerElement: 0, note: 'Liger fused linear cross-entropy: logits computed in chunks' };
  }
  if (s.unsloth) return { bytes: elements * 2 * 2, bytesPerElement: 4, note: 'Unsloth fused cross-entropy: 16-bit logits and their gradient in place' };
  const family = a.layout?.family ?? 'llama';
  const upcast = sh.autocast || !NO_UPCAST_FAMILIES.has(family);
  const per = upcast ? constants.logitsBytesPerElementUpcast : constants.logitsBytesPerElementNoUpcast;
  return {
    bytes: elements * per,
    bytesPerElement: per,
    note: `${rows}×${s.seq}×${a.vocabSize} logits at ${per} B each (${upcast ? '16-bit logits + fp32 upcast, log-softmax and its gradient' : '16-bit logits, log-softmax and gradient: this model code does not upcast'})`,
  };
}
