import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../../../server/src/core/analyze';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { nodeFileHost } from '../../../server/src/node/nodeHost';

const CORPUS = path.resolve(__dirname, '../../../../test/fixtures/corpus');

/** Corpus files that really contain a mistake: the rule id and what is wrong. */
export const KNOWN_MISTAKES: Record<string, { code: string; why: string }[]> = {};

function walk(dir: string, out: string[] = []): string[] {
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ya?ml|json)$/.test(name)) out.push(p);
  }
  return out;
}

/** The folder a config's relative paths are written against (the repository root it came from). */
function workspaceOf(file: string): string {
  const rel = path.relative(CORPUS, file).split(path.sep);
  if (rel[0] === 'llamafactory') return path.join(CORPUS, 'llamafactory');
  if (rel[0] === 'glm-finetune') return path.join(CORPUS, rel[0], rel[1]);
  return path.dirname(file);
}

describe('corpus: real configs lint without false alarms', () => {
  const host = nodeFileHost();
  const environment = { env: {}, homeDir: '/nonexistent-home' };
  for (const file of walk(CORPUS)) {
    const rel = path.relative(CORPUS, file);
    it(rel, () => {
      const analysis = analyzeDocument({ path: file, text: fs.readFileSync(file, 'utf8'), settings: DEFAULT_SETTINGS, host, environment, workspaceDirs: [workspaceOf(file)] });
      const alarms = analysis.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
      const expected = KNOWN_MISTAKES[rel.split(path.sep).join('/')] ?? [];
      assert.deepEqual(
        alarms.map((d) => `${d.code}: ${d.message}`).sort(),
        alarms.filter((d) => expected.some((e) => e.code === d.code)).map((d) => `${d.code}: ${d.message}`).sort(),
      );
      for (const e of expected) assert.ok(alarms.some((d) => d.code === e.code), `expected ${e.code} (${e.why})`);
    });
  }
});
