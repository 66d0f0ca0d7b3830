import * as path from 'node:path';
import { suggestKey } from '../../catalog/suggest';
import { parseConfig } from '../../parsing/parse';
import { rootObject, type ConfigNode, type Span } from '../../parsing/configTree';
import type { FileHost } from '../../host';
import type { Finding, Rule } from '../rule';
import { rootEntry } from '../spans';
import { t } from '../../l10n';

// LLaMA-Factory looks dataset names up in <dataset_dir>/dataset_info.json (data/parser.py:get_dataset_list) and
// refuses pairwise ("ranking") data for pt/sft/kto/ppo and plain data for rm/dpo (data/loader.py).

interface DatasetInfo {
  file: string;
  entries: Record<string, unknown>;
}

/** The dataset_info.json a LLaMA-Factory config uses: <dataset_dir> relative to the config, then each workspace folder. */
export function findDatasetInfo(configPath: string, plain: Record<string, unknown>, host: FileHost, workspaceDirs: readonly string[]): DatasetInfo | null {
  const dir = typeof plain.dataset_dir === 'string' ? plain.dataset_dir : 'data';
  if (dir === 'ONLINE' || dir.startsWith('REMOTE:')) return null;
  const bases = path.isAbsolute(dir) ? [dir] : [path.resolve(path.dirname(configPath), dir), ...workspaceDirs.map((w) => path.resolve(w, dir))];
  for (const base of [...new Set(bases)]) {
    const file = path.join(base, 'dataset_info.json');
    if (host.stat(file) !== 'file') continue;
    const text = host.readText(file);
    if (text === undefined) continue;
    const parsed = parseConfig(text, 'json');
    if (parsed.problems.some((p) => p.code === 'json-syntax')) return null;
    return { file, entries: rootObject(parsed) };
  }
  return null;
}

/** Each dataset name with the span of its text, for a comma string or a YAML list. */
export function datasetNames(node: ConfigNode): Array<{ name: string; span: Span }> {
  if (node.type === 'seq') {
    return node.items.flatMap((i) => (i.type === 'scalar' && typeof i.value === 'string' ? [{ name: i.value.trim(), span: i.span }] : []));
  }
  if (node.type !== 'scalar' || typeof node.value !== 'string') return [];
  const out: Array<{ name: string; span: Span }> = [];
  // For a plain or quoted scalar on one line, the names sit inside the value's span in order.
  const raw = node.value;
  const quoteOffset = node.style === 'quoted' ? 1 : 0;
  let pos = 0;
  for (const part of raw.split(',')) {
    const lead = part.length - part.trimStart().length;
    const name = part.trim();
    const start = node.span.start + quoteOffset + pos + lead;
    if (name) out.push({ name, span: node.style === 'block' ? node.span : { start, end: start + name.length } });
    pos += part.length + 1;
  }
  return out;
}

const PAIRWISE_STAGES = new Set(['rm', 'dpo']);

export const unknownDataset: Rule = {
  id: 'unknown-dataset',
  kinds: ['llamafactory'],
  severity: 'error',
  title: 'A dataset name that is not in dataset_info.json, or whose format does not fit the stage',
  check(ctx, report) {
    const keys = ['dataset', 'eval_dataset'].filter((k) => rootEntry(ctx, k));
    if (keys.length === 0) return;
    const info = findDatasetInfo(ctx.path, ctx.plain, ctx.host, ctx.workspaceDirs);
    if (!info) return;
    ctx.dependencies.push(info.file);
    const names = Object.keys(info.entries);
    const stage = typeof ctx.plain.stage === 'string' ? ctx.plain.stage : 'sft';
    const rel = path.relative(path.dirname(ctx.path), info.file) || info.file;
    for (const key of keys) {
      for (const { name, span } of datasetNames(rootEntry(ctx, key)!.value)) {
        const entry = info.entries[name];
        if (entry === undefined) {
          const suggestion = suggestKey(name, names);
          const f: Finding = {
            span,
            message: suggestion
              ? t`Dataset '${name}' is not defined in ${rel} — did you mean '${suggestion}'? LLaMA-Factory stops with "Undefined dataset".`
              : t`Dataset '${name}' is not defined in ${rel}. LLaMA-Factory stops with "Undefined dataset".`,
            data: suggestion ? { suggestion } : undefined,
          };
          report(f);
          continue;
        }
        const ranking = typeof entry === 'object' && entry !== null && (entry as Record<string, unknown>).ranking === true;
        if (ranking && !PAIRWISE_STAGES.has(stage)) {
          report({ span, message: t`Dataset '${name}' is pairwise (ranking: true in ${rel}) and cannot be used with stage: ${stage}; it is for rm and dpo.` });
        } else if (!ranking && PAIRWISE_STAGES.has(stage)) {
          report({ span, message: t`stage: ${stage} needs a pairwise dataset (ranking: true in ${rel}); '${name}' is not.` });
        }
      }
    }
  },
};
