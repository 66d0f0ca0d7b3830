import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const SCRIPT = path.join(ROOT, 'test/e2e/nvim/check.lua');

function nvimAvailable(): boolean {
  return spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;
}

// A second real editor: Neovim's built-in LSP client talking to `node dist/server.js --stdio`, the setup the README
// documents. Skipped (with the reason) where Neovim is not installed; .ci/run installs Debian's neovim.
describe('Neovim (headless) as an LSP client of dist/server.js', function () {
  this.timeout(60_000);

  it('shows the memory-fit diagnostic, the breakdown hover and the batch-size code action', function () {
    if (!nvimAvailable()) this.skip();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vramlint-nvim-'));
    const file = path.join(dir, 'train.yaml');
    fs.copyFileSync(path.join(ROOT, 'examples/qwen2.5-3b-lora-sft.yaml'), file);
    const out = path.join(dir, 'result.json');
    const r = spawnSync('nvim', ['--headless', '--clean', '-u', 'NONE', '-c', `luafile ${SCRIPT}`], {
      encoding: 'utf8',
      timeout: 50_000,
      env: { ...process.env, VRAMLINT_SERVER: path.join(ROOT, 'dist/server.js'), VRAMLINT_FILE: file, VRAMLINT_OUT: out, HF_HOME: path.join(dir, 'hf') },
    });
    assert.ok(fs.existsSync(out), `nvim wrote no result (status ${r.status}): ${r.stderr}`);
    const result = JSON.parse(fs.readFileSync(out, 'utf8')) as { diagnostics: Array<{ message: string; source: string; code: string; lnum: number }>; hover: string | null; actions: string[]; error: string | null };
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(result.error ?? null, null);
    const fit = result.diagnostics.find((d) => d.code === 'memory-fit');
    assert.ok(fit, JSON.stringify(result.diagnostics));
    assert.equal(fit.source, 'vramlint');
    assert.equal(fit.lnum, 0);
    assert.match(fit.message, /^Estimated \d+\.\d GiB per GPU/);
    assert.match(result.hover ?? '', /vramlint: ≈ \d+\.\d GiB per GPU/);
    assert.ok(result.actions.some((a) => /^Set per_device_train_batch_size: 1, gradient_accumulation_steps: 32/.test(a)), JSON.stringify(result.actions));
  });
});
