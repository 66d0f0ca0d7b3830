import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeDocument } from '../../../server/src/core/analyze';
import { getCatalog } from '../../../server/src/core/catalog/catalogs';
import { localeFrom, setLocale } from '../../../server/src/core/l10n';
import { hoverAt } from '../../../server/src/features/hover';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { nodeFileHost } from '../../../server/src/node/nodeHost';
import { LspClient } from '../../lsp/harness';

const ROOT = path.resolve(__dirname, '../../../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const CONFIG = 'model_name_or_path: Qwen/Qwen2.5-0.5B-Instruct\nstage: sft\ndo_train: true\nfinetuning_type: lora\ndataset: x\ntemplate: qwen\nlearing_rate: 1.0e-4\noutput_dir: out\nbf16: true\n';
const HAN = /[\u4e00-\u9fff]/;

async function catalogTexts(): Promise<string[]> {
  const mod = (await import(path.join(ROOT, 'scripts/l10n-keys.mjs'))) as { catalogTexts: (root: string) => string[] };
  return mod.catalogTexts(ROOT);
}

async function sourceKeys(): Promise<string[]> {
  // The same extraction the maintainers run: node scripts/l10n-keys.mjs --missing
  const mod = (await import(path.join(ROOT, 'scripts/l10n-keys.mjs'))) as { allKeys: (root: string) => string[] };
  return mod.allKeys(ROOT);
}

describe('languages: English and Simplified Chinese', function () {
  this.timeout(30_000);
  afterEach(() => setLocale('en'));

  it('every string in the code has a Chinese text, and the bundle has nothing unused', async () => {
    const bundle = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
    const keys = await sourceKeys();
    assert.ok(keys.length > 150, `only ${keys.length} strings found`);
    assert.deepEqual(keys.filter((k) => !(k in bundle)), [], 'strings without a Chinese text');
    assert.deepEqual(Object.keys(bundle).filter((k) => !keys.includes(k)), [], 'Chinese texts no code uses');
    for (const [en, zh] of Object.entries(bundle)) {
      assert.deepEqual((zh.match(/\{\d+\}/g) ?? []).sort(), (en.match(/\{\d+\}/g) ?? []).sort(), `placeholders differ: ${en}`);
    }
  });

  it('every key doc, deprecation and "ignored" note of the catalogs has a Chinese text that keeps its identifiers', async () => {
    const bundle = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n/catalog.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
    const texts = await catalogTexts();
    assert.ok(texts.length > 900, `only ${texts.length} catalog texts found`);
    assert.deepEqual(texts.filter((k) => !(k in bundle)), [], 'catalog texts without a Chinese text (node scripts/l10n-keys.mjs --catalog --missing)');
    assert.deepEqual(Object.keys(bundle).filter((k) => !texts.includes(k)), [], 'Chinese texts no catalog uses');
    const problems: string[] = [];
    for (const [en, zh] of Object.entries(bundle)) {
      if (!HAN.test(zh)) problems.push(`not Chinese: ${zh}`);
      // Key names and values a user types (snake_case, dotted, backticked) must survive translation unchanged.
      for (const id of en.match(/`[^`]+`|\b[A-Za-z][A-Za-z0-9]*(?:[_.][A-Za-z0-9]+)+\b/g) ?? []) if (!['e.g', 'i.e'].includes(id) && !zh.includes(id)) problems.push(`${id} lost in: ${zh}`);
    }
    assert.deepEqual(problems, []);
  });

  it('key hovers and deprecation messages show the catalog texts in Chinese, and English again after switching back', () => {
    const text = 'model_name_or_path: Qwen/Qwen2.5-0.5B-Instruct\nstage: sft\ndo_train: true\nfinetuning_type: lora\ndataset: x\ntemplate: qwen\noutput_dir: out\nlora_rank: 8\nimage_dir: data\n';
    const analyse = () => analyzeDocument({ path: '/tmp/l10n-doc.yaml', text, settings: DEFAULT_SETTINGS, host: nodeFileHost(), environment: { env: {}, homeDir: '/nonexistent' }, workspaceDirs: [] });
    const docOf = (markdown: string) => /\*\*lora_rank\*\* — (.*)/.exec(markdown)![1];
    const deprecation = (a: ReturnType<typeof analyse>) => a.diagnostics.find((d) => d.code === 'deprecated-key')!.message;
    setLocale('zh-cn');
    const zh = analyse();
    const zhDoc = docOf(hoverAt(zh, text.indexOf('lora_rank') + 2)!.markdown);
    setLocale('en');
    const en = analyse();
    assert.equal(docOf(hoverAt(en, text.indexOf('lora_rank') + 2)!.markdown), getCatalog('llamafactory').keys.lora_rank.doc);
    assert.match(zhDoc, HAN);
    assert.match(deprecation(en), /^'image_dir' is deprecated: Renamed to media_dir\./);
    assert.match(deprecation(zh), HAN);
    assert.doesNotMatch(deprecation(zh), /Renamed to/);
    assert.match(deprecation(zh), /media_dir/);
  });

  it('snippet descriptions carry both languages (VS Code cannot localise snippet files: microsoft/vscode#96396)', () => {
    for (const file of ['snippets/yaml.json', 'snippets/json.json']) {
      const snippets = JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, { description: string }>;
      for (const [name, s] of Object.entries(snippets)) {
        const [en, zh, ...rest] = s.description.split(' · ');
        assert.equal(rest.length, 0, `${name}: "English · 中文"`);
        assert.ok(en && !HAN.test(en) && /[a-z]{3}/.test(en), `${name}: English first`);
        assert.match(zh ?? '', HAN, `${name}: Chinese second`);
      }
    }
  });

  it('reads the locale from editor and environment names', () => {
    for (const zh of ['zh-cn', 'zh-CN', 'zh_CN.UTF-8', 'zh', 'zh-Hans']) assert.equal(localeFrom(zh), 'zh-cn', zh);
    for (const en of ['en', 'en-US', 'C.UTF-8', '', undefined, 'ja', 'zh-tw']) assert.equal(localeFrom(en), 'en', String(en));
  });

  it('diagnostics come out in Chinese with key names intact, and in English again after switching back', () => {
    const run = () =>
      analyzeDocument({ path: '/tmp/l10n.yaml', text: CONFIG, settings: DEFAULT_SETTINGS, host: nodeFileHost(), environment: { env: {}, homeDir: '/nonexistent' }, workspaceDirs: [] }).diagnostics.find((d) => d.code === 'unknown-key')!;
    setLocale('zh-cn');
    const zh = run();
    assert.match(zh.message, HAN);
    assert.match(zh.message, /learing_rate/);
    assert.match(zh.message, /learning_rate/);
    setLocale('en');
    assert.match(run().message, /^Unknown key 'learing_rate' — did you mean 'learning_rate'\?/);
  });

  it('the CLI follows --lang and LANG', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vramlint-l10n-'));
    fs.writeFileSync(path.join(dir, 'c.yaml'), CONFIG);
    const env = { ...process.env, HF_HOME: '/nonexistent-hf', LC_ALL: '', LC_MESSAGES: '' };
    const byFlag = spawnSync(process.execPath, [CLI, '--lang', 'zh-cn', 'c.yaml'], { cwd: dir, encoding: 'utf8', env: { ...env, LANG: 'en_US.UTF-8' } });
    const byEnv = spawnSync(process.execPath, [CLI, 'c.yaml'], { cwd: dir, encoding: 'utf8', env: { ...env, LANG: 'zh_CN.UTF-8' } });
    const english = spawnSync(process.execPath, [CLI, 'c.yaml'], { cwd: dir, encoding: 'utf8', env: { ...env, LANG: 'en_US.UTF-8' } });
    fs.rmSync(dir, { recursive: true, force: true });
    for (const r of [byFlag, byEnv]) assert.match(r.stdout, /c\.yaml:7:1: error: 未知的键 'learing_rate' —— 是否想写 'learning_rate'？.*\[unknown-key\]/);
    assert.match(english.stdout, /c\.yaml:7:1: error: Unknown key 'learing_rate'/);
  });

  it('the language server follows the editor’s locale', async () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'vramlint-l10n-lsp-'));
    const client = new LspClient({ HF_HOME: path.join(ws, 'hf') });
    try {
      await client.initialize(ws, { locale: 'zh-cn' });
      const uri = client.open(path.join(ws, 'c.yaml'), CONFIG);
      const diags = await client.waitForDiagnostics(uri, (p) => p.version === 1);
      const d = diags.find((x) => x.code === 'unknown-key')!;
      assert.match(d.message, HAN);
    } finally {
      await client.shutdown();
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });
});
