import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument, type Analysis } from '../../server/src/core/analyze';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';
import { completionsAt } from '../../server/src/features/completion';
import { hoverAt } from '../../server/src/features/hover';
import { quickFixes } from '../../server/src/features/quickFixes';
import { nodeFileHost } from '../../server/src/node/nodeHost';

// Mutation fuzzing of real corpus files through the same code paths the server runs on every keystroke:
// analysis (parse, classify, rules, estimate), hover and completion at random offsets, and quick fixes.

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CORPUS = path.resolve(__dirname, '../../../test/fixtures/corpus');

export function corpusTexts(): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  const walk = (dir: string): void => {
    for (const n of fs.readdirSync(dir)) {
      const p = path.join(dir, n);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (/\.(ya?ml|json)$/.test(n)) out.push({ file: p, text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(CORPUS);
  return out;
}

type Mutator = (text: string, r: () => number) => string;
const pick = <T>(xs: T[], r: () => number): T => xs[Math.floor(r() * xs.length)];
const lines = (t: string): string[] => t.split('\n');

export const MUTATORS: Record<string, Mutator> = {
  byteFlip: (t, r) => {
    const i = Math.floor(r() * t.length);
    return t.slice(0, i) + String.fromCharCode(Math.floor(r() * 128)) + t.slice(i + 1);
  },
  truncate: (t, r) => t.slice(0, Math.floor(r() * t.length)),
  deleteLine: (t, r) => {
    const ls = lines(t);
    ls.splice(Math.floor(r() * ls.length), 1);
    return ls.join('\n');
  },
  duplicateLine: (t, r) => {
    const ls = lines(t);
    const i = Math.floor(r() * ls.length);
    ls.splice(i, 0, ls[i]);
    return ls.join('\n');
  },
  unicode: (t, r) => {
    const i = Math.floor(r() * t.length);
    const chars = ['\u0000', '\ufeff', '\ud800', '😀', '中文', '\u202e', '\r', '\t', '\u2028', 'ß'];
    return t.slice(0, i) + pick(chars, r) + t.slice(i);
  },
  hugeNumber: (t, r) => t.replace(/\b\d+(\.\d+)?\b/, pick(['1e309', '99999999999999999999999', '-1e400', '0x7fffffffffffffff', '1_000_000_000_000'], r)),
  nanInf: (t, r) => t.replace(/\b\d+(\.\d+)?\b/, pick(['.nan', '.inf', '-.inf', 'NaN', 'Infinity'], r)),
  negativeZero: (t, r) => t.replace(/(\b|")\d+(\.\d+)?\b/g, (m) => (r() < 0.3 ? pick(['0', '-1', '-8', '0.0', '-0'], r) : m)),
  wrongType: (t, r) => {
    const ls = lines(t);
    const i = Math.floor(r() * ls.length);
    ls[i] = ls[i].replace(/:\s*(.+)$/, `: ${pick(['[1, 2]', '{a: 1}', '"text"', 'null', 'true', '- x', '&a 1', '*missing', '!!binary AAAA'], r)}`);
    return ls.join('\n');
  },
  deepNesting: (t, r) => t + `\nnested: ${'['.repeat(200 + Math.floor(r() * 800))}1${']'.repeat(200)}\n`,
  hugeValue: (t) => t.replace(/(template|"stage"|output_dir)(\s*:\s*)("?)[^\n,]*/, `$1$2$3${'x'.repeat(10 * 1024 * 1024)}`),
  aliasBomb: (t) => {
    const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) bomb.push(`a${i}: &a${i} [${Array(9).fill(i === 1 ? '*a' : `*a${i - 1}`).join(',')}]`);
    return t + '\n' + bomb.join('\n') + '\n';
  },
  crlf: (t) => t.replace(/\n/g, '\r\n'),
  bom: (t) => '\ufeff' + t,
  longLine: (t, r) => t + `\n# ${'y'.repeat(100_000 + Math.floor(r() * 100_000))}\n`,
};

export interface FuzzResult {
  inputs: number;
  failures: Array<{ mutator: string; file: string; error: string }>;
  slowest: { ms: number; mutator: string; file: string };
}

function checkAnalysis(a: Analysis, text: string): string | null {
  for (const d of a.diagnostics) {
    if (!(d.span.start >= 0 && d.span.end >= d.span.start && d.span.end <= text.length)) return `diagnostic ${d.code} out of range ${JSON.stringify(d.span)} (length ${text.length})`;
  }
  const est = a.estimate;
  if (est) {
    const nums = [est.perGpuBytes, est.cpuBytes, est.rangeBytes[0], est.rangeBytes[1], ...est.components.map((c) => c.bytes)];
    if (nums.some((n) => !Number.isFinite(n) || n < 0)) return `estimate has a bad number: ${JSON.stringify(nums)}`;
  }
  return null;
}

export function fuzz(seed: number, count: number): FuzzResult {
  const r = rng(seed);
  const texts = corpusTexts();
  const names = Object.keys(MUTATORS);
  const host = nodeFileHost();
  const environment = { env: {}, homeDir: '/nonexistent' };
  const result: FuzzResult = { inputs: 0, failures: [], slowest: { ms: 0, mutator: '', file: '' } };
  for (let i = 0; i < count; i++) {
    const { file, text: original } = pick(texts, r);
    const mutator = names[i % names.length];
    // Heavy mutators run less often: they are about size, not variety.
    if ((mutator === 'hugeValue' || mutator === 'longLine') && r() < 0.8) continue;
    const text = MUTATORS[mutator](original, r);
    const workspace = file.includes(`${path.sep}llamafactory${path.sep}`) ? path.join(CORPUS, 'llamafactory') : path.dirname(file);
    const t0 = performance.now();
    try {
      const a = analyzeDocument({ path: file, text, settings: { ...DEFAULT_SETTINGS, gpu: 'RTX 4090' }, host, environment, workspaceDirs: [workspace] });
      const problem = checkAnalysis(a, text);
      if (problem) throw new Error(problem);
      for (let k = 0; k < 3; k++) {
        const offset = Math.floor(r() * (text.length + 1));
        hoverAt(a, offset);
        completionsAt(a, offset, host);
      }
      const refs = a.diagnostics.slice(0, 3).map((d) => ({ code: d.code, span: d.span, data: d.data ?? {} }));
      quickFixes(a, refs, {
        reanalyze: (t2) => analyzeDocument({ path: file, text: t2, settings: { ...DEFAULT_SETTINGS, gpu: 'RTX 4090' }, host, environment, workspaceDirs: [workspace] }),
        findZeroFiles: () => [],
      });
    } catch (e) {
      result.failures.push({ mutator, file: path.relative(CORPUS, file), error: e instanceof Error ? (e.stack ?? e.message).split('\n').slice(0, 4).join(' | ') : String(e) });
    }
    const ms = performance.now() - t0;
    if (ms > result.slowest.ms) result.slowest = { ms, mutator, file: path.relative(CORPUS, file) };
    result.inputs++;
  }
  return result;
}
