import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as http from 'node:http';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../..');
const CLI = path.join(ROOT, 'dist/cli.js');

function run(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, HF_HOME: '/nonexistent-hf', MODELSCOPE_CACHE: '/nonexistent-ms' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI (dist/cli.js)', function () {
  this.timeout(20_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vramlint-cli-'));
    fs.writeFileSync(path.join(dir, 'good.yaml'), 'model_name_or_path: Qwen/Qwen2.5-0.5B-Instruct\nstage: sft\ndo_train: true\nfinetuning_type: lora\nlora_target: all\ndataset: alpaca_en_demo\ntemplate: qwen\ncutoff_len: 512\noutput_dir: out\nbf16: true\n');
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'model_name_or_path: Qwen/Qwen2.5-0.5B-Instruct\nstage: sft\nfinetuning_type: lora\nlearing_rate: 1.0e-4\noutput_dir: out\n');
    fs.writeFileSync(path.join(dir, 'workflow.yml'), 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints path:line:col: severity: message [rule-id] and exits 1 on errors', () => {
    const r = run(['bad.yaml'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^bad\.yaml:4:1: error: Unknown key 'learing_rate' — did you mean 'learning_rate'\? .*\[unknown-key\]$/m);
  });

  it('exits 0 on a clean config and prints its estimate', () => {
    const r = run(['good.yaml'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^good\.yaml: estimate \d+\.\d GiB per GPU/m);
  });

  it('gives non-config files nothing', () => {
    const r = run(['workflow.yml'], dir);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '');
  });

  it('writes the stable JSON report', () => {
    const r = run(['--format', 'json', 'bad.yaml', 'workflow.yml'], dir);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout);
    assert.equal(report.version, 1);
    assert.equal(report.files.length, 2);
    const [bad, wf] = report.files;
    assert.equal(bad.path, 'bad.yaml');
    assert.equal(bad.kind, 'llamafactory');
    const d = bad.diagnostics.find((x: { code: string }) => x.code === 'unknown-key');
    assert.deepEqual({ line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn, severity: d.severity }, { line: 4, column: 1, endLine: 4, endColumn: 13, severity: 'error' });
    assert.equal(wf.kind, null);
    assert.deepEqual(wf.diagnostics, []);
    assert.equal(wf.estimate, null);
  });

  it('writes SARIF 2.1.0', () => {
    const r = run(['--format', 'sarif', 'bad.yaml'], dir);
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, '2.1.0');
    const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'unknown-key');
    assert.equal(result.level, 'error');
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 4, startColumn: 1, endLine: 4, endColumn: 13 });
    assert.equal(sarif.runs[0].tool.driver.rules[result.ruleIndex].id, 'unknown-key');
  });

  it('exits 2 with a one-line reason on bad usage or unreadable files', () => {
    for (const args of [[], ['--format', 'xml', 'good.yaml'], ['--gpus', 'zero', 'good.yaml'], ['--gpu', 'banana', 'good.yaml'], ['missing.yaml'], ['README.md']]) {
      const r = run(args, dir);
      assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}`);
      assert.match(r.stderr, /^vramlint: /);
    }
  });

  it('prints --version and --help', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.equal(run(['--version']).stdout.trim(), pkg.version);
    assert.match(run(['--help']).stdout, /Usage: vramlint/);
  });

  it('applies --rule overrides', () => {
    const r = run(['--rule', 'unknown-key=off', 'bad.yaml'], dir);
    assert.doesNotMatch(r.stdout, /unknown-key/);
  });

  it('--allow-network fetches an unknown model\'s config.json from HF_ENDPOINT (a loopback server) and estimates it exactly', async () => {
    const seen: string[] = [];
    const config = { architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: 2048, intermediate_size: 5632, num_hidden_layers: 22, num_attention_heads: 32, num_key_value_heads: 4, vocab_size: 32000, max_position_embeddings: 2048, tie_word_embeddings: false, torch_dtype: 'bfloat16' };
    const server = http.createServer((req, res) => {
      seen.push(`${req.url} ${req.headers.authorization ?? ''}`);
      if (req.url === '/acme/TinyThing-1B/resolve/main/config.json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(config));
      } else {
        res.writeHead(404);
        res.end('not found');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    fs.writeFileSync(path.join(dir, 'hub.yaml'), 'model_name_or_path: acme/TinyThing-1B\nstage: sft\ndo_train: true\nfinetuning_type: lora\ndataset: x\ntemplate: llama2\ncutoff_len: 512\noutput_dir: out\nbf16: true\n');
    const runAsync = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = spawn(process.execPath, [CLI, ...args], {
          cwd: dir,
          env: { ...process.env, HF_ENDPOINT: `http://127.0.0.1:${port}`, HF_TOKEN: 'hf_secret_token_123', HF_HOME: '/nonexistent-hf', MODELSCOPE_CACHE: '/nonexistent-ms', XDG_CACHE_HOME: path.join(dir, 'cache') },
        });
        let stdout = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.on('close', (code) => resolve({ code, stdout }));
      });
    try {
      const offline = JSON.parse((await runAsync(['--format', 'json', 'hub.yaml'])).stdout);
      assert.equal(offline.files[0].estimate.model.source, 'name');
      assert.equal(seen.length, 0, 'no request without --allow-network');
      const online = await runAsync(['--format', 'json', '--allow-network', 'hub.yaml']);
      const est = JSON.parse(online.stdout).files[0].estimate;
      assert.equal(est.model.source, 'hub');
      assert.equal(est.model.approximate, false);
      // TinyLlama-shaped: 1.1B parameters counted from the fetched config.
      assert.ok(Math.abs(est.model.params - 1.1e9) / 1.1e9 < 0.02, String(est.model.params));
      assert.deepEqual(seen, ['/acme/TinyThing-1B/resolve/main/config.json Bearer hf_secret_token_123']);
      assert.ok(!online.stdout.includes('hf_secret_token_123'));
    } finally {
      server.close();
    }
  });
});

