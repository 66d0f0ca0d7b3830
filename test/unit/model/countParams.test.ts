import * as assert from 'node:assert/strict';
import { countParams } from '../../../server/src/core/model/countParams';
import { parseModelConfig } from '../../../server/src/core/model/parseConfig';
import { catalogEntries, findCatalogEntry } from '../../../server/src/core/model/resolve';

function countOf(id: string): number {
  const entry = findCatalogEntry(id);
  assert.ok(entry, `${id} is in the catalog`);
  return countParams(parseModelConfig(entry.config)).total;
}

// Published totals. "safetensors" = the parameter count the Hugging Face model page shows from the safetensors
// metadata (figures as quoted in public docs and READMEs); "PEFT log" = the `all params` PEFT printed minus the LoRA
// parameters of that run; "card" = the model card's rounded figure.
const PUBLISHED: [string, number, string][] = [
  ['meta-llama/Llama-2-7b-hf', 6_738_415_616, 'PEFT log: trainable 4,194,304 || all 6,742,609,920 (r=8 q_proj,v_proj)'],
  ['meta-llama/Llama-2-13b-hf', 13_015_864_320, 'safetensors'],
  ['meta-llama/Llama-2-70b-hf', 68_976_648_192, 'safetensors'],
  ['meta-llama/Meta-Llama-3-8B', 8_030_261_248, 'safetensors; PEFT logs print all params: 8,030,261,248 for a 4-bit base'],
  ['meta-llama/Meta-Llama-3.1-70B-Instruct', 70_553_706_496, 'safetensors'],
  ['meta-llama/Meta-Llama-3.1-405B-Instruct', 405_853_388_800, 'safetensors'],
  ['meta-llama/Llama-3.2-1B', 1_235_814_400, 'safetensors'],
  ['meta-llama/Llama-3.2-3B-Instruct', 3_212_749_824, 'safetensors'],
  ['TinyLlama/TinyLlama-1.1B-intermediate-step-1431k-3T', 1_100_048_384, 'safetensors'],
  ['mistralai/Mistral-7B-v0.1', 7_241_732_096, 'safetensors'],
  ['mistralai/Mixtral-8x7B-v0.1', 46_702_792_704, 'safetensors (card: 46.7B)'],
  ['Qwen/Qwen-7B', 7_721_324_544, 'PEFT/LLaMA-Factory all params for Qwen-7B'],
  ['Qwen/Qwen-14B-Chat', 14_167_290_880, 'PEFT/LLaMA-Factory all params for Qwen-14B'],
  ['Qwen/Qwen-1_8B', 1_836_828_672, 'PEFT/LLaMA-Factory all params for Qwen-1.8B'],
  ['Qwen/Qwen1.5-MoE-A2.7B', 14_315_784_192, 'safetensors (card: 14.3B)'],
  ['Qwen/Qwen2-7B-Instruct', 7_615_616_512, 'safetensors (card: 7.62B)'],
  ['Qwen/Qwen2.5-0.5B-Instruct', 494_032_768, 'safetensors (card: 0.49B)'],
  ['Qwen/Qwen2.5-14B', 14_770_033_664, 'safetensors (card: 14.7B)'],
  ['Qwen/Qwen2.5-72B-Instruct', 72_706_203_648, 'safetensors (card: 72.7B)'],
  ['Qwen/Qwen3-8B', 8_190_735_360, 'safetensors (card: 8.2B)'],
  ['Qwen/Qwen3-14B', 14_800_000_000, 'card: 14.8B'],
  ['Qwen/Qwen3-30B-A3B', 30_532_122_624, 'safetensors (card: 30.5B)'],
  ['Qwen/Qwen2-VL-7B-Instruct', 8_291_375_616, 'safetensors (card: 8.29B)'],
  ['Qwen/Qwen2.5-VL-7B-Instruct', 8_292_166_656, 'safetensors (card: 8.29B)'],
  ['THUDM/chatglm3-6b', 6_243_584_000, 'PEFT log in ChatGLM3 fine-tuning: trainable 1,949,696 || all 6,245,533,696'],
  ['THUDM/glm-4-9b-chat', 9_399_951_360, 'PEFT log in GLM-4 fine-tuning: trainable 2,785,280 || all 9,402,736,640'],
  ['internlm/internlm2-chat-7b', 7_737_708_544, 'safetensors (7.74B)'],
  ['google/gemma-2b', 2_506_172_416, 'safetensors'],
  ['google/gemma-2-9b', 9_241_705_984, 'safetensors'],
  ['google/gemma-3-4b-it', 4_300_079_472, 'safetensors (4.3B, vision tower included)'],
  ['microsoft/phi-2', 2_779_683_840, 'safetensors (card: 2.7B)'],
  ['microsoft/Phi-3-mini-4k-instruct', 3_821_079_552, 'safetensors (card: 3.8B)'],
  ['deepseek-ai/DeepSeek-V2-Lite', 15_706_484_224, 'safetensors (card: 15.7B)'],
  ['deepseek-ai/DeepSeek-V3', 671_026_419_200, 'card: 671B main model (Hub 685B adds the MTP module)'],
  ['01-ai/Yi-34B', 34_388_917_248, 'safetensors'],
  ['baichuan-inc/Baichuan2-7B-Chat', 7_505_973_248, 'safetensors'],
  ['tiiuae/falcon-7b', 6_921_720_704, 'safetensors'],
  ['tiiuae/falcon-40b', 41_303_293_952, 'safetensors'],
  ['bigscience/bloomz-7b1', 7_069_016_064, 'PEFT README: trainable 3,932,160 || all 7,072,948,224 (r=8 query_key_value)'],
  ['bigscience/mt0-large', 1_229_581_312, 'PEFT README: trainable 2,359,296 || all 1,231,940,608 (r=8 q,v)'],
  ['bigscience/mt0-xxl', 12_921_057_280, 'safetensors (card: 12.9B)'],
  ['bigscience/T0_3B', 2_849_757_184, 'T5 v1.1 XL lm-adapt count (2.85B)'],
  ['stabilityai/stablelm-base-alpha-3b', 3_637_321_728, 'safetensors (3.6B)'],
  ['llava-hf/llava-1.5-7b-hf', 7_063_427_072, 'safetensors (7.06B)'],
];

