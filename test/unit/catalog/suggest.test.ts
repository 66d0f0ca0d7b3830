import * as assert from 'node:assert/strict';
import { childKeyNames } from '../../../server/src/core/catalog/catalogs';
import { editDistance, suggestKey } from '../../../server/src/core/catalog/suggest';

const lf = childKeyNames('llamafactory', []);
const ds = childKeyNames('deepspeed', []);
const zero = childKeyNames('deepspeed', ['zero_optimization']);

describe('catalog: suggestKey', () => {
  it('counts a swap of neighbours as one edit', () => {
    assert.equal(editDistance('lora_rnak', 'lora_rank'), 1);
    assert.equal(editDistance('learing_rate', 'learning_rate'), 1);
    assert.equal(editDistance('abc', 'abc'), 0);
    assert.equal(editDistance('', 'abc'), 3);
  });

  it('fixes realistic LLaMA-Factory typos', () => {
    assert.equal(suggestKey('per_device_train_batchsize', lf), 'per_device_train_batch_size');
    assert.equal(suggestKey('learing_rate', lf), 'learning_rate');
    assert.equal(suggestKey('lora_rnak', lf), 'lora_rank');
    assert.equal(suggestKey('gradient_accumulation_step', lf), 'gradient_accumulation_steps');
    assert.equal(suggestKey('quantisation_bit', lf), 'quantization_bit');
    assert.equal(suggestKey('deepspeed_config', lf), 'deepspeed');
  });

  it('fixes DeepSpeed typos', () => {
    assert.equal(suggestKey('zero_optimisation', ds), 'zero_optimization');
    assert.equal(suggestKey('offload_optimiser', zero), 'offload_optimizer');
    assert.equal(suggestKey('stage3_max_live_params', zero), 'stage3_max_live_parameters');
  });

  it('catches case and dash differences', () => {
    assert.equal(suggestKey('Learning-Rate', lf), 'learning_rate');
    assert.equal(suggestKey('lora-target', lf), 'lora_target');
    assert.equal(suggestKey('ZERO_OPTIMIZATION', ds), 'zero_optimization');
  });

  it('returns nothing for unrelated or exact names', () => {
    assert.equal(suggestKey('banana_smoothie', lf), undefined);
    assert.equal(suggestKey('xyz', lf), undefined);
    assert.equal(suggestKey('lora_rank', lf), undefined);
    assert.equal(suggestKey('anything', []), undefined);
  });

  it('prefers the candidate sharing the longer prefix on ties', () => {
    assert.equal(suggestKey('lora_rankk', ['lora_rank', 'lora_ranks']), 'lora_rank');
    assert.equal(suggestKey('eval_step', ['eval_steps', 'save_steps']), 'eval_steps');
  });
});
