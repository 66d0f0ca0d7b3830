import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeDocument } from '../../../server/src/core/analyze';
import type { LintDiagnostic } from '../../../server/src/core/diagnostics';
import { ALL_RULES } from '../../../server/src/core/rules';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { nodeFileHost } from '../../../server/src/node/nodeHost';

// Start from a real corpus file, inject one known mistake, and assert that exactly the expected findings appear:
// rule id and the text their range covers — and nothing else.

const CORPUS = path.resolve(__dirname, '../../../../test/fixtures/corpus');
const LF = path.join(CORPUS, 'llamafactory');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'vramlint-mut-'));
const HARDCODED_DS = path.join(TMP, 'ds_hardcoded.json');
fs.writeFileSync(HARDCODED_DS, JSON.stringify({ train_micro_batch_size_per_gpu: 4, gradient_accumulation_steps: 'auto', zero_optimization: { stage: 2 } }, null, 2));

interface Case {
  name: string;
  base: string;
  /** [find, replace] pairs applied in order; `find` must occur. */
  edits?: Array<[string, string]>;
  append?: string;
  prepend?: string;
  expect: Array<{ code: string; text: string }>;
}

const Q = 'llamafactory/examples/train_lora/qwen3_lora_sft.yaml';
const MERGE = 'llamafactory/examples/merge_lora/qwen3_lora_sft.yaml';
const Z2 = 'llamafactory/examples/deepspeed/ds_z2_config.json';
const ADAPTER = 'peft/EDLlyc+kangya-glm4-lora/adapter_config.json';
const GLM = 'glm-finetune/GLM-4/lora.yaml';
const ACC = 'llamafactory/examples/accelerate/fsdp_config.yaml';

