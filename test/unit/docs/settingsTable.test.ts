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
