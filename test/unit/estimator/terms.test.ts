import * as assert from 'node:assert/strict';
import { bytesOf, catalogModel, lf, toyModel } from './toy';

// Every figure below is counted by hand on the toy of toy.ts (1832 parameters, hidden 8, MLP 16, vocab 32).
const BASE = { stage: 'sft', per_device_train_batch_size: 1, cutoff_len: 4, flash_attn: 'sdpa' };

describe('estimator terms on the 2-layer toy', () => {
  it('counts the toy model as 1832 parameters', () => {
    assert.equal(toyModel().params.total, 1832);
  });

  it('full fine-tuning with LLaMA-Factory mixed precision: fp32 weights, gradients, Adam states', () => {
    const est = lf({ ...BASE, finetuning_type: 'full', bf16: true });
    assert.equal(bytesOf(est, 'weights'), 0); // nothing frozen
    assert.equal(bytesOf(est, 'trainable_weights'), 1832 * 4); // 7328: upcast to fp32
    assert.equal(bytesOf(est, 'gradients'), 1832 * 4);
    assert.equal(bytesOf(est, 'optimizer'), 1832 * 8); // AdamW m + v in fp32
  });

  it('full fine-tuning with pure_bf16: 2 + 2 + 4 bytes a parameter', () => {
    const est = lf({ ...BASE, finetuning_type: 'full', pure_bf16: true });
    assert.equal(bytesOf(est, 'trainable_weights'), 1832 * 2);
    assert.equal(bytesOf(est, 'gradients'), 1832 * 2);
    assert.equal(bytesOf(est, 'optimizer'), 1832 * 4);
  });

  it('LoRA rank 2 on all linears: 544 fp32 adapter parameters over a 16-bit base', () => {
    // Per layer: q,k,v,o 4·2·(8+8) = 128; gate, up 2·2·(8+16) = 96; down 2·(16+8) = 48 → 272; two layers 544.
    const est = lf({ ...BASE, finetuning_type: 'lora', lora_rank: 2, lora_target: 'all', bf16: true });
    assert.equal(bytesOf(est, 'weights'), 1832 * 2);
    assert.equal(bytesOf(est, 'trainable_weights'), 544 * 4);
    assert.equal(bytesOf(est, 'gradients'), 544 * 4);
    assert.equal(bytesOf(est, 'optimizer'), 544 * 8);
  });

  it('activations without checkpointing, tensor by tensor', () => {
    // t = 1·4 tokens, 2-byte activations. Per layer:
    //  norms 2·t·h·(4 fp32 copy + 2 normalised + 2 output) = 2·4·8·8 = 512
    //  attention t·2·(q 8 + k 8 + v 8 + out 8 + o_proj input 8) = 320, logsumexp 4·1·2 heads·4 = 32 → 352
    //  gated MLP 4 tensors · 2 · t · 16 = 512
    //  LoRA (no dropout) A outputs: 7 modules · 2 · t · r 2 = 112
    //  → 1488 per layer. Backward temporaries 2·t·max(2·16, 8+16+8) = 256; final norm + head input t·8·8 = 256.
    const est = lf({ ...BASE, finetuning_type: 'lora', lora_rank: 2, lora_target: 'all', pure_bf16: true, disable_gradient_checkpointing: true });
    assert.equal(bytesOf(est, 'activations'), 2 * 1488 + 256 + 256);
  });

  it('activations with checkpointing: every layer input plus one layer rebuilt', () => {
    // 2 layer inputs of 2·t·h = 64 each + 1488 + 256 + 256.
    const est = lf({ ...BASE, finetuning_type: 'lora', lora_rank: 2, lora_target: 'all', pure_bf16: true });
    assert.equal(bytesOf(est, 'activations'), 2 * 64 + 1488 + 256 + 256);
  });

  it('LoRA dropout keeps a mask and a dropped-out input per adapted module', () => {
    // q_proj and v_proj, input width 8: t·8·(1 + 2) = 96 each, plus A outputs 2·t·2 = 16 each, per layer.
    const noDrop = lf({ ...BASE, finetuning_type: 'lora', lora_rank: 2, lora_target: 'q_proj,v_proj', pure_bf16: true, disable_gradient_checkpointing: true });
    const drop = lf({ ...BASE, finetuning_type: 'lora', lora_rank: 2, lora_target: 'q_proj,v_proj', lora_dropout: 0.1, pure_bf16: true, disable_gradient_checkpointing: true });
    assert.equal(bytesOf(drop, 'activations') - bytesOf(noDrop, 'activations'), 2 * 2 * 96);
  });

  it('eager attention keeps fp32 scores and a 16-bit copy', () => {
    // Per layer: 1·2 heads·4·4·(4 + 2) = 192, minus sdpa's logsumexp 32 → +160 a layer.
    const sdpa = lf({ ...BASE, finetuning_type: 'lora', lora_rank: 2, pure_bf16: true, disable_gradient_checkpointing: true });
    const eager = lf({ ...BASE, finetuning_type: 'lora', lora_rank: 2, pure_bf16: true, disable_gradient_checkpointing: true, flash_attn: 'disabled' });
    assert.equal(bytesOf(eager, 'activations') - bytesOf(sdpa, 'activations'), 2 * 160);
  });

  it('logits: 14 bytes per token per vocabulary entry in the Hugging Face loss path', () => {
    const est = lf({ ...BASE, finetuning_type: 'lora', bf16: true });
    assert.equal(bytesOf(est, 'logits'), 1 * 4 * 32 * 14);
  });

  it('pure_bf16 with bf16 keeps trainable weights 16-bit and still autocasts the loss to fp32', () => {
    // Qwen-1's remote code does not upcast its logits itself: only autocast (the trainer's bf16 flag) does.
    const qwen = catalogModel('Qwen/Qwen-1_8B-Chat');
    const cfg = { ...BASE, finetuning_type: 'lora', lora_rank: 2, additional_target: 'wte' };
    const vocab = qwen.arch!.vocabSize;
    const pure = lf({ ...cfg, pure_bf16: true }, { model: qwen });
    const pureAmp = lf({ ...cfg, pure_bf16: true, bf16: true }, { model: qwen });
    const mixed = lf({ ...cfg, bf16: true }, { model: qwen });
    assert.equal(bytesOf(pure, 'logits'), 4 * vocab * 6);
    assert.equal(bytesOf(pureAmp, 'logits'), 4 * vocab * 14);
    assert.equal(bytesOf(mixed, 'logits'), 4 * vocab * 14);
    // The trainable embedding (vocab × hidden) and the adapters: 2 bytes each with pure_bf16, 4 with the upcast.
    assert.equal(bytesOf(pureAmp, 'trainable_weights') * 2, bytesOf(mixed, 'trainable_weights'));
    assert.equal(bytesOf(pureAmp, 'gradients') * 2, bytesOf(mixed, 'gradients'));
  });

  it('allocator slack: a fraction of the short-lived bytes, a small one of the long-lived (saved activations included)', () => {
    // No checkpointing: both layers' saved tensors (2 · 1488) are long-lived; backward temporaries 256, head input
    // 256 and the logits 1·4·32·14 = 1792 are short-lived, at 70% since lengths vary without packing.
    const est = lf({ ...BASE, finetuning_type: 'lora', lora_rank: 2, lora_target: 'all', pure_bf16: true, disable_gradient_checkpointing: true });
    const longLived = bytesOf(est, 'weights') + bytesOf(est, 'trainable_weights') + bytesOf(est, 'gradients') + bytesOf(est, 'optimizer');
    assert.equal(bytesOf(est, 'allocator_overhead'), Math.round(0.7 * (256 + 256 + 1792) + 0.08 * (longLived + 2 * 1488)));
    // Packing fixes the shapes: 35% of the short-lived bytes.
    const packed = lf({ ...BASE, finetuning_type: 'lora', lora_rank: 2, lora_target: 'all', pure_bf16: true, disable_gradient_checkpointing: true, packing: true });
    assert.equal(bytesOf(packed, 'allocator_overhead'), Math.round(0.35 * (256 + 256 + 1792) + 0.08 * (longLived + 2 * 1488)));
  });

  it('ZeRO-3 keeps gathered what the backward reuses soon, up to stage3_max_live_parameters', () => {
    // Layer 656 parameters; prefetch bucket absent → 5e7, capped at one layer (656). Kept for reuse: min(max live,
    // max reuse distance, all 1832 parameters); at least the largest module (a layer, 656). 16-bit: 2 B each.
    const z3 = (zero: Record<string, unknown>) => bytesOf(lf({ ...BASE, finetuning_type: 'full', bf16: true }, { deepspeed: { zero_optimization: { stage: 3, ...zero } }, gpus: 2 }), 'zero3_gathered_params');
    assert.equal(z3({}), (1832 + 656) * 2);
    assert.equal(z3({ stage3_max_live_parameters: 100 }), (656 + 656) * 2);
    assert.equal(z3({ stage3_max_reuse_distance: 0 }), (656 + 656) * 2);
  });

  it('DPO doubles the rows; full DPO adds a frozen reference copy', () => {
    const sft = lf({ ...BASE, finetuning_type: 'full', bf16: true });
    const dpo = lf({ ...BASE, stage: 'dpo', finetuning_type: 'full', bf16: true });
    assert.equal(bytesOf(dpo, 'logits'), 2 * bytesOf(sft, 'logits'));
    assert.equal(bytesOf(dpo, 'reference_model'), 1832 * 2);
    const loraDpo = lf({ ...BASE, stage: 'dpo', finetuning_type: 'lora', bf16: true });
    assert.equal(bytesOf(loraDpo, 'reference_model'), 0); // the base with the adapter disabled serves as reference
    const orpo = lf({ ...BASE, stage: 'dpo', pref_loss: 'orpo', finetuning_type: 'full', bf16: true });
    assert.equal(bytesOf(orpo, 'reference_model'), 0);
  });

  it('reward modelling has a value head and no vocabulary logits', () => {
    const rm = lf({ ...BASE, stage: 'rm', finetuning_type: 'full', pure_bf16: true });
    assert.equal(bytesOf(rm, 'trainable_weights'), (1832 + 9) * 2); // + value head 8 + 1
    assert.equal(bytesOf(rm, 'logits'), 2 * 4 * 4 * 2); // rows 2 · seq 4 · fp32 value · 2
  });

  it('4-bit bitsandbytes stores block linears at 0.5 B plus double-quantized absmax', () => {
    // Block linears 2·(256 + 384) = 1280 params at 0.5 + 1/64 + 4/16384 B; the other 552 at 2 B.
    const est = lf({ ...BASE, finetuning_type: 'lora', quantization_bit: 4, bf16: true });
    assert.equal(bytesOf(est, 'weights'), Math.round(552 * 2 + 1280 * (0.5 + 1 / 64 + 4 / 16384)));
  });

  it('components sum to perGpuBytes and overheads are named as such', () => {
    const est = lf({ ...BASE, finetuning_type: 'lora', bf16: true });
    assert.equal(est.components.reduce((s, c) => s + c.bytes, 0), est.perGpuBytes);
    assert.ok(est.components.some((c) => c.name === 'cuda_context_overhead'));
    assert.ok(est.components.some((c) => c.name === 'allocator_overhead'));
    for (const c of est.components) assert.ok(Array.isArray(c.keys));
  });
});
