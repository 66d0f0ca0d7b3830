// A format-neutral tree of a config file with the source span of every key and value, built from YAML (with
// LLaMA-Factory's YAML 1.1 semantics) or strict JSON. Rules, the estimator's input and quick fixes all read it.

/** Character offsets into the document text; `end` is exclusive. */
export interface Span {
  start: number;
  end: number;
}

export type ScalarValue = string | number | boolean | null;

export interface ScalarNode {
  type: 'scalar';
  span: Span;
  value: ScalarValue;
  /** The value as written (without quotes for quoted scalars). */
  source: string;
  /** 'plain' for unquoted YAML scalars and JSON literals; quote styles otherwise. */
  style: 'plain' | 'quoted' | 'block';
}

export interface MapEntry {
  key: string;
  keySpan: Span;
  value: ConfigNode;
}

export interface MapNode {
  type: 'map';
  span: Span;
  entries: MapEntry[];
  flow: boolean;
}

export interface SeqNode {
  type: 'seq';
  span: Span;
  items: ConfigNode[];
  flow: boolean;
}

export type ConfigNode = ScalarNode | MapNode | SeqNode;

export interface ParseProblem {
  span: Span;
  message: string;
  code: 'yaml-syntax' | 'json-syntax' | 'duplicate-key' | 'alias-limit';
  /** For duplicate keys: where the key was first defined. */
  related?: { span: Span; message: string };
}

export interface Comment {
  span: Span;
  /** Text after the `#`. */
  text: string;
}

export interface ParsedConfig {
  format: 'yaml' | 'json';
  text: string;
  root: ConfigNode | null;
  problems: ParseProblem[];
  comments: Comment[];
}

export function entry(node: ConfigNode | null | undefined, key: string): MapEntry | undefined {
  if (!node || node.type !== 'map') return undefined;
  // The last occurrence wins for tools that tolerate duplicates; LLaMA-Factory rejects them (a separate rule).
  for (let i = node.entries.length - 1; i >= 0; i--) if (node.entries[i].key === key) return node.entries[i];
  return undefined;
}

export function child(node: ConfigNode | null | undefined, ...path: string[]): ConfigNode | undefined {
  let cur: ConfigNode | undefined = node ?? undefined;
  for (const key of path) {
    cur = entry(cur, key)?.value;
    if (!cur) return undefined;
  }
  return cur;
}

/** Upper bound on nodes converted by toPlain: aliases can share subtrees (a "billion laughs" document). */
export const PLAIN_NODE_BUDGET = 200_000;

export class PlainBudgetExceeded extends Error {
  constructor() {
    super('the document expands to too many values (YAML aliases); only part of it is analysed');
  }
}

/** The value a Python loader would produce (dicts, lists, scalars). */
export function toPlain(node: ConfigNode | null | undefined, budget = { left: PLAIN_NODE_BUDGET }): unknown {
  if (!node) return null;
  if (--budget.left < 0) throw new PlainBudgetExceeded();
  switch (node.type) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map((item) => toPlain(item, budget));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const e of node.entries) out[e.key] = toPlain(e.value, budget);
      return out;
    }
  }
}

/** The root as a plain object, or {} when the root is not a mapping. */
export function rootObject(parsed: ParsedConfig): Record<string, unknown> {
  if (!parsed.root || parsed.root.type !== 'map') return {};
  try {
    return toPlain(parsed.root) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof PlainBudgetExceeded) return {};
    throw e;
  }
}

export function spanText(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}
