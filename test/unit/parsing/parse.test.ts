import * as assert from 'node:assert/strict';
import { child, rootObject } from '../../../server/src/core/parsing/configTree';
import { LineIndex } from '../../../server/src/core/parsing/lineIndex';
import { parseConfig } from '../../../server/src/core/parsing/parse';

describe('parsing: YAML with LLaMA-Factory’s YAML 1.1 semantics', () => {
  it('reads on/yes/no/off as booleans and 1e-4 as a float, like OmegaConf', () => {
    const p = parseConfig('a: yes\nb: off\nc: 1e-4\nd: 5.0e-5\ne: "yes"\nf: y\ng: 0755\nh: 1:30\ni: ~\nj:\n', 'yaml');
    assert.deepEqual(rootObject(p), { a: true, b: false, c: 1e-4, d: 5e-5, e: 'yes', f: 'y', g: 493, h: 90, i: null, j: null });
    assert.equal(p.problems.length, 0);
  });

  it('keeps exact spans of keys and values', () => {
    const text = 'model_name_or_path: Qwen/Qwen2.5-7B\ncutoff_len: 2048\n';
    const p = parseConfig(text, 'yaml');
    const root = p.root!;
    assert.equal(root.type, 'map');
    if (root.type !== 'map') return;
    const [m, c] = root.entries;
    assert.equal(text.slice(m.keySpan.start, m.keySpan.end), 'model_name_or_path');
    assert.equal(text.slice(m.value.span.start, m.value.span.end), 'Qwen/Qwen2.5-7B');
    assert.equal(text.slice(c.value.span.start, c.value.span.end), '2048');
  });

  it('reports duplicate keys with both locations', () => {
    const text = 'stage: sft\ncutoff_len: 1024\nstage: dpo\n';
    const p = parseConfig(text, 'yaml');
    const dup = p.problems.filter((x) => x.code === 'duplicate-key');
    assert.equal(dup.length, 1);
    assert.equal(text.slice(dup[0].span.start, dup[0].span.end), 'stage');
    assert.equal(dup[0].span.start, 28);
    assert.equal(dup[0].related?.span.start, 0);
  });

  it('reports syntax errors with a range inside the document', () => {
    const text = 'a: 1\nb: [1, 2\nc: 3\n';
    const p = parseConfig(text, 'yaml');
    assert.ok(p.problems.some((x) => x.code === 'yaml-syntax'));
    for (const x of p.problems) assert.ok(x.span.start >= 0 && x.span.end <= text.length);
  });

  it('survives an alias bomb without expanding it', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
    const p = parseConfig(lines.join('\n') + '\n', 'yaml');
    assert.equal(p.root?.type, 'map');
    // The plain view is capped instead of expanding 9^12 values.
    assert.deepEqual(rootObject(p), {});
  });

  it('reads a cyclic alias as null and says so', () => {
    const p = parseConfig('a: &x\n  b: *x\n', 'yaml');
    assert.ok(p.problems.some((x) => x.code === 'alias-limit' && /cyclic/.test(x.message)));
  });

  it('applies merge keys as PyYAML does', () => {
    const p = parseConfig('base: &b\n  lr: 1.0e-4\n  bs: 2\nrun:\n  <<: *b\n  bs: 4\n', 'yaml');
    assert.deepEqual(rootObject(p).run, { bs: 4, lr: 1e-4 });
  });

  it('finds comments but not # inside strings or block scalars', () => {
    const p = parseConfig('# vramlint: gpu=4090\na: "x # no" # yes\nb: |\n  # text\n', 'yaml');
    assert.deepEqual(p.comments.map((c) => c.text), [' vramlint: gpu=4090', ' yes']);
  });

  it('handles CRLF line ends and a BOM', () => {
    const text = '\ufeffstage: sft\r\ncutoff_len: 512\r\n';
    const p = parseConfig(text, 'yaml');
    assert.deepEqual(rootObject(p), { stage: 'sft', cutoff_len: 512 });
    const lines = new LineIndex(text);
    const cut = child(p.root, 'cutoff_len')!;
    assert.deepEqual(lines.positionAt(cut.span.start), { line: 1, character: 12 });
  });
});

describe('parsing: strict JSON', () => {
  it('reports comments and trailing commas, which json.load rejects', () => {
    const text = '{\n  // note\n  "train_batch_size": 8,\n}\n';
    const p = parseConfig(text, 'json');
    const msgs = p.problems.map((x) => x.message);
    assert.ok(msgs.some((m) => /Comments are not allowed/.test(m)));
    assert.ok(msgs.some((m) => /trailing comma/.test(m)));
  });

  it('keeps values and spans', () => {
    const text = '{"zero_optimization": {"stage": 3}, "bf16": {"enabled": "auto"}}';
    const p = parseConfig(text, 'json');
    assert.deepEqual(rootObject(p), { zero_optimization: { stage: 3 }, bf16: { enabled: 'auto' } });
    const stage = child(p.root, 'zero_optimization', 'stage')!;
    assert.equal(text.slice(stage.span.start, stage.span.end), '3');
  });

  it('flags duplicate keys (Python keeps the last silently)', () => {
    const p = parseConfig('{"a": 1, "a": 2}', 'json');
    assert.equal(p.problems.filter((x) => x.code === 'duplicate-key').length, 1);
    assert.deepEqual(rootObject(p), { a: 2 });
  });
});
