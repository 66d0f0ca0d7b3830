import type { Comment, ParsedConfig, Span } from './parsing/configTree';
import type { LineIndex } from './parsing/lineIndex';

// In-file directives, written as YAML comments:
//   # vramlint: gpus=8 gpu=A100-80GB model=Qwen/Qwen2.5-7B accelerate=examples/accelerate/fsdp_config.yaml
//   # vramlint-disable-next-line unknown-key, memory-fit
//   # vramlint-disable-line unknown-key        (trailing, on the line it silences)
//   # vramlint-disable memory-fit              (the whole file; no ids = every rule)

export const DIRECTIVE_KEYS = ['gpu', 'gpus', 'model', 'accelerate'] as const;
export type DirectiveKey = (typeof DIRECTIVE_KEYS)[number];

export interface DirectiveValue {
  value: string;
  /** Span of the value text. */
  span: Span;
  keySpan: Span;
}

export interface DirectiveProblem {
  span: Span;
  message: string;
}

export interface Directives {
  values: Partial<Record<DirectiveKey, DirectiveValue>>;
  /** Span of the whole `# vramlint:` comment (the first one), for hovers. */
  span: Span | null;
  problems: DirectiveProblem[];
  /** Rule ids disabled for the whole file; '*' for all. */
  fileDisabled: Set<string>;
  /** 0-based line → rule ids disabled on that line ('*' for all). */
  lineDisabled: Map<number, Set<string>>;
}

const DIRECTIVE_RE = /^\s*vramlint\s*:(.*)$/;
const DISABLE_RE = /^\s*vramlint-disable(-next-line|-line)?(?:\s+(.*?))?\s*$/;

export function parseDirectives(parsed: ParsedConfig, lines: LineIndex): Directives {
  const out: Directives = { values: {}, span: null, problems: [], fileDisabled: new Set(), lineDisabled: new Map() };
  for (const comment of parsed.comments) {
    const directive = DIRECTIVE_RE.exec(comment.text);
    if (directive) {
      out.span ??= comment.span;
      readKeyValues(comment, directive[1], comment.text.length - directive[1].length, out);
      continue;
    }
    const disable = DISABLE_RE.exec(comment.text);
    if (!disable) continue;
    const ids = new Set((disable[2] ?? '').split(/[\s,]+/).filter(Boolean));
    if (ids.size === 0) ids.add('*');
    if (!disable[1]) {
      for (const id of ids) out.fileDisabled.add(id);
      continue;
    }
    const line = lines.positionAt(comment.span.start).line + (disable[1] === '-next-line' ? 1 : 0);
    const set = out.lineDisabled.get(line) ?? new Set<string>();
    for (const id of ids) set.add(id);
    out.lineDisabled.set(line, set);
  }
  return out;
}

function readKeyValues(comment: Comment, body: string, bodyOffsetInText: number, out: Directives): void {
  // +1 for the '#' that Comment.text leaves out.
  const base = comment.span.start + 1 + bodyOffsetInText;
  const re = /([A-Za-z_-]+)\s*=\s*("[^"]*"|'[^']*'|\S+)|(\S+)/g;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const at = base + m.index;
    if (m[3] !== undefined) {
      out.problems.push({ span: { start: at, end: at + m[3].length }, message: `Expected key=value in the vramlint directive (keys: ${DIRECTIVE_KEYS.join(', ')}).` });
      continue;
    }
    const key = m[1].toLowerCase();
    const rawValue = m[2];
    const valueStart = at + m[0].length - rawValue.length;
    const unquoted = /^["']/.test(rawValue) ? rawValue.slice(1, -1) : rawValue;
    const keySpan = { start: at, end: at + m[1].length };
    if (!(DIRECTIVE_KEYS as readonly string[]).includes(key)) {
      out.problems.push({ span: keySpan, message: `Unknown vramlint directive key '${m[1]}' (known: ${DIRECTIVE_KEYS.join(', ')}).` });
      continue;
    }
    out.values[key as DirectiveKey] = { value: unquoted, span: { start: valueStart, end: valueStart + rawValue.length }, keySpan };
  }
}

export function isSuppressed(d: Directives, code: string, line: number): boolean {
  if (d.fileDisabled.has('*') || d.fileDisabled.has(code)) return true;
  const set = d.lineDisabled.get(line);
  return Boolean(set && (set.has('*') || set.has(code)));
}
