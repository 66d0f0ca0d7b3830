import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../..');
const START = '<!-- settings:start (generated from package.json by test/unit/docs/settingsTable.test.ts) -->';
const END = '<!-- settings:end -->';

/** The README's settings table, from the manifest and its English strings. */
export function settingsTable(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const nls = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const resolve = (s: string): string => s.replace(/^%(.+)%$/, (_, k: string) => nls[k] ?? s);
  const rows = Object.entries(pkg.contributes.configuration.properties as Record<string, { default: unknown; markdownDescription: string; scope?: string }>).map(
    ([key, p]) => `| \`${key}\` | \`${JSON.stringify(p.default)}\` | ${p.scope ?? 'window'} | ${resolve(p.markdownDescription).replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`,
  );
  return ['| setting | default | scope | meaning |', '|---|---|---|---|', ...rows].join('\n');
}

describe('README settings table', () => {
  it('is generated from package.json and current', () => {
    const file = path.join(ROOT, 'README.md');
    const readme = fs.readFileSync(file, 'utf8');
    const block = `${START}\n${settingsTable()}\n${END}`;
    const re = new RegExp(`${START.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\s\\S]*?${END}`);
    assert.ok(re.test(readme), 'README has the settings markers');
    if (process.env.VRAMLINT_WRITE_DOCS === '1') fs.writeFileSync(file, readme.replace(re, block));
    assert.equal(fs.readFileSync(file, 'utf8').match(re)![0], block);
  });

  it('every manifest string has an English and a Simplified Chinese text', () => {
    const en = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8'));
    const zh = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.zh-cn.json'), 'utf8'));
    assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
    const used = [...fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8').matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    assert.deepEqual(used.filter((k) => !(k in en)), []);
  });
});

describe('walkthrough', () => {
  it('opens the same example as examples/qwen2.5-3b-lora-sft.yaml and its media files exist', () => {
    const data = JSON.parse(fs.readFileSync(path.join(ROOT, 'server/data/walkthrough-example.json'), 'utf8'));
    assert.equal(data.text, fs.readFileSync(path.join(ROOT, 'examples/qwen2.5-3b-lora-sft.yaml'), 'utf8'));
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const steps = pkg.contributes.walkthroughs[0].steps as Array<{ media: { markdown: string } }>;
    assert.equal(steps.length, 3);
    for (const s of steps) assert.ok(fs.existsSync(path.join(ROOT, s.media.markdown)), s.media.markdown);
    const commands = new Set((pkg.contributes.commands as Array<{ command: string }>).map((c) => c.command));
    for (const c of ['vramlint.setTargetGpu', 'vramlint.openExample', 'vramlint.showBreakdown']) assert.ok(commands.has(c));
  });
});
