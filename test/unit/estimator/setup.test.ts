import * as assert from 'node:assert/strict';
import { fitVerdict, largestComponent } from '../../../server/src/core/estimator/fit';
import { estimateMemory } from '../../../server/src/core/estimator/estimate';
import type { Estimate } from '../../../server/src/core/estimator/types';
import { findGpu } from '../../../server/src/core/hardware/gpus';
import { bytesOf, catalogModel, GIB, lf, toyModel } from './toy';

const BASE = { stage: 'sft', per_device_train_batch_size: 1, cutoff_len: 4 };
const Z3 = { bf16: { enabled: 'auto' }, zero_optimization: { stage: 3, overlap_comm: false, reduce_bucket_size: 'auto', stage3_prefetch_bucket_size: 'auto', stage3_param_persistence_threshold: 'auto' } };
const Z2 = { bf16: { enabled: 'auto' }, fp16: { enabled: 'auto' }, zero_optimization: { stage: 2, overlap_comm: false, reduce_bucket_size: 5e8 } };

describe('LLaMA-Factory defaults in the estimator', () => {
  it('gradient checkpointing is on unless disable_gradient_checkpointing', () => {
    const on = lf({ ...BASE, finetuning_type: 'lora' });
    const off = lf({ ...BASE, finetuning_type: 'lora', disable_gradient_checkpointing: true });
    assert.ok(on.assumptions.some((a) => a.startsWith('gradient checkpointing on (LLaMA-Factory default')));
    assert.ok(bytesOf(off, 'activations') > bytesOf(on, 'activations'));
  });

  it('says cutoff_len is reached by every sample unless packing; pt packs by default', () => {
    assert.ok(lf({ ...BASE, finetuning_type: 'lora' }).assumptions.some((a) => a.startsWith('cutoff_len reached by every sample')));
    assert.ok(lf({ ...BASE, stage: 'pt', finetuning_type: 'lora' }).assumptions.some((a) => a.includes('packing')));
  });

  it('no upcast under ZeRO-3 (16-bit params, fp32 masters in the optimizer, all partitioned)', () => {
    // 1832 params over 4 GPUs: 2 B params 916, grads 2 B + fp32 partition 4 B → 2748, masters + Adam 12 B → 5496.
    const est = lf({ ...BASE, finetuning_type: 'full', bf16: true }, { deepspeed: Z3, gpus: 4 });
    assert.equal(bytesOf(est, 'trainable_weights'), 916);
    assert.equal(bytesOf(est, 'gradients'), 2748);
    assert.equal(bytesOf(est, 'optimizer'), 5496);
    // "auto" reduce bucket = hidden² = 64 elements · 2 B.
    assert.equal(bytesOf(est, 'buffers'), 128);
  });

  it('ZeRO-2 keeps 16-bit params whole, partitions gradients and states, allocates the full reduce bucket', () => {
    const est = lf({ ...BASE, finetuning_type: 'full', bf16: true }, { deepspeed: Z2, gpus: 4 });
    assert.equal(bytesOf(est, 'trainable_weights'), 1832 * 2);
    assert.equal(bytesOf(est, 'gradients'), 916 + 1832);
    assert.equal(bytesOf(est, 'optimizer'), 5496);
    assert.equal(bytesOf(est, 'buffers'), 5e8 * 2);
  });

  it('DeepSpeed "auto" precision follows the training flags', () => {
    const fp32 = lf({ ...BASE, finetuning_type: 'full', bf16: false, fp16: false, pure_bf16: false }, { deepspeed: { bf16: { enabled: 'auto' }, zero_optimization: { stage: 1 } }, gpus: 2 });
    const bf16 = lf({ ...BASE, finetuning_type: 'full', bf16: true }, { deepspeed: { bf16: { enabled: 'auto' }, zero_optimization: { stage: 1 } }, gpus: 2 });
    // Without a bf16/fp16 key the compute dtype is inferred as bf16 from the checkpoint, so "auto" enables bf16 too.
    assert.equal(bytesOf(fp32, 'trainable_weights'), bytesOf(bf16, 'trainable_weights'));
    assert.equal(bytesOf(bf16, 'trainable_weights'), 1832 * 2);
  });

  it('optimizer offload moves masters and states to CPU memory', () => {
    const ds = { bf16: { enabled: true }, zero_optimization: { stage: 3, offload_optimizer: { device: 'cpu' } } };
    const est = lf({ ...BASE, finetuning_type: 'full', bf16: true }, { deepspeed: ds, gpus: 2 });
    assert.equal(bytesOf(est, 'optimizer'), 0);
    assert.equal(est.cpuBytes, 1832 * 16);
  });

  it('FSDP from an accelerate config shards without the upcast', () => {
    const acc = { distributed_type: 'FSDP', fsdp_config: { fsdp_sharding_strategy: 'FULL_SHARD' } };
    const est = lf({ ...BASE, finetuning_type: 'full', bf16: true }, { accelerate: acc, gpus: 2 });
    assert.equal(bytesOf(est, 'trainable_weights'), 1832);
  });

  it('plain multi-GPU is DDP with gradient buckets', () => {
    const est = lf({ ...BASE, finetuning_type: 'full', pure_bf16: true }, { gpus: 2 });
    assert.equal(bytesOf(est, 'buffers'), 1832 * 2);
    assert.ok(est.assumptions.some((a) => a.includes('DDP')));
  });

  it('approximate models say so', () => {
    const est = lf({ ...BASE, finetuning_type: 'lora' }, { model: catalogModel('someone/unknown-model-7B') });
    assert.equal(est.model.approximate, true);
    assert.ok(est.assumptions.some((a) => a.includes('approximated')));
    assert.ok(est.perGpuBytes > 14 * GIB && est.perGpuBytes < 40 * GIB);
  });

  it('never returns NaN, Infinity or negative numbers, whatever the config', () => {
    const junk: Array<Record<string, unknown>> = [
      {},
      { per_device_train_batch_size: -3, cutoff_len: 'abc', lora_rank: 0 },
      { finetuning_type: 'freeze', freeze_trainable_layers: -100 },
      { finetuning_type: 'lora', lora_target: '', quantization_bit: 3 },
      { stage: 'ppo', finetuning_type: 'full', optim: 'weird' },
      { cutoff_len: 1e12, per_device_train_batch_size: 1e9 },
    ];
    for (const c of junk) {
      for (const gpus of [0, 1, 7]) {
        const est = lf(c, { gpus, deepspeed: gpus === 7 ? { zero_optimization: { stage: 'x' } } : null });
        for (const n of [est.perGpuBytes, est.cpuBytes, ...est.rangeBytes, ...est.components.map((x) => x.bytes)]) {
          assert.ok(Number.isFinite(n) && n >= 0, `${JSON.stringify(c)} gpus ${gpus}: ${n}`);
        }
      }
    }
  });
});

