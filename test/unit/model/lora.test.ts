import * as assert from 'node:assert/strict';
import { countParams } from '../../../server/src/core/model/countParams';
import { loraTrainableParams, type LoraOptions } from '../../../server/src/core/model/lora';
import { parseModelConfig } from '../../../server/src/core/model/parseConfig';
import { findCatalogEntry } from '../../../server/src/core/model/resolve';

function lora(id: string, opts: LoraOptions) {
  const arch = parseModelConfig(findCatalogEntry(id)!.config);
  return loraTrainableParams(arch, countParams(arch), opts);
}

describe('model/lora: trainable parameters as PEFT prints them', () => {
  it('Llama-2-7b r=8 q_proj,v_proj = 4,194,304 (PEFT log "trainable params: 4,194,304 || all params: 6,742,609,920")', () => {
    // 32 layers × 2 modules × 8 × (4096 + 4096)
    assert.equal(lora('meta-llama/Llama-2-7b-hf', { target: ['q_proj', 'v_proj'], rank: 8 }).params, 4_194_304);
  });
  it('Llama-2-7b r=16 all = 39,976,960', () => {
    // per layer: q,k,v,o 4 × 16 × (4096+4096) = 524,288; gate,up,down 3 × 16 × (4096+11008) = 724,992; × 32 layers
    const r = lora('meta-llama/Llama-2-7b-hf', { target: 'all', rank: 16 });
    assert.equal(r.params, 39_976_960);
    assert.deepEqual(r.modules, ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj']);
  });
  it('Llama-3-8B r=8 q_proj,v_proj = 3,407,872 (GQA: v_proj is 4096→1024)', () => {
    // 32 × [8 × (4096+4096) + 8 × (4096+1024)]
    assert.equal(lora('meta-llama/Meta-Llama-3-8B', { target: ['q_proj', 'v_proj'], rank: 8 }).params, 3_407_872);
  });
  it('ChatGLM3-6B r=8 query_key_value = 1,949,696 (ChatGLM3 fine-tuning log)', () => {
    // 28 × 8 × (4096 + 4608); 4608 = 32×128 + 2×2×128
    assert.equal(lora('THUDM/chatglm3-6b', { target: ['query_key_value'], rank: 8 }).params, 1_949_696);
  });
  it('GLM-4-9B-chat r=8 query_key_value = 2,785,280', () => {
    // 40 × 8 × (4096 + 4608)
    assert.equal(lora('THUDM/glm-4-9b-chat', { target: ['query_key_value'], rank: 8 }).params, 2_785_280);
  });
  it('bloomz-7b1 r=8 query_key_value = 3,932,160 (PEFT README)', () => {
    // 30 × 8 × (4096 + 12288)
    assert.equal(lora('bigscience/bloomz-7b1', { target: ['query_key_value'], rank: 8 }).params, 3_932_160);
  });
  it('mt0-large r=8 q,v = 2,359,296 (PEFT README): encoder self, decoder self and cross attention', () => {
    // (24 + 24 + 24) blocks × 2 modules × 8 × (1024 + 1024)
    assert.equal(lora('bigscience/mt0-large', { target: ['q', 'v'], rank: 8 }).params, 2_359_296);
  });
  it('DoRA adds a magnitude vector of out_features per adapted Linear', () => {
    // 4,194,304 + 32 × (4096 + 4096)
    assert.equal(lora('meta-llama/Llama-2-7b-hf', { target: ['q_proj', 'v_proj'], rank: 8, useDora: true }).params, 4_456_448);
  });
  it('additional_target (modules_to_save) trains full copies of embed_tokens and lm_head', () => {
    // 4,194,304 + 2 × 32000 × 4096
    const r = lora('meta-llama/Llama-2-7b-hf', { target: ['q_proj', 'v_proj'], rank: 8, additionalTarget: ['embed_tokens', 'lm_head'] });
    assert.equal(r.params, 266_338_304);
    assert.deepEqual(r.unmatched, []);
  });
  it('`all` expands only alone: all,q_proj adapts q_proj and reports all as unmatched', () => {
    const r = lora('meta-llama/Llama-2-7b-hf', { target: ['all', 'q_proj'], rank: 8 });
    assert.equal(r.params, 32 * 8 * 8192);
    assert.deepEqual(r.unmatched, ['all']);
  });
  it('`all` leaves out ChatGLM output_layer and InternLM2 output, keeps Mixtral router', () => {
    assert.deepEqual(lora('THUDM/chatglm3-6b', { target: 'all', rank: 8 }).modules, ['query_key_value', 'dense', 'dense_h_to_4h', 'dense_4h_to_h']);
    assert.deepEqual(lora('internlm/internlm2-chat-7b', { target: ['all'], rank: 8 }).modules, ['wqkv', 'wo', 'w1', 'w3', 'w2']);
    assert.ok(lora('mistralai/Mixtral-8x7B-v0.1', { target: 'all', rank: 8 }).modules.includes('gate'));
  });
  it('Qwen2-VL: vision tower only when freeze_vision_tower is false, projector never', () => {
    const frozen = lora('Qwen/Qwen2-VL-7B-Instruct', { target: 'all', rank: 8 });
    const text = lora('Qwen/Qwen2-7B-Instruct', { target: 'all', rank: 8 });
    assert.equal(frozen.params, text.params);
    const open = lora('Qwen/Qwen2-VL-7B-Instruct', { target: 'all', rank: 8, freezeVisionTower: false });
    // 32 blocks × 8 × [(1280+3840) + (1280+1280) + (1280+5120) + (5120+1280)] = 5,242,880
    assert.equal(open.params - frozen.params, 5_242_880);
    assert.ok(!open.modules.includes('0') && !open.modules.includes('2'));
  });
  it('names that match nothing are reported', () => {
    assert.deepEqual(lora('Qwen/Qwen2.5-7B-Instruct', { target: ['query_key_value'], rank: 8 }).unmatched, ['query_key_value']);
  });
});
