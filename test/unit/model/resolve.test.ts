import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Environment } from '../../../server/src/core/host';
import { nodeNetworkHost } from '../../../server/src/core/model/network';
import { catalogModelIds, describeArch, paramsFromName, resolveModel, resolveModelSync, type ResolveOptions } from '../../../server/src/core/model/resolve';
import { nodeFileHost } from '../../../server/src/node/nodeHost';

const TINY = { model_type: 'llama', hidden_size: 16, intermediate_size: 40, num_hidden_layers: 2, num_attention_heads: 4, num_key_value_heads: 2, vocab_size: 100, tie_word_embeddings: false };
const TINY_TOTAL = 8656; // see countParams.test.ts

function write(file: string, json: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof json === 'string' ? json : JSON.stringify(json));
}

describe('model/resolve: offline order', () => {
  let tmp: string;
  let opts: (env?: Record<string, string>) => ResolveOptions;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vramlint-model-'));
    opts = (env = {}) => ({ configDir: path.join(tmp, 'proj', 'configs'), workspaceDirs: [path.join(tmp, 'ws')], host: nodeFileHost(), environment: { env, homeDir: path.join(tmp, 'home') }, allowNetwork: false });
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('a directory relative to the config, then to a workspace folder', () => {
    write(path.join(tmp, 'proj', 'models', 'mine', 'config.json'), TINY);
    const r = resolveModelSync('../models/mine', opts());
    assert.equal(r.source, 'local');
    assert.equal(r.sourceDetail, path.join(tmp, 'proj', 'models', 'mine', 'config.json'));
    assert.equal(r.params.total, TINY_TOTAL);
    write(path.join(tmp, 'ws', 'ckpt', 'config.json'), { ...TINY, vocab_size: 200 });
    assert.equal(resolveModelSync('ckpt', opts()).params.total, TINY_TOTAL + 2 * 100 * 16);
  });
  it('a local directory wins over the catalog; a broken config.json gives a note', () => {
    write(path.join(tmp, 'proj', 'configs', 'Qwen', 'Qwen2.5-7B-Instruct', 'config.json'), TINY);
    assert.equal(resolveModelSync('Qwen/Qwen2.5-7B-Instruct', opts()).source, 'local');
    write(path.join(tmp, 'proj', 'configs', 'broken', 'x', 'config.json'), '{ not json');
    const r = resolveModelSync('broken/x', opts());
    assert.equal(r.source, 'name');
    assert.match(r.notes.join('\n'), /could not be read as a model config/);
  });
  it('the Hugging Face cache: HF_HOME/hub and HF_HUB_CACHE, snapshot from refs/main', () => {
    const repo = path.join(tmp, 'hf', 'hub', 'models--acme--tiny');
    write(path.join(repo, 'refs', 'main'), 'bbb');
    write(path.join(repo, 'snapshots', 'aaa', 'config.json'), { ...TINY, vocab_size: 300 });
    write(path.join(repo, 'snapshots', 'bbb', 'config.json'), TINY);
    const r = resolveModelSync('acme/tiny', opts({ HF_HOME: path.join(tmp, 'hf') }));
    assert.equal(r.source, 'cache');
    assert.equal(r.sourceDetail, path.join(repo, 'snapshots', 'bbb', 'config.json'));
    const hubCache = path.join(tmp, 'hubcache');
    write(path.join(hubCache, 'models--acme--tiny', 'snapshots', 'ccc', 'config.json'), { ...TINY, vocab_size: 400 });
    assert.equal(resolveModelSync('acme/tiny', opts({ HF_HOME: path.join(tmp, 'hf'), HF_HUB_CACHE: hubCache })).arch?.vocabSize, 400);
    // Default location under the home directory.
    write(path.join(tmp, 'home', '.cache', 'huggingface', 'hub', 'models--acme--home', 'snapshots', 'x', 'config.json'), TINY);
    assert.equal(resolveModelSync('acme/home', opts()).source, 'cache');
  });
  it("ModelScope's cache: org/name and models/org/name, dots written as ___", () => {
    const ms = path.join(tmp, 'ms');
    write(path.join(ms, 'acme', 'ms-one', 'config.json'), TINY);
    write(path.join(ms, 'models', 'acme', 'ms-two', 'config.json'), TINY);
    write(path.join(ms, 'acme', 'Model2___5-1B', 'config.json'), TINY);
    for (const id of ['acme/ms-one', 'acme/ms-two', 'acme/Model2.5-1B']) assert.equal(resolveModelSync(id, opts({ MODELSCOPE_CACHE: ms })).source, 'cache', id);
    write(path.join(tmp, 'home', '.cache', 'modelscope', 'hub', 'acme', 'ms-home', 'config.json'), TINY);
    assert.equal(resolveModelSync('acme/ms-home', opts()).source, 'cache');
  });
  it('the catalog, case-insensitively, with ModelScope spellings and mirror names', () => {
    const r = resolveModelSync('qwen/qwen2.5-7b-instruct', opts());
    assert.equal(r.source, 'catalog');
    assert.equal(r.params.total, 7_615_616_512);
    assert.equal(r.id, 'qwen/qwen2.5-7b-instruct');
    assert.equal(resolveModelSync('ZhipuAI/chatglm3-6b', opts()).params.total, 6_243_584_000);
    const mirror = resolveModelSync('LLM-Research/Meta-Llama-3-8B-Instruct', opts());
    assert.equal(mirror.source, 'catalog');
    assert.match(mirror.notes[0], /meta-llama\/Meta-Llama-3-8B-Instruct/);
    assert.ok(catalogModelIds().length >= 80);
    assert.ok(catalogModelIds().includes('THUDM/glm-4-9b-chat'));
  });
  it('the size in the name as a last resort', () => {
    const r = resolveModelSync('acme/SuperModel-13B-chat', opts());
    assert.equal(r.source, 'name');
    assert.equal(r.approximate, true);
    assert.equal(r.arch, null);
    assert.equal(r.params.total, 13e9);
    assert.equal(paramsFromName('acme/foo-8x7B'), 56e9);
    assert.equal(paramsFromName('acme/Qwen-1_8B-custom'), 1.8e9);
    assert.equal(paramsFromName('x/thing-0.5B'), 0.5e9);
    assert.equal(paramsFromName('x/thing-72b'), 72e9);
    assert.equal(paramsFromName('x/tiny-1.1B-v2'), 1.1e9);
    const none = resolveModelSync('acme/nosize', opts());
    assert.equal(none.params.total, 0);
    assert.match(none.notes.join(' '), /no size/);
  });
  it('describeArch gives hover lines', () => {
    const lines = describeArch(resolveModelSync('THUDM/chatglm3-6b', opts()));
    assert.match(lines[0], /chatglm: 28 layers, hidden 4096/);
    assert.match(lines[1], /32 attention heads \/ 2 KV heads/);
    assert.ok(lines.includes('6.24B parameters'));
    assert.match(lines.join('\n'), /source: catalog/);
  });
});