describe('fitVerdict and largestComponent', () => {
  const est = (low: number, high: number, cap: number | null): Estimate => ({
    perGpuBytes: (low + high) / 2,
    rangeBytes: [low, high],
    capacityBytes: cap,
    gpu: cap ? 'X' : null,
    gpus: 1,
    components: [
      { name: 'weights', bytes: 5, note: '', keys: [] },
      { name: 'logits', bytes: 9, note: '', keys: [] },
    ],
    cpuBytes: 0,
    assumptions: [],
    unsupported: [],
    model: { id: 'm', params: 1, source: 'local', approximate: false },
  });
  it('error when even the low end exceeds, warning when only the high end does, null when it fits', () => {
    assert.deepEqual(fitVerdict(est(90, 110, 80)), { severity: 'error', reason: 'low' });
    assert.deepEqual(fitVerdict(est(70, 90, 80)), { severity: 'warning', reason: 'high' });
    assert.equal(fitVerdict(est(50, 70, 80)), null);
    assert.equal(fitVerdict(est(90, 110, null)), null);
  });
  it('largest component', () => {
    assert.equal(largestComponent(est(1, 2, 3))?.name, 'logits');
  });
});

describe('figures users quote', () => {
  const a100 = findGpu('A100-80GB');
  const z3 = { bf16: { enabled: 'auto' }, zero_optimization: { stage: 3, overlap_comm: false, reduce_bucket_size: 'auto', stage3_prefetch_bucket_size: 'auto', stage3_param_persistence_threshold: 'auto' } };

  it('GLM-4-9B LoRA with the demo lora.yaml is about 21 GB', () => {
    const est = estimateMemory({
      kind: 'glm-finetune',
      config: { max_input_length: 512, max_output_length: 512, training_args: { per_device_train_batch_size: 1 }, peft_config: { peft_type: 'LORA', r: 8, lora_alpha: 32, lora_dropout: 0.1, target_modules: ['query_key_value'] } },
      deepspeed: null,
      accelerate: null,
      model: catalogModel('THUDM/glm-4-9b-chat'),
      gpus: 1,
      gpu: a100,
    });
    assert.ok(est.perGpuBytes > 18 * GIB && est.perGpuBytes < 25 * GIB, `${est.perGpuBytes / GIB}`);
    assert.ok(est.rangeBytes[0] < 21.03 * GIB && est.rangeBytes[1] > 21.03 * GIB);
  });

  const c3 = { model_name_or_path: 'THUDM/chatglm3-6b', stage: 'sft', finetuning_type: 'full', per_device_train_batch_size: 1, cutoff_len: 1024 };
  it('ChatGLM3-6B full SFT fits one 80 GB A100 in pure bf16', () => {
    const est = estimateMemory({ kind: 'llamafactory', config: { ...c3, pure_bf16: true }, deepspeed: null, accelerate: null, model: catalogModel('THUDM/chatglm3-6b'), gpus: 1, gpu: a100 });
    assert.ok(est.perGpuBytes < est.capacityBytes!);
    assert.notEqual(fitVerdict(est)?.severity, 'error');
  });
  it('…but not with LLaMA-Factory default mixed precision (16 B a parameter before activations)', () => {
    const est = estimateMemory({ kind: 'llamafactory', config: { ...c3, bf16: true }, deepspeed: null, accelerate: null, model: catalogModel('THUDM/chatglm3-6b'), gpus: 1, gpu: a100 });
    const states = bytesOf(est, 'trainable_weights') + bytesOf(est, 'gradients') + bytesOf(est, 'optimizer');
    assert.ok(states > 90e9 && states < 105e9, `${states / 1e9} GB`);
    assert.deepEqual(fitVerdict(est), { severity: 'error', reason: 'low' });
  });
  it('…and fits eight 24 GB cards with ZeRO-3', () => {
    const est = estimateMemory({ kind: 'llamafactory', config: { ...c3, bf16: true }, deepspeed: z3, accelerate: null, model: catalogModel('THUDM/chatglm3-6b'), gpus: 8, gpu: findGpu('RTX 4090') });
    assert.ok(est.perGpuBytes < est.capacityBytes!, `${est.perGpuBytes / GIB}`);
    assert.notEqual(fitVerdict(est)?.severity, 'error');
  });
  it('72B LoRA needs two or more 80 GB cards (about 160 GB in total)', () => {
    const cfg = { model_name_or_path: 'Qwen/Qwen2-72B-Instruct', stage: 'sft', finetuning_type: 'lora', lora_target: 'all', per_device_train_batch_size: 1, cutoff_len: 1024, bf16: true };
    const one = estimateMemory({ kind: 'llamafactory', config: cfg, deepspeed: null, accelerate: null, model: catalogModel('Qwen/Qwen2-72B-Instruct'), gpus: 1, gpu: a100 });
    assert.deepEqual(fitVerdict(one), { severity: 'error', reason: 'low' });
    assert.ok(one.perGpuBytes > 140e9 && one.perGpuBytes < 185e9, `${one.perGpuBytes / 1e9} GB`);
    const four = estimateMemory({ kind: 'llamafactory', config: cfg, deepspeed: z3, accelerate: null, model: catalogModel('Qwen/Qwen2-72B-Instruct'), gpus: 4, gpu: a100 });
    assert.equal(fitVerdict(four), null);
  });
  it('the toy model is tiny', () => {
    assert.ok(lf({ ...BASE }, { model: toyModel() }).perGpuBytes < 1 * GIB);
  });
});
