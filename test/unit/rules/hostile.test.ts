import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeDocument, MAX_ANALYSED_CHARS } from '../../../server/src/core/analyze';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { nodeFileHost } from '../../../server/src/node/nodeHost';

const CLI = path.resolve(__dirname, '../../../../dist/cli.js');
const BASE = 'model_name_or_path: Qwen/Qwen2.5-0.5B\nstage: sft\ndo_train: true\nfinetuning_type: lora\ndataset: x\ntemplate: qwen\noutput_dir: out\nbf16: true\n';

function analyze(text: string, file = '/tmp/hostile.yaml') {
  return analyzeDocument({ path: file, text, settings: DEFAULT_SETTINGS, host: nodeFileHost(), environment: { env: {}, homeDir: '/nonexistent' }, workspaceDirs: [] });
}

describe('hostile input', () => {
  it('a config larger than the analysis cap gets one info diagnostic and no further work', () => {
    const big = BASE + `# ${'x'.repeat(MAX_ANALYSED_CHARS)}\n`;
    const a = analyze(big);
    assert.equal(a.kind, 'llamafactory');
    assert.deepEqual(a.diagnostics.map((d) => [d.code, d.severity]), [['analysis-limit', 'info']]);
    assert.match(a.diagnostics[0].message, /vramlint analyses configs up to 2 MB/);
    assert.equal(a.estimate, null);
  });

  it('a very long line is analysed without trouble', () => {
    const a = analyze(BASE + `default_system: ${'y'.repeat(200_000)}\n`);
    assert.equal(a.kind, 'llamafactory');
    assert.ok(a.estimate);
  });

  it('tags and odd scalars are read, not executed', () => {
    const a = analyze(BASE + 'extra: !!python/object/apply:os.system ["echo pwned"]\n');
    assert.ok(a.diagnostics.some((d) => d.code === 'unknown-key'));
  });

  it('the CLI reads a file with invalid UTF-8 bytes and reports instead of crashing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vramlint-utf8-'));
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(file, Buffer.concat([Buffer.from(BASE), Buffer.from([0x74, 0x65, 0x6d, 0xff, 0xfe, 0x3a, 0x20, 0xc3, 0x28, 0x0a])]));
    const r = spawnSync(process.execPath, [CLI, '--format', 'json', file], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.files[0].kind, 'llamafactory');
    assert.ok(report.files[0].diagnostics.some((d: { code: string }) => d.code === 'unknown-key'));
  });
});