export const CASES: Case[] = [
  { name: 'typo cutoff_len', base: Q, edits: [['cutoff_len:', 'cutof_len:']], expect: [{ code: 'unknown-key', text: 'cutof_len' }] },
  { name: 'typo learning_rate', base: Q, edits: [['learning_rate:', 'learing_rate:']], expect: [{ code: 'unknown-key', text: 'learing_rate' }] },
  { name: 'typo lora_rank', base: Q, edits: [['lora_rank:', 'lora_rnak:']], expect: [{ code: 'unknown-key', text: 'lora_rnak' }] },
  { name: 'typo batch size key', base: Q, edits: [['per_device_train_batch_size:', 'per_device_train_batchsize:']], expect: [{ code: 'unknown-key', text: 'per_device_train_batchsize' }] },
  { name: 'typo gradient_accumulation_steps', base: Q, edits: [['gradient_accumulation_steps:', 'gradient_accumulation_step:']], expect: [{ code: 'unknown-key', text: 'gradient_accumulation_step' }] },
  { name: 'wrong finetuning_type', base: Q, edits: [['finetuning_type: lora', 'finetuning_type: qlora']], expect: [{ code: 'invalid-choice', text: 'qlora' }] },
  { name: 'wrong lr_scheduler_type', base: Q, edits: [['lr_scheduler_type: cosine', 'lr_scheduler_type: cosin']], expect: [{ code: 'invalid-choice', text: 'cosin' }] },
  { name: 'wrong stage', base: Q, edits: [['stage: sft', 'stage: sfft']], expect: [{ code: 'invalid-choice', text: 'sfft' }] },
  { name: 'wrong flash_attn', base: Q, append: 'flash_attn: fa4\n', expect: [{ code: 'invalid-choice', text: 'fa4' }] },
  { name: 'wrong optim', base: Q, append: 'optim: adamw_torchh\n', expect: [{ code: 'invalid-choice', text: 'adamw_torchh' }] },
  { name: 'unknown quantization_method', base: Q, append: 'quantization_bit: 4\nquantization_method: bnbb\n', expect: [{ code: 'invalid-choice', text: 'bnbb' }] },
  { name: 'fp16 + bf16', base: Q, append: 'fp16: true\n', expect: [{ code: 'precision-conflict', text: 'bf16' }] },
  { name: 'fp16 + bf16 full eval', base: Q, append: 'fp16_full_eval: true\nbf16_full_eval: true\n', expect: [{ code: 'precision-conflict', text: 'bf16_full_eval' }] },
  { name: 'quantization with full fine-tuning', base: Q, edits: [['finetuning_type: lora', 'finetuning_type: full']], append: 'quantization_bit: 4\n', expect: [{ code: 'quantization', text: 'quantization_bit' }] },
  { name: '3-bit bitsandbytes', base: Q, append: 'quantization_bit: 3\n', expect: [{ code: 'quantization', text: '3' }] },
  { name: 'eetq at 4 bits', base: Q, append: 'quantization_bit: 4\nquantization_method: eetq\n', expect: [{ code: 'quantization', text: '4' }] },
  { name: 'quantization with resize_vocab', base: Q, append: 'quantization_bit: 4\nresize_vocab: true\n', expect: [{ code: 'quantization', text: 'resize_vocab' }] },
  { name: 'quoted number', base: Q, edits: [['cutoff_len: 2048', 'cutoff_len: "2048"']], expect: [{ code: 'value-type', text: '"2048"' }] },
  { name: 'word for a number', base: Q, edits: [['num_train_epochs: 3.0', 'num_train_epochs: three']], expect: [{ code: 'value-type', text: 'three' }] },
  { name: 'list for a boolean', base: Q, edits: [['plot_loss: true', 'plot_loss: [true]']], expect: [{ code: 'value-type', text: '[true]' }] },
  { name: 'yes for a boolean (YAML 1.1)', base: Q, edits: [['do_train: true', 'do_train: yes']], expect: [{ code: 'yaml11-value', text: 'yes' }] },
  { name: 'no as text (YAML 1.1)', base: Q, edits: [['report_to: none', 'report_to: no']], expect: [{ code: 'yaml11-value', text: 'no' }] },
  { name: 'unknown template', base: Q, edits: [['template: qwen3_nothink', 'template: qwen3_nothnk']], expect: [{ code: 'unknown-template', text: 'qwen3_nothnk' }] },
  { name: 'unknown dataset', base: Q, edits: [['dataset: identity,alpaca_en_demo', 'dataset: identity,alpaca_en_dem']], expect: [{ code: 'unknown-dataset', text: 'alpaca_en_dem' }] },
  { name: 'pairwise stage with plain data', base: Q, edits: [['stage: sft', 'stage: rm']], expect: [{ code: 'unknown-dataset', text: 'identity' }, { code: 'unknown-dataset', text: 'alpaca_en_demo' }] },
  { name: 'duplicate key', base: Q, append: 'stage: sft\n', expect: [{ code: 'duplicate-key', text: 'stage' }] },
  { name: 'derived key', base: Q, append: 'compute_dtype: bfloat16\n', expect: [{ code: 'derived-key', text: 'compute_dtype' }] },
  { name: 'removed key', base: Q, append: "evaluation_strategy: 'no'\n", expect: [{ code: 'deprecated-key', text: 'evaluation_strategy' }] },
  { name: 'DoRA with freeze tuning', base: Q, edits: [['finetuning_type: lora', 'finetuning_type: freeze']], append: 'use_dora: true\n', expect: [{ code: 'lora-only-option', text: 'use_dora' }] },
  { name: 'rsLoRA with full tuning', base: Q, edits: [['finetuning_type: lora', 'finetuning_type: full']], append: 'use_rslora: true\n', expect: [{ code: 'lora-only-option', text: 'use_rslora' }] },
  { name: 'neat_packing outside SFT', base: Q, edits: [['stage: sft', 'stage: pt']], append: 'neat_packing: true\n', expect: [{ code: 'stage-option', text: 'neat_packing' }] },
  { name: 'PPO without reward model', base: Q, edits: [['stage: sft', 'stage: ppo']], expect: [{ code: 'stage-option', text: 'stage' }] },
  { name: 'mask_history with train_on_prompt', base: Q, append: 'mask_history: true\ntrain_on_prompt: true\n', expect: [{ code: 'stage-option', text: 'mask_history' }] },
  { name: 'eval_dataset and val_size', base: Q, append: 'eval_dataset: alpaca_en_demo\nval_size: 0.1\n', expect: [{ code: 'evaluation-data', text: 'val_size' }] },
  { name: 'evaluation without data', base: Q, append: 'eval_strategy: steps\n', expect: [{ code: 'evaluation-data', text: 'eval_strategy' }] },
  { name: 'predict_with_generate without data', base: Q, append: 'predict_with_generate: true\n', expect: [{ code: 'evaluation-data', text: 'predict_with_generate' }] },
  { name: 'load_best with mismatched strategies', base: Q, append: 'load_best_model_at_end: true\neval_strategy: steps\nsave_strategy: epoch\nval_size: 0.1\n', expect: [{ code: 'save-eval-strategy', text: 'load_best_model_at_end' }] },
  { name: 'streaming without max_steps', base: Q, edits: [['max_samples: 1000\n', '']], append: 'streaming: true\n', expect: [{ code: 'streaming', text: 'streaming' }] },
  { name: 'GaLore with LoRA', base: Q, append: 'use_galore: true\n', expect: [{ code: 'optimizer-conflict', text: 'use_galore' }] },
  { name: 'GaLore and BAdam together', base: Q, edits: [['finetuning_type: lora', 'finetuning_type: full']], append: 'use_galore: true\nuse_badam: true\n', expect: [{ code: 'optimizer-conflict', text: 'use_badam' }] },
  { name: 'inverted pixel bounds', base: Q, append: 'image_max_pixels: 100\nimage_min_pixels: 200\n', expect: [{ code: 'pixel-bounds', text: 'image_max_pixels' }] },
  { name: 'all mixed into lora_target', base: Q, edits: [['lora_target: all', 'lora_target: all,embed_tokens']], expect: [{ code: 'lora-target-all', text: 'all,embed_tokens' }] },
  { name: 'missing DeepSpeed file', base: Q, append: 'deepspeed: examples/deepspeed/ds_missing.json\n', expect: [{ code: 'deepspeed-file', text: 'examples/deepspeed/ds_missing.json' }] },
  { name: 'pure_bf16 with ZeRO-3', base: Q, append: 'deepspeed: examples/deepspeed/ds_z3_config.json\npure_bf16: true\n', expect: [{ code: 'zero3-conflict', text: 'pure_bf16' }] },
  { name: 'hard-coded DeepSpeed micro batch', base: Q, append: `deepspeed: ${HARDCODED_DS}\n`, expect: [{ code: 'deepspeed-mismatch', text: HARDCODED_DS }] },
  { name: 'no model', base: Q, edits: [['model_name_or_path: Qwen/Qwen3-4B-Instruct-2507\n', '']], expect: [{ code: 'missing-model', text: 'trust_remote_code' }] },
  { name: 'training key in an export config', base: MERGE, append: 'learning_rate: 1.0e-4\n', expect: [{ code: 'command-key', text: 'learning_rate' }] },
  { name: 'Megatron key without USE_MCA', base: Q, append: 'tensor_model_parallel_size: 2\n', expect: [{ code: 'megatron-key', text: 'tensor_model_parallel_size' }] },
  { name: 'malformed directive', base: Q, prepend: '# vramlint: gpuz=2\n', expect: [{ code: 'directive', text: 'gpuz' }] },
  { name: 'unknown GPU', base: Q, prepend: '# vramlint: gpu=banana\n', expect: [{ code: 'unknown-gpu', text: 'banana' }] },
  { name: 'batch size 0', base: Q, edits: [['per_device_train_batch_size: 1', 'per_device_train_batch_size: 0']], expect: [{ code: 'value-range', text: '0' }] },
  { name: 'negative LoRA rank', base: Q, edits: [['lora_rank: 8', 'lora_rank: -8']], expect: [{ code: 'value-range', text: '-8' }] },
  { name: 'dropout above 1', base: Q, append: 'lora_dropout: 1.5\n', expect: [{ code: 'value-range', text: '1.5' }] },
  { name: 'unknown model', base: Q, edits: [['model_name_or_path: Qwen/Qwen3-4B-Instruct-2507', 'model_name_or_path: acme/MysteryLM-13B']], expect: [{ code: 'model-source', text: 'acme/MysteryLM-13B' }] },
  { name: 'does not fit an 8 GiB card', base: Q, prepend: '# vramlint: gpu=8GiB\n', expect: [{ code: 'memory-fit', text: '8GiB' }] },
  { name: 'alias bomb', base: Q, append: ['b0: &b0 [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 7 }, (_, i) => `b${i + 1}: &b${i + 1} [${Array(10).fill(`*b${i}`).join(', ')}]`)].join('\n') + '\n', expect: [{ code: 'analysis-limit', text: '### model' }] },
  { name: 'adapter folder without adapter_config.json', base: MERGE, edits: [['adapter_name_or_path: saves/qwen3-4b/lora/sft', 'adapter_name_or_path: ./examples/deepspeed']], expect: [{ code: 'adapter-path', text: './examples/deepspeed' }] },
  { name: 'advice: lora_alpha far from the rank', base: Q, append: 'lora_alpha: 256\n', expect: [{ code: 'lora-scaling', text: '256' }] },
  { name: 'advice: large rank without rsLoRA', base: Q, edits: [['lora_rank: 8', 'lora_rank: 128']], expect: [{ code: 'lora-scaling', text: '128' }] },
  { name: 'YAML syntax error', base: Q, edits: [['dataset: identity,alpaca_en_demo', 'dataset: [identity,alpaca_en_demo']], expect: [{ code: 'yaml-syntax', text: '' }] },

  { name: 'DeepSpeed: typo in zero_optimization', base: Z2, edits: [['"overlap_comm"', '"overlap_com"']], expect: [{ code: 'unknown-key', text: '"overlap_com"' }] },
  { name: 'DeepSpeed: misspelt section', base: Z2, edits: [['"zero_optimization"', '"zero_optimisation"']], expect: [{ code: 'unknown-key', text: '"zero_optimisation"' }] },
  { name: 'DeepSpeed: offload_param at stage 2', base: Z2, edits: [['"stage": 2,', '"stage": 2,\n    "offload_param": {"device": "cpu"},']], expect: [{ code: 'offload-stage', text: '"offload_param"' }] },
  { name: 'DeepSpeed: fp16 and bf16 enabled', base: Z2, edits: [['"enabled": "auto",', '"enabled": true,'], ['"bf16": {\n    "enabled": "auto"', '"bf16": {\n    "enabled": true']], expect: [{ code: 'deepspeed-precision', text: 'true' }] },
  { name: 'DeepSpeed: trailing comma', base: Z2, edits: [['"round_robin_gradients": true', '"round_robin_gradients": true,']], expect: [{ code: 'json-syntax', text: '}' }] },
  { name: 'DeepSpeed: comment', base: Z2, edits: [['"zero_allow_untested_optimizer": true,', '"zero_allow_untested_optimizer": true, // yes']], expect: [{ code: 'json-syntax', text: '// yes' }] },
  { name: 'DeepSpeed: batch sizes that cannot multiply', base: Z2, edits: [['"train_batch_size": "auto"', '"train_batch_size": 16'], ['"train_micro_batch_size_per_gpu": "auto"', '"train_micro_batch_size_per_gpu": 3'], ['"gradient_accumulation_steps": "auto"', '"gradient_accumulation_steps": 2']], expect: [{ code: 'deepspeed-batch-size', text: '16' }] },
  { name: 'DeepSpeed: stage as text', base: Z2, edits: [['"stage": 2', '"stage": "2"']], expect: [{ code: 'value-type', text: '"2"' }] },
  { name: 'DeepSpeed: duplicate key', base: Z2, edits: [['"gradient_clipping": "auto",', '"gradient_clipping": "auto",\n  "gradient_clipping": 1.0,']], expect: [{ code: 'duplicate-key', text: '"gradient_clipping"' }] },

  { name: 'PEFT: unknown field', base: ADAPTER, edits: [['"lora_dropout"', '"lora_droput"']], expect: [{ code: 'unknown-key', text: '"lora_droput"' }] },
  { name: 'PEFT: bad peft_type', base: ADAPTER, edits: [['"peft_type": "LORA"', '"peft_type": "LORAA"']], expect: [{ code: 'invalid-choice', text: '"LORAA"' }] },
  { name: 'PEFT: alpha as text', base: ADAPTER, edits: [['"lora_alpha": 16', '"lora_alpha": "16"']], expect: [{ code: 'value-type', text: '"16"' }] },

  { name: 'GLM: typo at top level', base: GLM, edits: [['max_input_length:', 'max_input_lenght:']], expect: [{ code: 'unknown-key', text: 'max_input_lenght' }] },
  { name: 'GLM: typo in training_args', base: GLM, edits: [['  learning_rate: 5e-4', '  learnig_rate: 5e-4']], expect: [{ code: 'unknown-key', text: 'learnig_rate' }] },
  { name: 'GLM: typo in peft_config', base: GLM, edits: [['  lora_alpha: 32', '  lora_alph: 32']], expect: [{ code: 'unknown-key', text: 'lora_alph' }] },
  { name: 'GLM: removed evaluation_strategy', base: GLM, edits: [['  eval_strategy: steps', '  evaluation_strategy: steps']], expect: [{ code: 'deprecated-key', text: 'evaluation_strategy' }] },
  { name: 'GLM: bad peft_type', base: GLM, edits: [['peft_type: LORA', 'peft_type: LORRA']], expect: [{ code: 'invalid-choice', text: 'LORRA' }] },

  { name: 'accelerate: bad distributed_type', base: ACC, edits: [['distributed_type: FSDP', 'distributed_type: FSDPP']], expect: [{ code: 'invalid-choice', text: 'FSDPP' }] },
  { name: 'accelerate: typo in fsdp_config', base: ACC, edits: [['fsdp_sharding_strategy', 'fsdp_sharding_stratgy']], expect: [{ code: 'unknown-key', text: 'fsdp_sharding_stratgy' }] },
  { name: 'accelerate: word for a number', base: ACC, edits: [['num_processes: 2', 'num_processes: two']], expect: [{ code: 'value-type', text: 'two' }] },
];

function workspaceOf(rel: string): string {
  if (rel.startsWith('llamafactory/')) return LF;
  if (rel.startsWith('glm-finetune/')) return path.join(CORPUS, rel.split('/').slice(0, 2).join('/'));
  return path.dirname(path.join(CORPUS, rel));
}

function analyze(rel: string, text: string): LintDiagnostic[] {
  const file = path.join(CORPUS, rel);
  return analyzeDocument({ path: file, text, settings: DEFAULT_SETTINGS, host: nodeFileHost(), environment: { env: {}, homeDir: '/nonexistent' }, workspaceDirs: [workspaceOf(rel)] }).diagnostics;
}

describe('mutation tests: one injected mistake → exactly the expected findings', () => {
  after(() => fs.rmSync(TMP, { recursive: true, force: true }));
  it('every rule has at least one positive case (the corpus test is every rule’s negative case)', () => {
    const covered = new Set([...CASES.flatMap((c) => c.expect.map((e) => e.code)), 'ignored-key' /* corpus: ds_z3_fp8_config.json */]);
    assert.deepEqual(ALL_RULES.map((r) => r.id).filter((id) => !covered.has(id)), []);
  });
  it(`has at least 60 cases (${CASES.length})`, () => assert.ok(CASES.length >= 60));
  for (const c of CASES) {
    it(c.name, () => {
      const original = fs.readFileSync(path.join(CORPUS, c.base), 'utf8');
      let text = original;
      for (const [find, replace] of c.edits ?? []) {
        assert.ok(text.includes(find), `fixture no longer contains ${JSON.stringify(find)}`);
        text = text.replace(find, replace);
      }
      if (c.append) text = text + (text.endsWith('\n') ? '' : '\n') + c.append;
      if (c.prepend) text = c.prepend + text;
      const key = (d: LintDiagnostic): string => `${d.code}|${d.message}`;
      const before = new Set(analyze(c.base, original).map(key));
      const found = analyze(c.base, text).filter((d) => !before.has(key(d)));
      const got = found.map((d) => ({ code: d.code, text: text.slice(d.span.start, d.span.end) }));
      if (c.expect.length === 1 && c.expect[0].code.endsWith('-syntax') && c.expect[0].text === '') {
        assert.ok(got.length >= 1 && got.every((g) => g.code === c.expect[0].code), JSON.stringify(got));
        return;
      }
      assert.deepEqual(got, c.expect, JSON.stringify(found.map((d) => d.message)));
    });
  }
});
