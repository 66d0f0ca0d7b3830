import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  CATALOG_KINDS,
  type CatalogKind,
  childKeyNames,
  getCatalog,
  lookupKey,
  templateNames,
} from '../../../server/src/core/catalog/catalogs';
import type { KeySpec } from '../../../server/src/core/catalog/types';
import { CORPUS, corpusFiles, keyPaths, readConfig, rel } from './corpusKeys';

function unknownKeys(kind: CatalogKind, doc: unknown, context?: { peftType?: string }): string[] {
  return keyPaths(doc)
    .filter((path) => lookupKey(kind, path, context) === undefined)
    .map((path) => path.join('.'));
}

const LF = join(CORPUS, 'llamafactory', 'examples');
// LLaMA-Factory v0 configs. Not these: v1 (other schema, USE_V1=1), megatron* (their own kind),
// accelerate launcher configs, the tokens_cfg special-token map and the deepspeed JSONs.
const lfFiles = corpusFiles(LF, /\.yaml$/).filter(
  (f) => !/examples\/(v1|megatron|megatron_bridge|accelerate|ktransformers\/accelerate)\//.test(f) && !f.endsWith('tokens_cfg.yaml'),
);
const megatronFiles = corpusFiles(LF, /\.yaml$/).filter((f) => /examples\/megatron(_bridge)?\//.test(f));
const accelerateFiles = [
  ...corpusFiles(join(LF, 'accelerate'), /\.yaml$/),
  ...corpusFiles(join(LF, 'ktransformers', 'accelerate'), /\.yaml$/),
];
const deepspeedFiles = [
  ...corpusFiles(join(CORPUS, 'deepspeed'), /\.json$/),
  ...corpusFiles(join(LF, 'deepspeed'), /\.json$/),
  ...corpusFiles(join(CORPUS, 'glm-finetune'), /^ds_.*\.json$/),
];
const peftFiles = corpusFiles(join(CORPUS, 'peft'), /adapter_config\.json$/);
const glmFiles = corpusFiles(join(CORPUS, 'glm-finetune'), /\.yaml$/);

describe('catalog: corpus files have zero unknown keys', () => {
  it('finds the corpus files it checks', () => {
    assert.equal(lfFiles.length, 63);
    assert.equal(megatronFiles.length, 3);
    assert.equal(accelerateFiles.length, 11);
    assert.equal(deepspeedFiles.length, 24);
    assert.equal(peftFiles.length, 8);
    assert.equal(glmFiles.length, 5);
  });

  const cases: Array<[string, CatalogKind, string[]]> = [
    ['LLaMA-Factory', 'llamafactory', lfFiles],
    ['LLaMA-Factory Megatron', 'llamafactory-megatron', megatronFiles],
    ['accelerate', 'accelerate', accelerateFiles],
    ['DeepSpeed', 'deepspeed', deepspeedFiles],
    ['GLM demo', 'glm-finetune', glmFiles],
  ];
  for (const [label, kind, files] of cases) {
    it(`${label} (${kind})`, () => {
      const problems = files.flatMap((f) => unknownKeys(kind, readConfig(f)).map((k) => `${rel(f)}: ${k}`));
      assert.deepEqual(problems, []);
    });
  }

  it('PEFT adapter_config.json, checked against their own peft_type', () => {
    const problems = peftFiles.flatMap((f) => {
      const doc = readConfig(f) as { peft_type?: string };
      assert.equal(doc.peft_type, 'LORA', rel(f));
      return unknownKeys('peft', doc, { peftType: doc.peft_type }).map((k) => `${rel(f)}: ${k}`);
    });
    assert.deepEqual(problems, []);
  });

  it('GLM peft_config blocks, checked by their peft_type', () => {
    for (const f of glmFiles) {
      const doc = readConfig(f) as { peft_config?: { peft_type?: string } };
      if (!doc.peft_config) continue;
      const peftType = doc.peft_config.peft_type;
      assert.ok(peftType === 'LORA' || peftType === 'PREFIX_TUNING', `${rel(f)}: ${peftType}`);
      assert.deepEqual(unknownKeys('glm-finetune', doc, { peftType }), [], rel(f));
    }
  });

  it('still reports real typos in the same files', () => {
    assert.equal(lookupKey('llamafactory', ['lora_rnak']), undefined);
    assert.equal(lookupKey('deepspeed', ['zero_optimization', 'stage3_max_live_params']), undefined);
    assert.equal(lookupKey('accelerate', ['fsdp_config', 'fsdp_verison']), undefined);
    assert.equal(lookupKey('glm-finetune', ['training_args', 'learing_rate']), undefined);
    assert.equal(lookupKey('glm-finetune', ['peft_config', 'r'], { peftType: 'PREFIX_TUNING' }), undefined);
    assert.equal(lookupKey('peft', ['lora_alpah'], { peftType: 'LORA' }), undefined);
  });
});

describe('catalog: LLaMA-Factory', () => {
  it('maps reference types to JSON types and keeps defaults and choices', () => {
    const lr = lookupKey('llamafactory', ['lora_rank']) as KeySpec;
    assert.deepEqual(lr.types, ['integer']);
    assert.equal(lr.default, 8);
    assert.deepEqual(lookupKey('llamafactory', ['template'])?.types, ['string', 'null']);
    assert.deepEqual(lookupKey('llamafactory', ['finetuning_type'])?.choices, ['lora', 'oft', 'freeze', 'full']);
    assert.deepEqual(lookupKey('llamafactory', ['stage'])?.choices, ['pt', 'sft', 'rm', 'ppo', 'dpo', 'kto']);
    assert.equal(lookupKey('llamafactory', ['cutoff_len'])?.default, 2048);
    assert.equal(lookupKey('llamafactory', ['cutoff_len'])?.memory, true);
    assert.equal(lookupKey('llamafactory', ['learning_rate'])?.default, 5e-5);
  });

  it('marks the comma-separated keys as string-or-list', () => {
    for (const k of ['dataset', 'eval_dataset', 'interleave_probs', 'lora_target', 'oft_target', 'additional_target',
      'freeze_trainable_modules', 'freeze_extra_modules', 'galore_target', 'apollo_target']) {
      const spec = lookupKey('llamafactory', [k]) as KeySpec;
      assert.equal(spec.commaList, true, k);
      assert.ok(spec.types.includes('string') && spec.types.includes('array'), k);
    }
    assert.equal(lookupKey('llamafactory', ['model_name_or_path'])?.commaList, undefined);
  });

  it('marks the init=False fields as derived', () => {
    for (const k of ['compute_dtype', 'device_map', 'model_max_length', 'block_diag_attn', 'megatron_bridge_args']) {
      assert.equal(lookupKey('llamafactory', [k])?.derived, true, k);
    }
  });

  it('records which commands accept a key', () => {
    assert.deepEqual(lookupKey('llamafactory', ['lora_rank'])?.commands, ['train', 'infer', 'eval']);
    assert.deepEqual(lookupKey('llamafactory', ['temperature'])?.commands, ['train', 'infer']);
    assert.deepEqual(lookupKey('llamafactory', ['per_device_train_batch_size'])?.commands, ['train']);
    assert.deepEqual(lookupKey('llamafactory', ['n_shot'])?.commands, ['eval']);
    // seed is both TrainingArguments (train) and EvaluationArguments (eval): merged, not overwritten
    assert.deepEqual(lookupKey('llamafactory', ['seed'])?.commands, ['train', 'eval']);
    assert.equal(lookupKey('llamafactory', ['seed'])?.default, 42);
  });

  it('has deprecated and renamed keys with their replacement', () => {
    const es = lookupKey('llamafactory', ['evaluation_strategy']) as KeySpec;
    assert.equal(es.deprecated?.replacedBy, 'eval_strategy');
    assert.equal(es.deprecated?.since, 'transformers 4.46');
    assert.equal(lookupKey('llamafactory', ['no_cuda'])?.deprecated?.replacedBy, 'use_cpu');
    assert.equal(lookupKey('llamafactory', ['per_gpu_train_batch_size'])?.deprecated?.replacedBy, 'per_device_train_batch_size');
    assert.equal(lookupKey('llamafactory', ['dpo_beta'])?.deprecated?.replacedBy, 'pref_beta');
    assert.equal(lookupKey('llamafactory', ['new_special_tokens'])?.deprecated?.replacedBy, 'add_special_tokens');
    assert.equal(lookupKey('llamafactory', ['image_resolution'])?.deprecated?.replacedBy, 'image_max_pixels');
    assert.equal(lookupKey('llamafactory', ['sft_packing'])?.deprecated?.since, 'LLaMA-Factory v0.6.0');
    assert.equal(lookupKey('llamafactory', ['eval_strategy'])?.deprecated, undefined);
  });

  it('keeps version notes of keys found in one transformers major only', () => {
    assert.match(lookupKey('llamafactory', ['train_sampling_strategy'])?.versions ?? '', /5\.x only/);
    assert.match(lookupKey('llamafactory', ['save_safetensors'])?.versions ?? '', /removed in 5\.x/);
  });

  it('keeps Megatron keys out of plain configs and in Megatron ones', () => {
    assert.equal(lookupKey('llamafactory', ['tensor_model_parallel_size']), undefined);
    const tp = lookupKey('llamafactory-megatron', ['tensor_model_parallel_size']) as KeySpec;
    assert.equal(tp.default, 1);
    assert.equal(tp.memory, true);
    assert.ok(lookupKey('llamafactory-megatron', ['lora_rank']));
    assert.equal(Object.keys(getCatalog('llamafactory-megatron').keys).length - Object.keys(getCatalog('llamafactory').keys).length, 26);
  });

  it('lists the registered chat templates', () => {
    const names = templateNames();
    assert.equal(names.length, 124);
    assert.equal(new Set(names).size, 124);
    for (const t of ['qwen3', 'qwen3_nothink', 'qwen3_5', 'llama3', 'mistral', 'gemma3', 'chatml', 'default', 'empty', 'glm4', 'qwen2_vl']) {
      assert.ok(names.includes(t), t);
    }
    // the docstring example in register_template is not a registered template
    assert.ok(!names.includes('custom'));
    const used = [...lfFiles, ...megatronFiles]
      .map((f) => (readConfig(f) as { template?: string }).template)
      .filter((t): t is string => typeof t === 'string');
    assert.ok(used.length > 40);
    assert.deepEqual(used.filter((t) => !names.includes(t)), []);
  });
});

describe('catalog: DeepSpeed', () => {
  it('looks up nested ZeRO keys with types, defaults and "auto"', () => {
    const stage = lookupKey('deepspeed', ['zero_optimization', 'stage']) as KeySpec;
    assert.deepEqual(stage.choices, [0, 1, 2, 3]);
    assert.equal(stage.default, 0);
    const device = lookupKey('deepspeed', ['zero_optimization', 'offload_optimizer', 'device']) as KeySpec;
    assert.deepEqual(device.choices, ['none', 'cpu', 'nvme']);
    assert.equal(lookupKey('deepspeed', ['zero_optimization', 'offload_param', 'buffer_count'])?.default, 5);
    assert.equal(lookupKey('deepspeed', ['zero_optimization', 'offload_optimizer', 'buffer_count'])?.default, 4);
    assert.equal(lookupKey('deepspeed', ['zero_optimization', 'offload_optimizer', 'ratio'])?.maximum, 1);
    assert.equal(lookupKey('deepspeed', ['train_micro_batch_size_per_gpu'])?.acceptsAuto, true);
    assert.equal(lookupKey('deepspeed', ['zero_optimization', 'reduce_bucket_size'])?.acceptsAuto, true);
    assert.equal(lookupKey('deepspeed', ['steps_per_print'])?.acceptsAuto, undefined);
    assert.equal(lookupKey('deepspeed', ['zero_optimization'])?.rejectsUnknownChildren, true);
    assert.equal(getCatalog('deepspeed').rejectsUnknownKeys, false);
  });

  it('accepts both the stage3_ name and the pydantic field name', () => {
    const a = lookupKey('deepspeed', ['zero_optimization', 'stage3_max_live_parameters']) as KeySpec;
    const b = lookupKey('deepspeed', ['zero_optimization', 'max_live_parameters']) as KeySpec;
    assert.equal(a.aliasOf, 'max_live_parameters');
    assert.equal(a.default, 1000000000);
    assert.equal(b.default, 1000000000);
    assert.ok(lookupKey('deepspeed', ['zero_optimization', 'gather_16bit_weights_on_model_save']));
    assert.ok(lookupKey('deepspeed', ['zero_optimization', 'stage3_prefetch_bucket_size'])?.acceptsAuto);
  });

  it('has deprecated, legacy and ignored entries', () => {
    assert.equal(lookupKey('deepspeed', ['zero_optimization', 'cpu_offload'])?.deprecated?.replacedBy, 'offload_optimizer');
    assert.equal(
      lookupKey('deepspeed', ['zero_optimization', 'stage3_gather_fp16_weights_on_model_save'])?.deprecated?.replacedBy,
      'stage3_gather_16bit_weights_on_model_save',
    );
    assert.equal(lookupKey('deepspeed', ['bfloat16'])?.deprecated?.replacedBy, 'bf16');
    assert.ok(lookupKey('deepspeed', ['bfloat16', 'enabled']));
    assert.equal(lookupKey('deepspeed', ['comms_config'])?.ignored?.useInstead, 'comms_logger');
    assert.ok(lookupKey('deepspeed', ['_comment'])?.ignored);
    assert.equal(lookupKey('deepspeed', ['zero_optimization', '_comment']), undefined);
  });

  it('leaves optimizer and scheduler params open', () => {
    assert.ok(lookupKey('deepspeed', ['optimizer', 'params', 'betas'])?.openChildren);
    assert.ok(lookupKey('deepspeed', ['scheduler', 'params', 'warmup_num_steps']));
    assert.equal(lookupKey('deepspeed', ['optimizer', 'parms']), undefined);
    assert.deepEqual(childKeyNames('deepspeed', ['fp16']).sort(), [
      'auto_cast', 'consecutive_hysteresis', 'enabled', 'fp16_master_weights_and_grads', 'hysteresis',
      'initial_scale_power', 'loss_scale', 'loss_scale_window', 'min_loss_scale',
    ]);
  });
});

describe('catalog: PEFT', () => {
  it('looks fields up per peft_type', () => {
    assert.equal(lookupKey('peft', ['r'], { peftType: 'LORA' })?.default, 8);
    assert.equal(lookupKey('peft', ['r'], { peftType: 'vera' })?.default, 256);
    assert.equal(lookupKey('peft', ['r'], { peftType: 'PREFIX_TUNING' }), undefined);
    assert.equal(lookupKey('peft', ['num_virtual_tokens'], { peftType: 'PREFIX_TUNING' })?.types.includes('integer'), true);
    assert.equal(lookupKey('peft', ['target_r'], { peftType: 'ADALORA' })?.default, 8);
    assert.ok(lookupKey('peft', ['lora_alpha'], { peftType: 'ADALORA' }));
    assert.deepEqual(lookupKey('peft', ['bias'], { peftType: 'LORA' })?.choices, ['none', 'all', 'lora_only']);
    assert.ok(lookupKey('peft', ['task_type'])?.choices?.includes('CAUSAL_LM'));
    assert.ok(lookupKey('peft', ['peft_type'])?.choices?.includes('PREFIX_TUNING'));
    // no peft_type known: a field of any method is accepted
    assert.ok(lookupKey('peft', ['num_virtual_tokens']));
    assert.equal(lookupKey('peft', ['enable_lora'], { peftType: 'LORA' })?.deprecated?.since, 'peft 0.3');
  });

  it('lists names for one method', () => {
    const lora = childKeyNames('peft', [], { peftType: 'LORA' });
    assert.ok(lora.includes('lora_dropout') && lora.includes('task_type') && !lora.includes('num_virtual_tokens'));
    const prefix = childKeyNames('glm-finetune', ['peft_config'], { peftType: 'PREFIX_TUNING' });
    assert.ok(prefix.includes('num_virtual_tokens') && !prefix.includes('r'));
  });
});

describe('catalog: accelerate and GLM', () => {
  it('looks up accelerate nested keys', () => {
    assert.ok(lookupKey('accelerate', ['distributed_type'])?.choices?.includes('FSDP'));
    assert.ok(lookupKey('accelerate', ['fsdp_config', 'fsdp_state_dict_type'])?.choices?.includes('SHARDED_STATE_DICT'));
    assert.deepEqual(lookupKey('accelerate', ['deepspeed_config', 'zero_stage'])?.choices, [0, 1, 2, 3]);
    assert.ok(lookupKey('accelerate', ['deepspeed_config', 'deepspeed_multinode_launcher']));
    assert.ok(lookupKey('accelerate', ['megatron_lm_config', 'megatron_lm_tp_degree']));
    assert.ok(lookupKey('accelerate', ['dynamo_config', 'dynamo_backend']));
    assert.equal(getCatalog('accelerate').rejectsUnknownKeys, true);
  });

  it('draws GLM training_args from the HF training keys', () => {
    const names = childKeyNames('glm-finetune', ['training_args']);
    assert.equal(names.length, Object.keys(getCatalog('llamafactory').keys).filter((k) => lookupKey('llamafactory', [k])?.source?.startsWith('transformers')).length);
    assert.equal(lookupKey('glm-finetune', ['training_args', 'evaluation_strategy'])?.deprecated?.replacedBy, 'eval_strategy');
    assert.ok(lookupKey('glm-finetune', ['training_args', 'generation_config', 'max_new_tokens'])?.openChildren);
    assert.deepEqual(childKeyNames('glm-finetune', ['data_config']), ['train_file', 'val_file', 'test_file', 'num_proc']);
    assert.equal(lookupKey('glm-finetune', ['peft_config', 'num_virtual_tokens'], { peftType: 'PREFIX_TUNING' })?.name, 'num_virtual_tokens');
  });

  it('gives every catalog a source and a version, and every key a one-line doc', () => {
    for (const kind of CATALOG_KINDS) {
      const c = getCatalog(kind);
      assert.ok(c.source.length > 20 && c.version.length > 3, kind);
      const walk = (keys: Record<string, KeySpec>, where: string): void => {
        for (const [name, spec] of Object.entries(keys)) {
          assert.equal(spec.name, name, `${where}${name}`);
          assert.ok(spec.doc.length > 3 && !spec.doc.includes('\n'), `${where}${name}`);
          assert.ok(spec.types.length > 0, `${where}${name}`);
          if (spec.children) walk(spec.children, `${where}${name}.`);
        }
      };
      walk(c.keys, `${kind}:`);
      for (const fields of Object.values(c.byPeftType ?? {})) walk(fields, `${kind}:`);
    }
  });
});
