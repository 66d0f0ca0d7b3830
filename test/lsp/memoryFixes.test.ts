import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, CodeLens, CompletionItem, Diagnostic, Hover, TextEdit } from 'vscode-languageserver';
import { LspClient } from './harness';

const EXAMPLE = fs.readFileSync(path.resolve(__dirname, '../../../examples/qwen2.5-3b-lora-sft.yaml'), 'utf8');

function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }): number => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/** Lines of `after` that are not in `before` (and vice versa): what a fix changed. */
function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const b = before.split('\n');
  const a = after.split('\n');
  return { removed: b.filter((l) => !a.includes(l)), added: a.filter((l) => !b.includes(l)) };
}

describe('LSP: memory fit diagnostics, breakdown hover, quick fixes that make the config fit', function () {
  this.timeout(60_000);
  let client: LspClient;
  let ws: string;
  let uri: string;
  let fit: Diagnostic;

  before(async () => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'vramlint-fit-'));
    client = new LspClient({ HF_HOME: path.join(ws, 'hf'), MODELSCOPE_CACHE: path.join(ws, 'ms') });
    await client.initialize(ws);
    uri = client.open(path.join(ws, 'llama3.yaml'), EXAMPLE);
    const diags = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    fit = diags.find((d) => d.code === 'memory-fit')!;
    assert.ok(fit, JSON.stringify(diags));
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('reports that the example does not fit an RTX 4090, on the directive, naming GPU, range and largest term', () => {
    assert.equal(fit.severity, 1);
    assert.match(fit.message, /^Estimated \d+\.\d GiB per GPU \(likely \d+\.\d GiB–\d+\.\d GiB\): even the low end .* exceeds the 2\d\.\d GiB of RTX 4090\. Largest term: \w+/);
    assert.equal(EXAMPLE.split('\n')[fit.range.start.line].slice(fit.range.start.character, fit.range.end.character), 'RTX 4090');
  });

  it('hover on per_device_train_batch_size shows the breakdown table', async () => {
    const line = EXAMPLE.split('\n').findIndex((l) => l.startsWith('per_device_train_batch_size'));
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line, character: 3 } });
    const md = (hover.contents as { value: string }).value;
    assert.match(md, /\*\*vramlint: ≈ \d+\.\d GiB per GPU\*\*/);
    assert.match(md, /\| component \| GiB \| share \| driven by \|/);
    assert.match(md, /\| activations \| \d+\.\d\d \| \d+% \|/);
    assert.match(md, /of 2\d\.\d GiB \(RTX 4090\) — \*\*does not fit\*\*/);
  });

  it('offers fixes titled with the estimate they lead to, each of which fits and edits only its keys', async () => {
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: fit.range, context: { diagnostics: [fit] } });
    const memory = actions.filter((a) => a.diagnostics?.[0]?.code === 'memory-fit' && !a.title.startsWith('Disable'));
    assert.ok(memory.length >= 2, JSON.stringify(actions.map((a) => a.title)));
    assert.match(memory[0].title, /^Set per_device_train_batch_size: \d, gradient_accumulation_steps: \d+ \(→ \d+\.\d GiB of 2\d(, tight)?\)/);
    assert.equal(memory[0].isPreferred, true);
    let version = 1;
    for (const action of memory) {
      const change = action.edit!.documentChanges!.find((c) => 'textDocument' in c && c.textDocument.uri === uri) as { edits: TextEdit[] };
      const fixed = applyEdits(EXAMPLE, change.edits);
      const { removed, added } = changedLines(EXAMPLE, fixed);
      // Comments and every other line are untouched.
      for (const l of removed) assert.ok(/^[a-z_]+: /.test(l), `${action.title} removed ${l}`);
      for (const l of added) assert.ok(/^[a-z_]+: /.test(l), `${action.title} added ${l}`);
      assert.ok(fixed.startsWith('# vramlint: gpu=RTX 4090 gpus=1\n# LoRA SFT of Qwen2.5-3B-Instruct'), action.title);
      version = client.change(uri, fixed);
      const after = await client.waitForDiagnostics(uri, (p) => p.version === version);
      // The estimate now fits: at most the "tight" warning remains, never the error.
      const remaining = after.filter((d) => d.code === 'memory-fit');
      assert.ok(remaining.every((d) => d.severity === 2), `${action.title} still does not fit: ${remaining.map((d) => d.message).join('; ')}`);
      assert.equal(remaining.length > 0, action.title.includes(', tight)'), action.title);
    }
    version = client.change(uri, EXAMPLE);
    await client.waitForDiagnostics(uri, (p) => p.version === version);
  });

  it('the batch fix keeps the effective batch size (8 × 4 = 32)', async () => {
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: fit.range, context: { diagnostics: [fit] } });
    const m = /per_device_train_batch_size: (\d+), gradient_accumulation_steps: (\d+)/.exec(actions[0].title);
    assert.ok(m);
    assert.equal(Number(m[1]) * Number(m[2]), 32);
  });

  it('shows the estimate as a code lens on the first line', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0].range.start.line, 0);
    assert.match(lenses[0].command!.title, /^≈ \d+\.\d GiB per GPU · \d+% of RTX 4090 · /);
  });

  it('completes keys that are not present yet, and enum values', async () => {
    const text = EXAMPLE + 'flash_a';
    const v = client.change(uri, text);
    await client.waitForDiagnostics(uri, (p) => p.version === v);
    const lines = text.split('\n');
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: lines.length - 1, character: 7 } });
    assert.ok(items.some((i) => i.label === 'flash_attn'));
    assert.ok(!items.some((i) => i.label === 'cutoff_len'), 'cutoff_len is already in the file');
    const text2 = EXAMPLE + 'flash_attn: ';
    const v2 = client.change(uri, text2);
    await client.waitForDiagnostics(uri, (p) => p.version === v2);
    const values = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: text2.split('\n').length - 1, character: 12 } });
    assert.deepEqual(values.map((i) => i.label).sort(), ['auto', 'disabled', 'fa2', 'fa3', 'sdpa']);
    const v3 = client.change(uri, EXAMPLE);
    await client.waitForDiagnostics(uri, (p) => p.version === v3);
  });
});
