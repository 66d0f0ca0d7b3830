// Walks the corpus fixtures (test/fixtures/corpus, verbatim copies of /work/shared/corpus) and lists the
// mapping-key paths of each config, for the zero-unknown-keys checks.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';

export const CORPUS = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'corpus');

export function corpusFiles(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...corpusFiles(p, ext));
    else if (ext.test(name)) out.push(p);
  }
  return out;
}

export function readConfig(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { version: '1.1' });
}

/** Every mapping-key path in the document (lists are not descended: no catalog keys live inside them). */
export function keyPaths(doc: unknown, prefix: string[] = []): string[][] {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return [];
  const out: string[][] = [];
  for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
    const path = [...prefix, k];
    out.push(path, ...keyPaths(v, path));
  }
  return out;
}

export const rel = (file: string): string => relative(CORPUS, file);
