import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../../../server/src/core/analyze';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { nodeFileHost } from '../../../server/src/node/nodeHost';

const ROOT = path.resolve(__dirname, '../../../..');
const LF = path.join(ROOT, 'test/fixtures/corpus/llamafactory');

/** The text a user gets after accepting every default of a snippet. */
export function expandSnippet(body: string[]): string {
  let text = body.join('\n');
  for (let i = 0; i < 5; i++) {
    text = text
      .replace(/\$\{\d+:([^{}]*)\}/g, '$1')
      .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
      .replace(/\$\{\d+\/[^}]*\}/g, '')
      .replace(/\$\d+/g, '');
  }
  return text.trimEnd() + '\n';
}

describe('snippets lint clean with their default values', () => {
  for (const [file, ext] of [['snippets/yaml.json', 'yaml'], ['snippets/json.json', 'json']] as const) {
    const snippets = JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, { prefix: string; body: string[] }>;
    for (const [name, s] of Object.entries(snippets)) {
      it(`${name} (${s.prefix})`, () => {
        const text = expandSnippet(s.body);
        const target = path.join(LF, s.prefix.startsWith('peft') ? 'adapter_config.json' : `snippet.${ext}`);
        const a = analyzeDocument({ path: target, text, settings: DEFAULT_SETTINGS, host: nodeFileHost(), environment: { env: {}, homeDir: '/nonexistent' }, workspaceDirs: [LF] });
        assert.ok(a.kind, `not recognised: ${text}`);
        const alarms = a.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
        assert.deepEqual(alarms.map((d) => `${d.code}: ${d.message}`), []);
        if (a.kind === 'llamafactory') assert.ok(a.estimate, 'a training snippet gets an estimate');
      });
    }
  }
});
