// Lists the l10n keys used in the sources (t`…`, t('…'), vscode.l10n.t('…')), as @vscode/l10n computes them.
// Used by the l10n test; run it to see which keys a bundle lacks: node scripts/l10n-keys.mjs [--missing]
// With --catalog: the texts of the key catalogs (docs, deprecation and "ignored" notes) that
// l10n/catalog.l10n.zh-cn.json translates (with --missing, those it lacks).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function sourceFiles(dirs) {
  const out = [];
  const walk = (d) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.ts')) out.push(p);
    }
  };
  for (const d of dirs) walk(d);
  return out;
}

/** Reads a template literal starting after its opening backtick; returns the key and where it ends. */
function readTemplate(src, i) {
  let key = '';
  let n = 0;
  while (i < src.length && src[i] !== '`') {
    if (src[i] === '\\') {
      const next = src[i + 1];
      key += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      i += 2;
      continue;
    }
    if (src[i] === '$' && src[i + 1] === '{') {
      let depth = 1;
      i += 2;
      while (i < src.length && depth > 0) {
        if (src[i] === '{') depth++;
        else if (src[i] === '}') depth--;
        else if (src[i] === '`') {
          const inner = readTemplate(src, i + 1);
          i = inner.end;
        } else if (src[i] === "'" || src[i] === '"') {
          const q = src[i];
          i++;
          while (i < src.length && src[i] !== q) i += src[i] === '\\' ? 2 : 1;
        }
        i++;
      }
      key += `{${n++}}`;
      continue;
    }
    key += src[i++];
  }
  return { key, end: i };
}

function readString(src, i, q) {
  let s = '';
  while (i < src.length && src[i] !== q) {
    if (src[i] === '\\') {
      const next = src[i + 1];
      s += next === 'n' ? '\n' : next;
      i += 2;
    } else s += src[i++];
  }
  return s;
}

export function keysIn(source) {
  // Whole-line comments (the style of this code base) are not code.
  const src = source
    .split('\n')
    .map((l) => (/^\s*(\/\/|\/\*|\*)/.test(l) ? '' : l))
    .join('\n');
  const keys = [];
  const re = /(?:(?<![\w.$])t|(?<![\w$])l10n\.t)(`|\(\s*(['"`]))/g;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    const start = m.index + m[0].length;
    if (m[1] === '`') keys.push(readTemplate(src, start).key);
    else if (m[2] === '`') keys.push(readTemplate(src, start).key);
    else keys.push(readString(src, start, m[2]));
  }
  return keys;
}

export function allKeys(root) {
  const keys = new Set();
  for (const f of sourceFiles([join(root, 'server/src'), join(root, 'client/src')])) for (const k of keysIn(readFileSync(f, 'utf8'))) keys.add(k);
  return [...keys].sort();
}

/** Every text of server/data/catalogs that a user reads: key docs, deprecation and "ignored" messages. */
export function catalogTexts(root) {
  const texts = new Set();
  const walk = (o) => {
    if (Array.isArray(o)) return o.forEach(walk);
    if (!o || typeof o !== 'object') return;
    if (typeof o.doc === 'string') texts.add(o.doc);
    for (const k of ['deprecated', 'ignored']) if (o[k] && typeof o[k].message === 'string') texts.add(o[k].message);
    Object.values(o).forEach(walk);
  };
  const dir = join(root, 'server/data/catalogs');
  for (const n of readdirSync(dir)) if (n.endsWith('.json')) walk(JSON.parse(readFileSync(join(dir, n), 'utf8')));
  return [...texts].sort();
}

if (process.argv[1] && process.argv[1].endsWith('l10n-keys.mjs')) {
  const root = new URL('..', import.meta.url).pathname;
  const catalog = process.argv.includes('--catalog');
  const keys = catalog ? catalogTexts(root) : allKeys(root);
  const bundle = JSON.parse(readFileSync(join(root, catalog ? 'l10n/catalog.l10n.zh-cn.json' : 'l10n/bundle.l10n.zh-cn.json'), 'utf8'));
  const list = process.argv.includes('--missing') ? keys.filter((k) => !(k in bundle)) : keys;
  console.log(JSON.stringify(list, null, 2));
}
