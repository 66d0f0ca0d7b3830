import type { ConfigNode, MapEntry, Span } from '../core/parsing/configTree';

export interface Located {
  path: string[];
  entry: MapEntry;
  onKey: boolean;
}

const inside = (span: Span, offset: number): boolean => offset >= span.start && offset <= span.end;

/** The deepest mapping entry whose key or value contains the offset. */
export function entryAt(root: ConfigNode | null, offset: number): Located | undefined {
  let found: Located | undefined;
  let budget = 10_000;
  const go = (node: ConfigNode, path: string[]): void => {
    if (--budget < 0) return;
    if (node.type === 'map') {
      for (const e of node.entries) {
        if (inside(e.keySpan, offset)) {
          found = { path: [...path, e.key], entry: e, onKey: true };
          return;
        }
        if (inside(e.value.span, offset) && e.value.span.end > e.value.span.start) {
          found = { path: [...path, e.key], entry: e, onKey: false };
          go(e.value, [...path, e.key]);
          return;
        }
      }
    } else if (node.type === 'seq') {
      node.items.forEach((item, i) => {
        if (inside(item.span, offset)) go(item, [...path, String(i)]);
      });
    }
  };
  if (root) go(root, []);
  return found;
}
