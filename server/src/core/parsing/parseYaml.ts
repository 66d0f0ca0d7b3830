import { Alias, CST, Document, isAlias, isMap, isPair, isScalar, isSeq, Lexer, parseDocument, Scalar } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import type { Comment, ConfigNode, MapEntry, ParsedConfig, ParseProblem, ScalarNode, Span } from './configTree';
import { resolvePlainScalar } from './yaml11';
import { t } from '../l10n';

/** Converted nodes per document, bounded so alias chains cannot blow up the work (each target converts once). */
const MAX_CONVERTED_NODES = 500_000;

export function parseYamlConfig(text: string): ParsedConfig {
  const problems: ParseProblem[] = [];
  // uniqueKeys off: duplicates are reported by the converter with both locations, as LLaMA-Factory's loader refuses them.
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: false, prettyErrors: false, keepSourceTokens: false });
  for (const err of doc.errors) {
    const [start, end] = err.pos;
    problems.push({ span: clampSpan(text, start, Math.max(end, start + 1)), message: t`YAML syntax error: ${cleanYamlMessage(err.message)}`, code: 'yaml-syntax' });
  }
  const converter = new Converter(doc, text, problems);
  const root = doc.contents ? converter.convert(doc.contents as YamlNode) : null;
  return { format: 'yaml', text, root, problems, comments: yamlComments(text) };
}

function cleanYamlMessage(message: string): string {
  // The library appends a code frame after the first line; the editor shows the range itself.
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function clampSpan(text: string, start: number, end: number): Span {
  const s = Math.max(0, Math.min(start, text.length));
  return { start: s, end: Math.max(s, Math.min(end, text.length)) };
}

class Converter {
  private readonly memo = new Map<YamlNode, ConfigNode>();
  private readonly inProgress = new Set<YamlNode>();
  private converted = 0;
  private limitReported = false;

  constructor(
    private readonly doc: Document,
    private readonly text: string,
    private readonly problems: ParseProblem[],
  ) {}

  convert(node: YamlNode, aliasSpan?: Span): ConfigNode {
    if (isAlias(node)) return this.convertAlias(node);
    const span = aliasSpan ?? this.span(node);
    if (++this.converted > MAX_CONVERTED_NODES) return this.limit(span);
    if (isScalar(node)) return this.scalar(node, span);
    if (isMap(node)) {
      const entries: MapEntry[] = [];
      const seen = new Map<string, Span>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YamlNode | null;
        const keySpan = keyNode && !isAlias(keyNode) ? this.span(keyNode) : span;
        const key = keyNode && isScalar(keyNode) ? String(keyNode.source ?? keyNode.value ?? '') : keyNode ? String(keyNode) : '';
        const valueNode = pair.value as YamlNode | null;
        const value: ConfigNode = valueNode ? this.convert(valueNode) : emptyScalar(keySpan.end);
        if (key === '<<' && keyNode && isScalar(keyNode) && keyNode.type === 'PLAIN') {
          // YAML 1.1 merge key: PyYAML copies the merged mapping's entries that are not set explicitly.
          for (const merged of mergeSources(value)) for (const e of merged.entries) if (!seen.has(e.key)) entries.push(e);
          continue;
        }
        const first = seen.get(key);
        if (first) {
          this.problems.push({
            span: keySpan,
            message: t`Duplicate key '${key}': the YAML loader LLaMA-Factory uses refuses the file ("found duplicate key").`,
            code: 'duplicate-key',
            related: { span: first, message: t`'${key}' is first defined here` },
          });
        } else seen.set(key, keySpan);
        entries.push({ key, keySpan, value });
      }
      return { type: 'map', span, entries, flow: Boolean(node.flow) };
    }
    if (isSeq(node)) {
      const items = node.items.map((item) => this.convert(item as YamlNode));
      return { type: 'seq', span, items, flow: Boolean(node.flow) };
    }
    return emptyScalar(span.start);
  }

  private convertAlias(alias: Alias): ConfigNode {
    const span = this.span(alias);
    const target = alias.resolve(this.doc) as YamlNode | undefined;
    if (!target) return { type: 'scalar', span, value: null, source: '', style: 'plain' };
    if (this.inProgress.has(target)) {
      this.problems.push({ span, message: t('This alias refers to a node that contains it (a cyclic alias); it is read as null.'), code: 'alias-limit' });
      return { type: 'scalar', span, value: null, source: '', style: 'plain' };
    }
    let converted = this.memo.get(target);
    if (!converted) {
      this.inProgress.add(target);
      converted = this.convert(target);
      this.inProgress.delete(target);
      this.memo.set(target, converted);
    }
    // Shared subtree: the alias's own span for the top node, the anchor's nodes below it.
    return { ...converted, span } as ConfigNode;
  }

  private scalar(node: Scalar, span: Span): ScalarNode {
    const source = typeof node.source === 'string' ? node.source : String(node.value ?? '');
    switch (node.type) {
      case 'QUOTE_DOUBLE':
      case 'QUOTE_SINGLE':
        return { type: 'scalar', span, value: String(node.value ?? ''), source: String(node.value ?? ''), style: 'quoted' };
      case 'BLOCK_FOLDED':
      case 'BLOCK_LITERAL':
        return { type: 'scalar', span, value: String(node.value ?? ''), source: String(node.value ?? ''), style: 'block' };
      default: {
        // An explicit tag (!!str, !!int…) decides the type; otherwise PyYAML/OmegaConf's implicit resolvers do.
        const value = node.tag ? toScalarValue(node.value) : resolvePlainScalar(source);
        return { type: 'scalar', span, value, source, style: 'plain' };
      }
    }
  }

  private span(node: YamlNode | Alias): Span {
    const range = (node as { range?: [number, number, number] }).range;
    if (!range) return { start: 0, end: 0 };
    return clampSpan(this.text, range[0], range[1]);
  }

  private limit(span: Span): ConfigNode {
    if (!this.limitReported) {
      this.limitReported = true;
      this.problems.push({ span, message: t('The document expands to too many values (YAML aliases); only part of it is analysed.'), code: 'alias-limit' });
    }
    return emptyScalar(span.start);
  }
}

function mergeSources(node: ConfigNode): Array<Extract<ConfigNode, { type: 'map' }>> {
  if (node.type === 'map') return [node];
  if (node.type === 'seq') return node.items.filter((i): i is Extract<ConfigNode, { type: 'map' }> => i.type === 'map');
  return [];
}

function toScalarValue(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  return String(v);
}

function emptyScalar(at: number): ScalarNode {
  return { type: 'scalar', span: { start: at, end: at }, value: null, source: '', style: 'plain' };
}

/** Every `#` comment with its offsets, from the YAML lexer (so `#` inside strings and block scalars is skipped). */
export function yamlComments(text: string): Comment[] {
  const comments: Comment[] = [];
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    // Control tokens (document/flow/scalar markers) have no source text.
    if (token === '\x02' || token === '\x18' || token === '\x1f') continue;
    if (CST.tokenType(token) === 'comment') comments.push({ span: { start: offset, end: offset + token.length }, text: token.slice(1) });
    offset += token.length;
  }
  return comments;
}
