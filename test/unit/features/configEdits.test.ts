import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig } from '../../../server/src/core/parsing/parse';
import { applyTextEdits, configEdits } from '../../../server/src/features/configEdits';

const CORPUS = path.resolve(__dirname, '../../../../test/fixtures/corpus');
const FULL = fs.readFileSync(path.join(CORPUS, 'llamafactory/examples/train_full/qwen3_full_sft.yaml'), 'utf8');

function edit(text: string, changes: Parameters<typeof configEdits>[1], format: 'yaml' | 'json' = 'yaml'): string {
  return applyTextEdits(text, configEdits(parseConfig(text, format), changes));
}

describe('config edits keep everything outside the changed span byte for byte', () => {
  it('replaces a value that has a comment on its line, keeping the comment', () => {
    const out = edit(FULL, [{ key: 'deepspeed', value: 'examples/deepspeed/ds_z3_offload_config.json' }]);
    assert.equal(out, FULL.replace('deepspeed: examples/deepspeed/ds_z3_config.json  # choices', 'deepspeed: examples/deepspeed/ds_z3_offload_config.json  # choices'));
  });

  it('changes two keys and inserts a missing one after its anchor', () => {
    const out = edit(FULL, [
      { key: 'per_device_train_batch_size', value: 1 },
      { key: 'gradient_accumulation_steps', value: 4, after: 'per_device_train_batch_size' },
      { key: 'enable_liger_kernel', value: true, after: 'bf16' },
    ]);
    assert.equal(out, FULL.replace('gradient_accumulation_steps: 2', 'gradient_accumulation_steps: 4').replace('bf16: true\n', 'bf16: true\nenable_liger_kernel: true\n'));
  });

  it('removes exactly the line of a key', () => {
    const out = edit(FULL, [{ key: 'report_to', value: undefined }]);
    assert.equal(out, FULL.replace('report_to: none  # choices: [none, wandb, tensorboard, swanlab, mlflow]\n', ''));
  });

  it('keeps CRLF line ends and appends with them', () => {
    const crlf = FULL.replace(/\n/g, '\r\n');
    const out = edit(crlf, [{ key: 'flash_attn', value: 'fa2' }]);
    assert.equal(out, crlf + 'flash_attn: fa2\r\n');
  });

  it('quotes strings that YAML 1.1 would read as something else', () => {
    assert.equal(edit('a: 1\n', [{ key: 'template', value: 'no' }]), 'a: 1\ntemplate: "no"\n');
    assert.equal(edit('a: 1\n', [{ key: 'dataset', value: 'alpaca_en_demo' }]), 'a: 1\ndataset: alpaca_en_demo\n');
  });

  it('edits JSON with one contiguous change, leaving the rest as it was', () => {
    const json = fs.readFileSync(path.join(CORPUS, 'llamafactory/examples/deepspeed/ds_z2_config.json'), 'utf8');
    const out = edit(json, [{ key: 'gradient_clipping', value: 1 }], 'json');
    assert.equal(out, json.replace('"gradient_clipping": "auto"', '"gradient_clipping": 1'));
  });
});