describe('model/countParams: totals against published counts', () => {
  let maxError = 0;
  for (const [id, published, origin] of PUBLISHED) {
    it(`${id} ≈ ${published.toLocaleString('en-US')} (${origin})`, () => {
      const err = Math.abs(countOf(id) - published) / published;
      maxError = Math.max(maxError, err);
      assert.ok(err < 0.005, `${id}: counted ${countOf(id)}, published ${published} (${(err * 100).toFixed(3)}%)`);
    });
  }
  it('covers at least 30 models', () => assert.ok(PUBLISHED.length >= 30));
  after(() => console.log(`      max relative error over ${PUBLISHED.length} models: ${(maxError * 100).toFixed(4)}%`));

  it('every catalog entry parses and its publishedParams agree within 0.5%', () => {
    for (const e of catalogEntries()) {
      const total = countParams(parseModelConfig(e.config)).total;
      assert.ok(total > 1e8, e.id);
      if (e.publishedParams) assert.ok(Math.abs(total - e.publishedParams) / e.publishedParams < 0.005, `${e.id}: ${total} vs ${e.publishedParams}`);
    }
  });
});

describe('model/countParams: a tiny 2-layer Llama, every tensor by hand', () => {
  // hidden 16, 4 heads (head_dim 4), 2 KV heads, MLP 40, vocab 100, untied.
  const arch = parseModelConfig({ model_type: 'llama', hidden_size: 16, intermediate_size: 40, num_hidden_layers: 2, num_attention_heads: 4, num_key_value_heads: 2, vocab_size: 100, tie_word_embeddings: false });
  const p = countParams(arch);
  it('counts each part', () => {
    assert.equal(p.embedding, 1600); // embed_tokens 100×16
    assert.equal(p.lmHead, 1600); // lm_head 16→100, no bias
    // q_proj 16×16=256, k_proj 16×8=128, v_proj 16×8=128, o_proj 16×16=256 → 768
    assert.equal(p.perLayerAttention, 768);
    // gate_proj 16×40=640, up_proj 640, down_proj 40×16=640 → 1920
    assert.equal(p.perLayerMlp, 1920);
    assert.equal(p.perLayerNorm, 32); // input_layernorm 16 + post_attention_layernorm 16 (RMSNorm: weight only)
    assert.equal(p.layers, 2 * (768 + 1920 + 32)); // 5440
    assert.equal(p.finalNorm, 16);
    assert.equal(p.total, 1600 + 1600 + 5440 + 16); // 8656
  });
  it('lists the Linear modules under their PEFT names', () => {
    const names = p.linear.map((m) => `${m.name}:${m.inFeatures}x${m.outFeatures}x${m.count}:${m.part}`);
    assert.deepEqual(names, [
      'q_proj:16x16x2:attention',
      'k_proj:16x8x2:attention',
      'v_proj:16x8x2:attention',
      'o_proj:16x16x2:attention',
      'gate_proj:16x40x2:mlp',
      'up_proj:16x40x2:mlp',
      'down_proj:40x16x2:mlp',
      'lm_head:16x100x1:head',
    ]);
  });
  it('a tied head adds nothing; Qwen2 adds q/k/v biases (16+8+8 per layer)', () => {
    const tied = countParams(parseModelConfig({ model_type: 'llama', hidden_size: 16, intermediate_size: 40, num_hidden_layers: 2, num_attention_heads: 4, num_key_value_heads: 2, vocab_size: 100, tie_word_embeddings: true }));
    assert.equal(tied.total, 8656 - 1600);
    const qwen2 = countParams(parseModelConfig({ model_type: 'qwen2', hidden_size: 16, intermediate_size: 40, num_hidden_layers: 2, num_attention_heads: 4, num_key_value_heads: 2, vocab_size: 100, tie_word_embeddings: false }));
    assert.equal(qwen2.total, 8656 + 2 * 32);
  });
});