describe('model/resolve: the Hub over a loopback server', () => {
  const TOKEN = 'hf_sEcReT_token_123';
  let server: http.Server;
  let endpoint: string;
  let tmp: string;
  const seen: { url: string; auth?: string }[] = [];
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vramlint-hub-'));
    server = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', auth: req.headers.authorization });
      const url = req.url ?? '';
      if (url.startsWith('/acme/ok/resolve/main/config.json')) res.end(JSON.stringify(TINY));
      else if (url.startsWith('/acme/gated/')) res.writeHead(401).end('unauthorized');
      else if (url.startsWith('/acme/slow/')) return; // never answers
      else if (url.startsWith('/acme/garbage-7B/')) res.end('<html>oops</html>');
      else res.writeHead(404).end('not found');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const environment = (extra: Record<string, string> = {}): Environment => ({ env: { HF_ENDPOINT: endpoint, HF_TOKEN: TOKEN, ...extra }, homeDir: path.join(tmp, 'home') });
  const opts = (over: Partial<ResolveOptions> = {}): ResolveOptions => ({
    configDir: tmp,
    workspaceDirs: [],
    host: nodeFileHost(),
    environment: environment(),
    allowNetwork: true,
    network: nodeNetworkHost(),
    cacheDir: path.join(tmp, 'cache'),
    timeoutMs: 300,
    ...over,
  });

  it('200: parses the config, sends the token, caches it so the second resolve needs no request', async () => {
    const before = seen.length;
    const r = await resolveModel('acme/ok', opts());
    assert.equal(r.source, 'hub');
    assert.equal(r.sourceDetail, `${endpoint}/acme/ok/resolve/main/config.json`);
    assert.equal(r.params.total, TINY_TOTAL);
    assert.equal(seen.length, before + 1);
    assert.equal(seen[seen.length - 1].auth, `Bearer ${TOKEN}`);
    assert.ok(fs.existsSync(path.join(tmp, 'cache', 'acme--ok', 'config.json')));
    const again = await resolveModel('acme/ok', opts());
    assert.equal(again.source, 'hub');
    assert.equal(again.params.total, TINY_TOTAL);
    assert.equal(seen.length, before + 1);
  });
  it('401, 404, timeout and a garbage body fall through to the name with a clear note, never the token', async () => {
    const cases: [string, RegExp][] = [
      ['acme/gated', /401: the model is gated or private and the token was refused/],
      ['acme/missing', /404: no such model/],
      ['acme/slow', /could not fetch .*timed out/],
      ['acme/garbage-7B', /did not return a readable config.json/],
    ];
    for (const [id, note] of cases) {
      const r = await resolveModel(id, opts());
      assert.equal(r.source, 'name', id);
      const text = r.notes.join('\n');
      assert.match(text, note);
      assert.ok(!text.includes(TOKEN), `token leaked in ${id}`);
    }
    assert.equal((await resolveModel('acme/garbage-7B', opts())).params.total, 7e9);
  });
  it('without a token, a 401 says to set HF_TOKEN and no Authorization header is sent', async () => {
    const r = await resolveModel('acme/gated', opts({ environment: { env: { HF_ENDPOINT: endpoint }, homeDir: tmp } }));
    assert.match(r.notes.join(' '), /set HF_TOKEN/);
    assert.equal(seen[seen.length - 1].auth, undefined);
  });
  it('no request when the network is not allowed, nor from resolveModelSync; the catalog answers first', async () => {
    const before = seen.length;
    assert.equal((await resolveModel('acme/other', opts({ allowNetwork: false }))).source, 'name');
    assert.equal(resolveModelSync('acme/other', opts()).source, 'name');
    assert.equal((await resolveModel('Qwen/Qwen2.5-7B-Instruct', opts())).source, 'catalog');
    assert.equal(seen.length, before);
  });
});
