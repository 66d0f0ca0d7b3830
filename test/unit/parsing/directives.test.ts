import * as assert from 'node:assert/strict';
import { isSuppressed, parseDirectives } from '../../../server/src/core/directives';
import { LineIndex } from '../../../server/src/core/parsing/lineIndex';
import { parseConfig } from '../../../server/src/core/parsing/parse';

function directivesOf(text: string) {
  return parseDirectives(parseConfig(text, 'yaml'), new LineIndex(text));
}

describe('directives', () => {
  it('reads gpu, gpus, model and accelerate with value spans', () => {
    const text = '# vramlint: gpus=8 gpu="A100 80GB" model=Qwen/Qwen2.5-7B accelerate=acc.yaml\nstage: sft\n';
    const d = directivesOf(text);
    assert.equal(d.values.gpus?.value, '8');
    assert.equal(d.values.gpu?.value, 'A100 80GB');
    assert.equal(d.values.model?.value, 'Qwen/Qwen2.5-7B');
    assert.equal(d.values.accelerate?.value, 'acc.yaml');
    assert.equal(text.slice(d.values.gpus!.span.start, d.values.gpus!.span.end), '8');
    assert.equal(text.slice(d.values.gpu!.span.start, d.values.gpu!.span.end), '"A100 80GB"');
    assert.deepEqual(d.problems, []);
  });

  it('reads unquoted values with spaces up to the next key', () => {
    const text = '# vramlint: gpu=RTX 4090 gpus=2\n';
    const d = directivesOf(text);
    assert.equal(d.values.gpu?.value, 'RTX 4090');
    assert.equal(d.values.gpus?.value, '2');
    assert.deepEqual(d.problems, []);
  });

  it('reports unknown keys and bare words', () => {
    const text = '# vramlint: fast gpu=4090 gpuz=2\n';
    const d = directivesOf(text);
    assert.equal(d.problems.length, 2);
    assert.equal(text.slice(d.problems[0].span.start, d.problems[0].span.end), 'fast');
    assert.equal(text.slice(d.problems[1].span.start, d.problems[1].span.end), 'gpuz');
  });

  it('suppresses by next line, same line and file', () => {
    const d = directivesOf('# vramlint-disable-next-line unknown-key, value-type\nfoo: 1\nbar: 2 # vramlint-disable-line\n# vramlint-disable memory-fit\n');
    assert.equal(isSuppressed(d, 'unknown-key', 1), true);
    assert.equal(isSuppressed(d, 'value-type', 1), true);
    assert.equal(isSuppressed(d, 'invalid-choice', 1), false);
    assert.equal(isSuppressed(d, 'unknown-key', 2), true);
    assert.equal(isSuppressed(d, 'memory-fit', 40), true);
    assert.equal(isSuppressed(d, 'unknown-key', 0), false);
  });
});
