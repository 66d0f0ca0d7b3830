import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeDocument, type Analysis } from '../../../server/src/core/analyze';
import { overlayHost } from '../../../server/src/core/overlayHost';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { applyTextEdits } from '../../../server/src/features/configEdits';
import { memoryFitFixes } from '../../../server/src/features/memoryFixes';
import { nodeFileHost } from '../../../server/src/node/nodeHost';

// Each kind of memory fix, on a config built to need it: the fix is offered, its title carries the estimate it leads
// to, applying it makes the estimate fit, and only the lines it names change.

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'vramlint-fixes-'));
const FILE = path.join(DIR, 'train.yaml');

function analyze(text: string, files?: ReadonlyMap<string, string>): Analysis {
  const host = files?.size ? overlayHost(nodeFileHost(), files) : nodeFileHost();
  return analyzeDocument({ path: FILE, text, settings: DEFAULT_SETTINGS, host, environment: { env: {}, homeDir: '/nonexistent' }, workspaceDirs: [DIR] });
}

function fixesFor(text: string) {
  const a = analyze(text);
  assert.ok(a.diagnostics.some((d) => d.code === 'memory-fit'), 'the config must not fit to begin with');
  return { a, fixes: memoryFitFixes(a, (t, files) => analyze(t, files), () => []) };
}

function apply(text: string, fix: ReturnType<typeof memoryFitFixes>[number]) {
  const out = applyTextEdits(text, fix.edits);
  const files = new Map((fix.createFiles ?? []).map((f) => [f.path, f.content]));
  const after = analyze(out, files);
  assert.ok(after.estimate && after.estimate.perGpuBytes <= after.estimate.capacityBytes!, `${fix.title}: still ${after.estimate?.perGpuBytes}`);
  assert.ok(!after.diagnostics.some((d) => d.code === 'memory-fit' && d.severity === 'error'), fix.title);
  const m = /→ (\d+\.\d) GiB of/.exec(fix.title);
  assert.ok(m, fix.title);
  assert.equal(m[1], (after.estimate!.perGpuBytes / 1024 ** 3).toFixed(1), 'the title shows the estimate the fix leads to');
  return out;
}

function changed(before: string, after: string): string[] {
  const b = new Set(before.split('\n'));
  return after.split('\n').filter((l) => !b.has(l));
}

const BASE = (extra: string, gpu = 'RTX 4090', gpus = 1) =>
  `# vramlint: gpu=${gpu} gpus=${gpus}\n# a comment that must survive\nmodel_name_or_path: Qwen/Qwen2.5-7B-Instruct\nstage: sft\ndo_train: true\n${extra}dataset: identity\ntemplate: qwen\noutput_dir: out  # keep me\nbf16: true\n`;

