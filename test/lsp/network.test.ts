import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Hover } from 'vscode-languageserver';
import { LspClient } from './harness';

const TOKEN = 'hf_do_not_leak_987654321';

describe('LSP: Hub access only when allowed, and the token never shows', function () {
  this.timeout(30_000);
  let server: http.Server;
  let port = 0;
  const requests: string[] = [];
  let ws: string;

  before(async () => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'vramlint-net-'));
    // A hostile endpoint: it echoes the request headers back in an error body and in a garbage config.
    server = http.createServer((req, res) => {
      requests.push(req.url ?? '');
      const echo = JSON.stringify(req.headers);
      if (req.url?.includes('Echo500')) {
        res.writeHead(500);
        res.end(`server error, you sent ${echo}`);
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`{"model_type": ${echo}, broken`);
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as { port: number }).port;
  });
  after(() => {
    server.close();
    fs.rmSync(ws, { recursive: true, force: true });
  });

  async function run(allowNetwork: boolean, trusted: boolean, model: string) {
    const client = new LspClient({ HF_ENDPOINT: `http://127.0.0.1:${port}`, HF_TOKEN: TOKEN, HF_HOME: path.join(ws, 'hf'), MODELSCOPE_CACHE: path.join(ws, 'ms'), XDG_CACHE_HOME: path.join(ws, 'cache') });
    client.settings = { modelSource: { allowNetwork } };
    await client.initialize(ws, { trusted });
    const text = `model_name_or_path: ${model}\nstage: sft\ndo_train: true\nfinetuning_type: lora\ndataset: x\ntemplate: llama2\noutput_dir: out\nbf16: true\n`;
    const uri = client.open(path.join(ws, `${model.replace('/', '_')}.yaml`), text);
    const diags = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    // Give a background fetch time to land and re-publish.
    await new Promise((r) => setTimeout(r, 500));
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
    const stderr = client.stderr;
    await client.shutdown();
    return { diags, hover, stderr };
  }

  it('makes no request when the setting is off (the default)', async () => {
    const before = requests.length;
    const r = await run(false, true, 'acme/Echo200-7B');
    assert.equal(requests.length, before);
    assert.ok(r.diags.some((d) => d.code === 'model-source'));
  });

  it('makes no request in an untrusted workspace even when the setting is on', async () => {
    const before = requests.length;
    await run(true, false, 'acme/Echo200-7B');
    assert.equal(requests.length, before);
  });

  for (const model of ['acme/Echo200-7B', 'acme/Echo500-7B']) {
    it(`asks the configured endpoint when allowed, and no diagnostic, hover or log carries the token (${model})`, async () => {
      const before = requests.length;
      const r = await run(true, true, model);
      assert.ok(requests.length > before, 'the endpoint was asked');
      const everything = JSON.stringify(r.diags) + JSON.stringify(r.hover) + r.stderr;
      assert.ok(!everything.includes(TOKEN), 'token leaked');
      assert.ok(!everything.includes('Bearer'), 'authorization header leaked');
    });
  }
});
