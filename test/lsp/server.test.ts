import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Hover } from 'vscode-languageserver';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { caret, LspClient } from './harness';

const LORA = [
  'model_name_or_path: meta-llama/Meta-Llama-3-8B-Instruct',
  'stage: sft',
  'do_train: true',
  'finetuning_type: lora',
  'lora_target: all',
  'dataset: identity',
  'template: llama3',
  'cutoff_len: 1024',
  'output_dir: saves/x',
  'per_device_train_batch_size: 1',
  'gradient_accumulation_steps: 8',
  'learning_rate: 1.0e-4',
  'bf16: true',
  '',
].join('\n');

describe('LSP server over stdio (dist/server.js)', function () {
  this.timeout(30_000);
  let client: LspClient;
  let ws: string;

  before(async () => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'vramlint-lsp-'));
    client = new LspClient({ HF_HOME: path.join(ws, 'no-hf-home'), MODELSCOPE_CACHE: path.join(ws, 'no-ms') });
    const init = (await client.initialize(ws)) as { capabilities: { hoverProvider?: boolean; codeActionProvider?: unknown } };
    assert.equal(init.capabilities.hoverProvider, true);
    assert.ok(init.capabilities.codeActionProvider);
  });

  after(async () => {
    await client.shutdown();
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('initialize → didOpen → diagnostics → didChange → updated diagnostics', async () => {
    const file = path.join(ws, 'train.yaml');
    const uri = client.open(file, LORA);
    const first = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.deepEqual(first.filter((d) => d.severity === 1 || d.severity === 2), []);

    const withTypo = LORA.replace('cutoff_len', 'cutof_len');
    const v2 = client.change(uri, withTypo);
    const second = await client.waitForDiagnostics(uri, (p) => p.version === v2);
    const typo = second.find((d) => d.code === 'unknown-key');
    assert.ok(typo, JSON.stringify(second));
    assert.equal(typo.source, 'vramlint');
    assert.match(typo.message, /did you mean 'cutoff_len'/);
    assert.deepEqual(typo.range, { start: { line: 7, character: 0 }, end: { line: 7, character: 9 } });
    assert.ok(typo.codeDescription?.href.endsWith('#unknown-key'));

    const v3 = client.change(uri, LORA);
    const third = await client.waitForDiagnostics(uri, (p) => p.version === v3);
    assert.equal(third.filter((d) => d.code === 'unknown-key').length, 0);
  });

  it('publishes nothing for a GitHub workflow or a model config.json', async () => {
    const wf = client.open(path.join(ws, 'ci.yml'), 'on:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n');
    assert.deepEqual(await client.waitForDiagnostics(wf), []);
    const cfg = client.open(path.join(ws, 'config.json'), '{"architectures": ["LlamaForCausalLM"], "hidden_size": 4096, "model_type": "llama", "num_hidden_layers": 32}');
    assert.deepEqual(await client.waitForDiagnostics(cfg), []);
  });

  it('reports YAML syntax errors with their range and keeps the config kind while the file is broken', async () => {
    const uri = client.open(path.join(ws, 'broken.yaml'), LORA);
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const v = client.change(uri, LORA.replace('stage: sft', 'stage: [sft'));
    const diags = await client.waitForDiagnostics(uri, (p) => p.version === v);
    const syntax = diags.find((d) => d.code === 'yaml-syntax');
    assert.ok(syntax, JSON.stringify(diags));
    assert.equal(syntax.severity, 1);
  });

  it('only publishes the latest version after a burst of edits', async () => {
    const uri = client.open(path.join(ws, 'burst.yaml'), LORA);
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const seen: number[] = [];
    const last = await new Promise<number>((resolve) => {
      let v = 1;
      for (let i = 0; i < 20; i++) v = client.change(uri, LORA.replace('cutoff_len: 1024', `cutoff_len: ${1024 + i}`));
      resolve(v);
    });
    await client.waitForDiagnostics(uri, (p) => {
      if (typeof p.version === 'number') seen.push(p.version);
      return p.version === last;
    });
    // Intermediate versions may be skipped, but nothing older than what was already published comes after it.
    assert.deepEqual([...seen].sort((a, b) => a - b), seen);
  });

  it('hover on a key shows its documentation', async () => {
    const { text, offset } = caret(LORA.replace('cutoff_len', 'cutoff_|len'));
    const uri = client.open(path.join(ws, 'hover.yaml'), text);
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const line = text.slice(0, offset).split('\n').length - 1;
    const character = offset - text.lastIndexOf('\n', offset - 1) - 1;
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
    assert.ok(hover);
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /\*\*cutoff_len\*\*/);
    assert.deepEqual(hover.range, { start: { line: 7, character: 0 }, end: { line: 7, character: 10 } });
  });

  it('hover in a DeepSpeed JSON: the key under the pointer, nothing on the indentation or braces around it', async () => {
    const json = '{\n  "zero_optimization": {\n    "stage": 3,\n    "overlap_comm": true\n  },\n  "train_micro_batch_size_per_gpu": "auto"\n}\n';
    const uri = client.open(path.join(ws, 'ds_hover.json'), json);
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const hoverAtCaret = async (marked: string) => {
      const { offset } = caret(marked);
      const line = json.slice(0, offset).split('\n').length - 1;
      const character = offset - json.lastIndexOf('\n', offset - 1) - 1;
      return client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
    };
    const onStage = await hoverAtCaret(json.replace('"stage"', '"st|age"'));
    assert.match((onStage!.contents as { value: string }).value, /^\*\*stage\*\* — /);
    assert.equal(await hoverAtCaret(json.replace('    "stage"', '  |  "stage"')), null);
    assert.equal(await hoverAtCaret(json.replace('  },', '  |},')), null);
    const onParent = await hoverAtCaret(json.replace('"zero_optimization"', '"zero_|optimization"'));
    assert.match((onParent!.contents as { value: string }).value, /\*\*zero_optimization\*\*/);
  });

  it('offers a "did you mean" quick fix that edits only the key', async () => {
    const text = LORA.replace('learning_rate', 'learing_rate');
    const uri = client.open(path.join(ws, 'fix.yaml'), text);
    const diags = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const typo = diags.find((d) => d.code === 'unknown-key')!;
    assert.ok(typo);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: typo.range,
      context: { diagnostics: [typo] },
    });
    const fix = actions.find((a) => a.title === "Change to 'learning_rate'");
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    const change = fix.edit!.documentChanges![0] as { edits: Array<{ range: unknown; newText: string }> };
    assert.deepEqual(change.edits, [{ range: typo.range, newText: 'learning_rate' }]);
    assert.ok(actions.some((a) => a.title === 'Disable unknown-key for this line'));
  });

  it('sees a referenced DeepSpeed file and re-validates when it is opened with other content', async () => {
    const cfg = LORA + 'deepspeed: ds.json\n';
    const uri = client.open(path.join(ws, 'with-ds.yaml'), cfg);
    const missing = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.ok(missing.some((d) => d.code === 'deepspeed-file' && /not found/.test(d.message)), JSON.stringify(missing));
    client.open(path.join(ws, 'ds.json'), '{"train_micro_batch_size_per_gpu": "auto", "zero_optimization": {"stage": 2}}');
    const found = await client.waitForDiagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'deepspeed-file'));
    assert.equal(found.filter((d) => d.code === 'deepspeed-file').length, 0);
    const line = cfg.split('\n').findIndex((l) => l.startsWith('deepspeed:'));
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line, character: 2 } });
    assert.match((hover.contents as { value: string }).value, new RegExp(`DeepSpeed config read from \`${path.join(ws, 'ds.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\``));
  });

  it('keeps serving after a client cancels every request it sends', async () => {
    const uri = client.open(path.join(ws, 'cancel.yaml'), LORA);
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const pending: Array<Promise<unknown>> = [];
    for (let i = 0; i < 50; i++) {
      const source = new CancellationTokenSource();
      pending.push(client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: i % 12, character: 2 } }, source.token).catch(() => null));
      pending.push(client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, context: { diagnostics: [] } }, source.token).catch(() => null));
      source.cancel();
    }
    await Promise.all(pending);
    const v = client.change(uri, LORA.replace('cutoff_len', 'cutof_len'));
    const diags = await client.waitForDiagnostics(uri, (p) => p.version === v);
    assert.ok(diags.some((d) => d.code === 'unknown-key'));
  });

  it('answers requests for closed documents and out-of-range positions without failing', async () => {
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: 'file:///nowhere.yaml' }, position: { line: 999, character: 5 } });
    assert.equal(hover, null);
    const uri = client.open(path.join(ws, 'range.yaml'), LORA);
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const far = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 9999, character: 9999 } });
    assert.equal(far, null);
  });
});
