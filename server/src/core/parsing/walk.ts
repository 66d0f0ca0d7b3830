import type { ConfigNode, MapEntry } from './configTree';

const WALK_BUDGET = 100_000;

/** Visits every mapping entry with its key path, depth-first, bounded (aliases can share subtrees). */
export function walkEntries(root: ConfigNode | null, visit: (path: string[], entry: MapEntry) => void | 'skip'): void {
  let budget = WALK_BUDGET;
  const go = (node: ConfigNode, path: string[]): void => {
    if (--budget < 0) return;
    if (node.type === 'map') {
      for (const e of node.entries) {
        const p = [...path, e.key];
        if (visit(p, e) === 'skip') continue;
        go(e.value, p);
      }
    } else if (node.type === 'seq') {
      node.items.forEach((item, i) => go(item, [...path, String(i)]));
    }
  };
  if (root) go(root, []);
}