describe('memory-fit quick fixes, one kind at a time', () => {
  after(() => fs.rmSync(DIR, { recursive: true, force: true }));

  it('turns gradient checkpointing back on', () => {
    const text = BASE('finetuning_type: lora\ncutoff_len: 1024\nper_device_train_batch_size: 1\ndisable_gradient_checkpointing: true\nquantization_bit: 4\n', '16GiB');
    const { fixes } = fixesFor(text);
    const fix = fixes.find((f) => f.title.startsWith('Turn gradient checkpointing back on'));
    assert.ok(fix, JSON.stringify(fixes.map((f) => f.title)));
    assert.deepEqual(changed(text, apply(text, fix)), ['disable_gradient_checkpointing: false']);
  });

  it('switches LoRA to 4-bit QLoRA, adding two lines after finetuning_type', () => {
    const text = BASE('finetuning_type: lora\ncutoff_len: 512\nper_device_train_batch_size: 1\n', '16GiB');
    const { fixes } = fixesFor(text);
    const fix = fixes.find((f) => f.title.startsWith('Switch to 4-bit QLoRA'));
    assert.ok(fix, JSON.stringify(fixes.map((f) => f.title)));
    const out = apply(text, fix);
    assert.deepEqual(changed(text, out), ['quantization_bit: 4', 'quantization_method: bnb']);
    assert.match(out, /finetuning_type: lora\nquantization_bit: 4\nquantization_method: bnb\n/);
  });

  it('enables Liger kernels when the logits dominate', () => {
    const text = BASE('finetuning_type: lora\ncutoff_len: 4096\nper_device_train_batch_size: 2\nquantization_bit: 4\n', 'RTX 4090');
    const { fixes } = fixesFor(text);
    const fix = fixes.find((f) => f.title.startsWith('Enable Liger kernels'));
    assert.ok(fix, JSON.stringify(fixes.map((f) => f.title)));
    assert.deepEqual(changed(text, apply(text, fix)), ['enable_liger_kernel: true']);
  });

  it('trains a full fine-tune in pure bf16, adding the key after bf16', () => {
    const text = BASE('finetuning_type: full\ncutoff_len: 512\nper_device_train_batch_size: 1\n', '40GiB').replace('Qwen2.5-7B-Instruct', 'Qwen2.5-1.5B-Instruct');
    const { fixes } = fixesFor(text);
    const fix = fixes.find((f) => f.title.startsWith('Train in pure bf16'));
    assert.ok(fix, JSON.stringify(fixes.map((f) => f.title)));
    const out = apply(text, fix);
    assert.deepEqual(changed(text, out), ['pure_bf16: true']);
    assert.match(out, /\nbf16: true\npure_bf16: true\n$/);
  });

  it('never offers a fix that brings its own error (ZeRO-3 for a pure_bf16 run)', () => {
    // ZeRO-3 would make this fit, but LLaMA-Factory refuses pure_bf16 under ZeRO-3.
    const text = BASE('finetuning_type: full\ncutoff_len: 1024\nper_device_train_batch_size: 1\npure_bf16: true\n', 'A100-80GB', 8).replace('Qwen2.5-7B-Instruct', 'Qwen2.5-14B-Instruct');
    const { fixes } = fixesFor(text);
    fs.writeFileSync(path.join(DIR, 'ds_z3_config.json'), JSON.stringify({ train_micro_batch_size_per_gpu: 'auto', zero_optimization: { stage: 3 }, bf16: { enabled: 'auto' } }));
    try {
      const withZero3 = analyze(`${text}deepspeed: ds_z3_config.json\n`);
      assert.ok(withZero3.estimate!.perGpuBytes <= withZero3.estimate!.capacityBytes!, 'ZeRO-3 alone would fit');
      assert.ok(withZero3.diagnostics.some((d) => d.code === 'zero3-conflict' && d.severity === 'error'), 'and bring an error');
    } finally {
      fs.rmSync(path.join(DIR, 'ds_z3_config.json'));
    }
    assert.deepEqual(fixes.filter((f) => /ZeRO-3/.test(f.title)).map((f) => f.title), []);
  });

  it('uses DeepSpeed ZeRO-3 on several GPUs, creating a standard ZeRO-3 file next to the config', () => {
    const text = BASE('finetuning_type: full\ncutoff_len: 1024\nper_device_train_batch_size: 1\n', 'A100-80GB', 8);
    const { fixes } = fixesFor(text);
    const fix = fixes.find((f) => f.title.startsWith('Use DeepSpeed ZeRO-3'));
    assert.ok(fix, JSON.stringify(fixes.map((f) => f.title)));
    assert.match(fix.title, /deepspeed: ds_z3_config\.json, created/);
    assert.equal(fix.createFiles?.[0].path, path.join(DIR, 'ds_z3_config.json'));
    assert.equal(JSON.parse(fix.createFiles![0].content).zero_optimization.stage, 3);
    assert.deepEqual(changed(text, apply(text, fix)), ['deepspeed: ds_z3_config.json']);
  });

  it('offers no fix that would not fit', () => {
    // A 72B model in full fine-tuning on one 24 GB card: nothing short of a cluster helps.
    const text = BASE('finetuning_type: full\ncutoff_len: 1024\nper_device_train_batch_size: 1\n').replace('Qwen2.5-7B-Instruct', 'Qwen2.5-72B-Instruct');
    const { fixes } = fixesFor(text);
    assert.deepEqual(fixes.map((f) => f.title), []);
  });
});
