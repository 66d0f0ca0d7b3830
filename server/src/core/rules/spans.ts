import type { ConfigNode, MapEntry, Span } from '../parsing/configTree';
import type { RuleContext } from './rule';

export function rootEntry(ctx: Pick<RuleContext, 'parsed'>, key: string): MapEntry | undefined {
  const root = ctx.parsed.root;
  if (!root || root.type !== 'map') return undefined;
  for (let i = root.entries.length - 1; i >= 0; i--) if (root.entries[i].key === key) return root.entries[i];
  return undefined;
}

/** Where to point for a key: its key span when present, else the start of the document. */
export function keySpan(ctx: Pick<RuleContext, 'parsed'>, key: string): Span | undefined {
  return rootEntry(ctx, key)?.keySpan;
}

export function valueSpan(ctx: Pick<RuleContext, 'parsed'>, key: string): Span | undefined {
  const e = rootEntry(ctx, key);
  if (!e) return undefined;
  return e.value.span.end > e.value.span.start ? e.value.span : e.keySpan;
}

export function firstKeySpan(ctx: Pick<RuleContext, 'parsed'>): Span {
  const root = ctx.parsed.root;
  if (root && root.type === 'map' && root.entries.length) return root.entries[0].keySpan;
  return { start: 0, end: 0 };
}

/** Python truthiness of a config value, as LLaMA-Factory's `if args.x:` tests it. */
export function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

export function nodeSpan(node: ConfigNode | undefined, fallback: Span): Span {
  return node && node.span.end > node.span.start ? node.span : fallback;
}
