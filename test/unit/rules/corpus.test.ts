import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../../../server/src/core/analyze';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import type { FileHost } from '../../../server/src/core/host';
import { nodeFileHost } from '../../../server/src/node/nodeHost';

const CORPUS = path.resolve(__dirname, '../../../../test/fixtures/corpus');

/** Corpus files that really contain a mistake: the rule id and what is wrong. */
export const KNOWN_MISTAKES: Record<string, { code: string; why: string }[]> = {
  'deepspeed/LLaMA-Factory/examples/deepspeed/ds_z3_fp8_config.json': [
    { code: 'ignored-key', why: 'DeepSpeed reads no top-level comms_config or monitor_config; those settings do nothing (the sections are comms_logger and tensorboard/wandb/csv_monitor)' },
  ],
  'llamafactory/examples/deepspeed/ds_z3_fp8_config.json': [
    { code: 'ignored-key', why: 'the same file as above, in the LLaMA-Factory copy of the corpus' },
  ],
  'llamafactory/examples/extras/asft/llama2_full_asft.yaml': [
    { code: 'unknown-dataset', why: "dataset 'med' is not defined in data/dataset_info.json at this commit: the run stops with \"Undefined dataset\" until the user registers it" },
  ],
  'llamafactory/examples/extras/asft/qwen2_full_asft.yaml': [{ code: 'unknown-dataset', why: "dataset 'math' is not defined in data/dataset_info.json either" }],
};

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

/**
 * The GLM demos name their DeepSpeed file as configs/ds_zero_3.json, relative to finetune_demo/; the corpus keeps the
 * configs flat. This host shows each demo folder as a finetune_demo/ whose configs/ holds the flat files; GLM-4's
 * ds_zero_3.json is not in the corpus, so ChatGLM3's (the same file in the same family of demos) stands in for it.
 */
function glmHost(base: FileHost): FileHost {
  const map = (p: string): string => {
    const m = /^(.*glm-finetune)[\\/](GLM-4|ChatGLM3)[\\/]configs[\\/](.+)$/.exec(p);
    if (!m) return p;
    const own = path.join(m[1], m[2], m[3]);
    return base.stat(own) === 'file' ? own : path.join(m[1], 'ChatGLM3', m[3]);
  };
  return { readText: (p) => base.readText(map(p)), stat: (p) => base.stat(map(p)), listDir: (p) => base.listDir(map(p)) };
}

describe('corpus: real configs lint without false alarms', () => {
  const host = glmHost(nodeFileHost());
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
