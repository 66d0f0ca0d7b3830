// Weights: the frozen base (16-bit or quantized), the trainable parameters (fp32 after LLaMA-Factory's upcast),
// and the extra models DPO/KTO/PPO load.
import { component, gibText } from './component';
import type { ParamGroups } from './parameters';
import { quantizedBytesPerParam } from './parameters';
import type { TrainingSetup } from './setup';
import type { Sharding } from './sharding';
import type { MemoryComponent } from './types';

const PRECISION_KEYS = ['bf16', 'fp16', 'pure_bf16'];

export function weightComponents(s: TrainingSetup, g: ParamGroups, sh: Sharding): { components: MemoryComponent[]; cpuBytes: number } {
  const out: MemoryComponent[] = [];
  let cpuBytes = 0;
  const offloadParams = (s.deepspeed?.offloadParam ?? false) || (s.fsdp?.offload ?? false);
  const frozenPerGpu = g.frozenBytes / sh.params;
  const qNote = s.quant
    ? `; ${(g.quantizedParams / 1e9).toFixed(2)}B block-linear params ${s.quant.method} ${s.quant.bits}-bit at ${quantizedBytesPerParam(s).toFixed(3)} B each, embeddings/head/norms at ${s.loadBytes} B`
    : `, ${s.loadBytes} B each`;
  const shardNote = sh.params > 1 ? `, partitioned over ${s.gpus} GPUs` : '';
  if (offloadParams) {
    cpuBytes += g.frozenBytes;
    out.push(component('weights', 0, `frozen weights offloaded to CPU (${gibText(g.frozenBytes)} in host memory)`, ['deepspeed', 'model_name_or_path']));
  } else {
    out.push(component('weights', frozenPerGpu, `${(g.frozen / 1e9).toFixed(2)}B frozen parameters${qNote}${shardNote}`, ['model_name_or_path', 'quantization_bit', 'quantization_method', 'finetuning_type', ...PRECISION_KEYS]));
  }
  const trainableBytes = (g.trainable * sh.trainableBytes) / sh.params;
  const why = sh.trainableBytes === 4 ? (sh.upcast ? 'fp32 (LLaMA-Factory upcasts trainable parameters unless ZeRO-3, FSDP, pure_bf16 or BAdam)' : 'fp32') : '16-bit';
  if (offloadParams) cpuBytes += g.trainable * sh.trainableBytes;
  out.push(
    component('trainable_weights', offloadParams ? 0 : trainableBytes, `${(g.trainable / 1e6).toFixed(1)}M trainable parameters in ${why}${shardNote}`, [
      'finetuning_type',
      'lora_rank',
      'lora_target',
      'additional_target',
      'use_dora',
      'freeze_trainable_layers',
      'freeze_trainable_modules',
      'freeze_extra_modules',
      ...PRECISION_KEYS,
    ]),
  );

  // A second, frozen copy of the model for the reference (full/freeze DPO/KTO/PPO, or an explicit ref_model).
  const base16 = (g.params.total * s.loadBytes) / sh.params;
  if (s.reference === 'copy') out.push(component('reference_model', base16, `frozen reference model (${s.stage}) in ${s.loadBytes}-byte weights`, ['stage', 'ref_model', 'finetuning_type', 'pref_loss']));
  if (s.ppoReward === 'copy') out.push(component('reward_model', base16, 'full reward model for PPO', ['reward_model', 'reward_model_type']));
  return { components: out, cpuBytes };
}
