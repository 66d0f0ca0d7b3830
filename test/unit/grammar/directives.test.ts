import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';

const ROOT = path.resolve(__dirname, '../../../..');

// A minimal YAML grammar stands in for VS Code's: it gives comments the scope the real one uses
// (comment.line.number-sign.yaml), which is all the injection selects on.
const YAML_STUB = {
  scopeName: 'source.yaml',
  patterns: [
    { begin: '(^[ \\t]+)?(?=#)', end: '$', patterns: [{ begin: '#', end: '$', name: 'comment.line.number-sign.yaml' }] },
    { match: '^\\s*([\\w-]+)(:)', captures: { 1: { name: 'entity.name.tag.yaml' } } },
  ],
};

let grammar: IGrammar;


function scopesOf(line: string): Array<{ text: string; scopes: string[] }> {
  const r = grammar.tokenizeLine(line, INITIAL);
  return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
}

function scopeAt(line: string, text: string): string[] {
  const tok = scopesOf(line).find((t) => t.text === text);
  assert.ok(tok, `no token '${text}' in ${JSON.stringify(scopesOf(line).map((t) => t.text))}`);
  return tok.scopes;
}

describe('grammar: vramlint directives inside YAML comments', () => {
  before(async () => {
    const wasm = fs.readFileSync(path.join(ROOT, 'node_modules/vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new Registry({
      onigLib: Promise.resolve({ createOnigScanner: (s) => new oniguruma.OnigScanner(s), createOnigString: (s) => new oniguruma.OnigString(s) }),
      loadGrammar: async (scope) => {
        if (scope === 'source.yaml') return parseRawGrammar(JSON.stringify(YAML_STUB), 'yaml.json');
        if (scope === 'vramlint.directives.injection') {
          const file = path.join(ROOT, 'syntaxes/vramlint-directives.injection.tmLanguage.json');
          return parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
        }
        return null;
      },
      getInjections: (scope) => (scope === 'source.yaml' ? ['vramlint.directives.injection'] : undefined),
    });
    grammar = (await registry.loadGrammar('source.yaml'))!;
  });

  it('highlights the directive keyword, keys and values distinctly', () => {
    const line = '# vramlint: gpu=RTX-4090 gpus=8';
    assert.ok(scopeAt(line, 'vramlint').includes('keyword.control.directive.vramlint'));
    assert.ok(scopeAt(line, 'gpu').includes('variable.parameter.directive.vramlint'));
    assert.ok(scopeAt(line, 'RTX-4090').includes('string.unquoted.directive-value.vramlint'));
    assert.ok(scopeAt(line, '8').includes('string.unquoted.directive-value.vramlint'));
    assert.ok(scopeAt(line, 'gpu').includes('comment.line.number-sign.yaml'));
  });

  it('highlights disable comments and their rule ids', () => {
    const line = '  # vramlint-disable-next-line unknown-key, memory-fit';
    assert.ok(scopeAt(line, 'vramlint-disable-next-line').includes('keyword.control.directive.disable.vramlint'));
    assert.ok(scopeAt(line, 'unknown-key').includes('constant.other.rule-id.vramlint'));
    assert.ok(scopeAt(line, 'memory-fit').includes('constant.other.rule-id.vramlint'));
  });

  it('leaves ordinary comments and YAML keys alone', () => {
    const plain = scopesOf('# a note about gpu=4090');
    assert.ok(plain.every((t) => !t.scopes.some((s) => s.endsWith('.vramlint'))));
    assert.ok(scopeAt('vramlint: 1', 'vramlint').every((s) => !s.endsWith('.vramlint')));
  });
});