describe('model/countParams: family module names', () => {
  const names = (id: string): string[] => [...new Set(countParams(parseModelConfig(findCatalogEntry(id)!.config)).linear.filter((m) => m.part !== 'head').map((m) => m.name))];
  it('ChatGLM3, Qwen-1, InternLM2, Falcon, T5, Mixtral, Qwen MoE', () => {
    assert.deepEqual(names('THUDM/chatglm3-6b'), ['query_key_value', 'dense', 'dense_h_to_4h', 'dense_4h_to_h']);
    assert.deepEqual(names('Qwen/Qwen-7B'), ['c_attn', 'c_proj', 'w1', 'w2']);
    assert.deepEqual(names('internlm/internlm2-chat-7b'), ['wqkv', 'wo', 'w1', 'w3', 'w2']);
    assert.deepEqual(names('tiiuae/falcon-7b'), ['query_key_value', 'dense', 'dense_h_to_4h', 'dense_4h_to_h']);
    assert.deepEqual(names('bigscience/mt0-xxl'), ['q', 'k', 'v', 'o', 'wi_0', 'wi_1', 'wo']);
    assert.deepEqual(names('mistralai/Mixtral-8x7B-v0.1'), ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'w1', 'w3', 'w2', 'gate']);
    assert.deepEqual(names('Qwen/Qwen1.5-MoE-A2.7B'), ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj', 'gate', 'shared_expert_gate']);
  });
  it('heads are named per family and counted once; experts count layers × experts', () => {
    const head = (id: string): string => countParams(parseModelConfig(findCatalogEntry(id)!.config)).linear.find((m) => m.part === 'head')!.name;
    assert.equal(head('THUDM/glm-4-9b-chat'), 'output_layer');
    assert.equal(head('internlm/internlm2-chat-7b'), 'output');
    assert.equal(head('Qwen/Qwen2.5-7B-Instruct'), 'lm_head');
    const q3 = countParams(parseModelConfig(findCatalogEntry('Qwen/Qwen3-30B-A3B')!.config));
    const expertGate = q3.linear.find((m) => m.part === 'expert' && m.name === 'gate_proj')!;
    assert.equal(expertGate.count, 48 * 128);
    assert.equal(expertGate.outFeatures, 768);
  });
});
