import * as assert from 'node:assert/strict';
import { parseModelConfig } from '../../../server/src/core/model/parseConfig';
import { findCatalogEntry } from '../../../server/src/core/model/resolve';

const arch = (id: string) => parseModelConfig(findCatalogEntry(id)!.config);

describe('model/parseConfig: dialects', () => {
  it('ChatGLM3: num_layers, ffn_hidden_size, multi_query_group_num, kv_channels, padded_vocab_size', () => {
    const a = arch('THUDM/chatglm3-6b');
    assert.deepEqual([a.numLayers, a.intermediateSize, a.numKeyValueHeads, a.headDim, a.vocabSize, a.tieWordEmbeddings, a.layout?.qkvBias], [28, 13696, 2, 128, 65024, false, true]);
  });
  it('Qwen-1 halves intermediate_size', () => {
    assert.equal(arch('Qwen/Qwen-7B').intermediateSize, 11008);
  });
  it('Falcon: multi_query gives 1 KV head; new_decoder_architecture keeps num_kv_heads', () => {
    assert.equal(arch('tiiuae/falcon-7b').numKeyValueHeads, 1);
    assert.equal(arch('tiiuae/falcon-40b').numKeyValueHeads, 8);
    assert.equal(arch('tiiuae/falcon-7b').tieWordEmbeddings, true); // FalconConfig default when the key is absent
  });
  it('BLOOM n_embed and GPT-style keys', () => {
    const b = arch('bigscience/bloomz-7b1');
    assert.deepEqual([b.hiddenSize, b.numLayers, b.intermediateSize, b.tieWordEmbeddings, b.mlpGated], [4096, 30, 16384, true, false]);
    const g = parseModelConfig({ model_type: 'gpt2', n_embd: 768, n_layer: 12, n_head: 12, vocab_size: 50257, n_positions: 1024 });
    assert.deepEqual([g.hiddenSize, g.numLayers, g.intermediateSize, g.tieWordEmbeddings], [768, 12, 3072, true]);
  });
  it('T5/mT0: encoder + decoder layers, gated-gelu', () => {
    const t = arch('bigscience/mt0-xxl');
    assert.deepEqual(t.encoderDecoder, { encoderLayers: 24, decoderLayers: 24 });
    assert.equal(t.numLayers, 48);
    assert.equal(t.mlpGated, true);
    assert.equal(arch('google-t5/t5-base').mlpGated, false);
  });
  it('MoE: Mixtral, Qwen2-MoE shared expert, DeepSeek dense layers and MLA', () => {
    assert.deepEqual(arch('mistralai/Mixtral-8x7B-v0.1').moe, { numExperts: 8, expertsPerToken: 2, expertIntermediateSize: 14336, sharedExperts: 0, sharedIntermediateSize: 0, denseLayers: 0 });
    assert.equal(arch('Qwen/Qwen1.5-MoE-A2.7B').moe?.sharedIntermediateSize, 5632);
    const v3 = arch('deepseek-ai/DeepSeek-V3');
    assert.deepEqual([v3.moe?.denseLayers, v3.moe?.sharedIntermediateSize, v3.moe?.numExperts], [3, 2048, 256]);
    assert.deepEqual(v3.mla, { qLoraRank: 1536, kvLoraRank: 512, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 });
    assert.equal(arch('deepseek-ai/DeepSeek-V2-Lite').mla?.qLoraRank, null);
    assert.deepEqual(v3.quantization, { method: 'fp8', bits: 8, groupSize: null });
  });
  it('multimodal: nested text_config with class defaults, vision tower counted', () => {
    const g = arch('google/gemma-3-4b-it');
    assert.deepEqual([g.hiddenSize, g.numAttentionHeads, g.numKeyValueHeads, g.headDim, g.tieWordEmbeddings], [2560, 8, 4, 256, true]);
    assert.equal(g.vision?.params, 419_816_304); // SigLIP 416,866,032 + projection 2,950,272
    const l = arch('llava-hf/llava-1.5-7b-hf');
    assert.deepEqual([l.hiddenSize, l.numLayers, l.intermediateSize, l.vocabSize], [4096, 32, 11008, 32064]); // LlamaConfig defaults
    const q = arch('Qwen/Qwen2-VL-7B-Instruct');
    assert.deepEqual([q.vision?.numLayers, q.vision?.hiddenSize, q.vision?.spatialMergeSize], [32, 1280, 2]);
  });
  it('head_dim that differs from hidden/heads', () => {
    assert.equal(arch('google/gemma-7b').headDim, 256); // 3072 / 16 = 192
    assert.equal(arch('Qwen/Qwen3-8B').headDim, 128);
  });
  it('quantization_config: GPTQ, AWQ, bnb', () => {
    assert.deepEqual(arch('Qwen/Qwen-7B-Chat-Int4').quantization, { method: 'gptq', bits: 4, groupSize: 128 });
    assert.deepEqual(arch('Qwen/Qwen-72B-Chat-Int8').quantization, { method: 'gptq', bits: 8, groupSize: 128 });
    assert.deepEqual(arch('Qwen/Qwen2.5-7B-Instruct-AWQ').quantization, { method: 'awq', bits: 4, groupSize: 128 });
    const bnb = parseModelConfig({ model_type: 'llama', hidden_size: 64, intermediate_size: 128, num_hidden_layers: 2, num_attention_heads: 4, vocab_size: 10, quantization_config: { quant_method: 'bitsandbytes', load_in_4bit: true } });
    assert.deepEqual(bnb.quantization, { method: 'bnb', bits: 4, groupSize: null });
  });
  it('throws a clear error on what it cannot read', () => {
    assert.throws(() => parseModelConfig({ model_type: 'custom_lm', num_hidden_layers: 2 }), /no hidden size/);
    assert.throws(() => parseModelConfig([] as unknown as Record<string, unknown>), /not a JSON object/);
    assert.throws(() => parseModelConfig({ model_type: 'custom_lm', hidden_size: 64, num_attention_heads: 4, intermediate_size: 10, vocab_size: 10 }), /no layer count/);
    assert.throws(() => parseModelConfig({ hidden_size: 64, num_hidden_layers: 2, num_attention_heads: 4, vocab_size: 10 }), /no MLP width/);
  });
});

describe('model/catalog: covers the ground-truth models', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fixture = require('../../../../test/fixtures/models/groundtruth-archs.json') as {
    models: { model: string; source: string | null; hidden_size: number | null; num_hidden_layers: number | null; num_attention_heads: number | null; num_key_value_heads: number | null; vocab_size: number | null }[];
  };
  it('every model named in the measurements is in the catalog with the same shape and source', () => {
    assert.equal(fixture.models.length, 60);
    for (const m of fixture.models) {
      const entry = findCatalogEntry(m.model);
      assert.ok(entry, m.model);
      const a = parseModelConfig(entry.config);
      if (m.hidden_size !== null) assert.equal(a.hiddenSize, m.hidden_size, m.model);
      if (m.num_hidden_layers !== null && !a.encoderDecoder) assert.equal(a.numLayers, m.num_hidden_layers, m.model);
      if (m.num_attention_heads !== null) assert.equal(a.numAttentionHeads, m.num_attention_heads, m.model);
      if (m.num_key_value_heads !== null) assert.equal(a.numKeyValueHeads, m.num_key_value_heads, m.model);
      if (m.vocab_size !== null) assert.equal(a.vocabSize, m.vocab_size, m.model);
      if (m.source) assert.equal(entry.source, m.source, m.model);
    }
  });
});
