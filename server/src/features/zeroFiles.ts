import * as path from 'node:path';
import { classify } from '../core/classify/classify';
import type { FileHost } from '../core/host';
import { rootObject } from '../core/parsing/configTree';
import { parseConfig } from '../core/parsing/parse';

const SKIP = new Set(['node_modules', '.git', '.venv', 'venv', '__pycache__', 'saves', 'output', 'outputs', 'wandb', 'dist']);

/** ZeRO-3 DeepSpeed configs in the workspace (bounded walk: depth 4, 3000 entries), nearest to the config first. */
export function findZeroThreeFiles(host: FileHost, roots: string[], near: string): Array<{ path: string; offload: boolean }> {
  const found: Array<{ path: string; offload: boolean }> = [];
  let budget = 3000;
  const visit = (dir: string, depth: number): void => {
    for (const name of host.listDir(dir)) {
      if (--budget < 0) return;
      const p = path.join(dir, name);
      if (name.endsWith('.json')) {
        const text = host.stat(p) === 'file' ? host.readText(p) : undefined;
        if (!text || text.length > 200_000 || !text.includes('zero_optimization')) continue;
        const parsed = parseConfig(text, 'json');
        if (parsed.problems.length || classify(parsed).kind !== 'deepspeed') continue;
        const z = rootObject(parsed).zero_optimization as Record<string, unknown> | undefined;
        if (z?.stage !== 3) continue;
        const off = (k: string): boolean => {
          const v = z[k] as Record<string, unknown> | undefined;
          return Boolean(v && v.device && v.device !== 'none');
        };
        found.push({ path: p, offload: off('offload_optimizer') || off('offload_param') });
      } else if (depth < 4 && !name.startsWith('.') && !SKIP.has(name) && host.stat(p) === 'dir') visit(p, depth + 1);
    }
  };
  for (const root of roots) visit(root, 0);
  const distance = (p: string): number => path.relative(path.dirname(near), p).split(path.sep).length;
  return found.sort((a, b) => distance(a.path) - distance(b.path));
}
