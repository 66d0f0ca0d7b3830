import type { Comment, ParsedConfig, Span } from './parsing/configTree';
import type { LineIndex } from './parsing/lineIndex';
import { t } from './l10n';

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
  // A value runs to the next `key=` so that `gpu=RTX 4090 gpus=2` reads as written; quotes are allowed too.
  const keyRe = /(?:^|\s)([A-Za-z_-]+)\s*=/g;
  const keys: Array<{ name: string; start: number; valueStart: number }> = [];
  for (let m = keyRe.exec(body); m; m = keyRe.exec(body)) {
    const start = m.index + (m[0].length - m[0].trimStart().length);
    keys.push({ name: m[1], start, valueStart: m.index + m[0].length });
  }
  const leading = (keys.length ? body.slice(0, keys[0].start) : body).trim();
  if (leading) {
    const at = base + body.indexOf(leading);
    out.problems.push({ span: { start: at, end: at + leading.length }, message: t`Expected key=value in the vramlint directive (keys: ${DIRECTIVE_KEYS.join(', ')}).` });
  }
  keys.forEach((k, i) => {
    const raw = body.slice(k.valueStart, i + 1 < keys.length ? keys[i + 1].start : body.length);
    const lead = raw.length - raw.trimStart().length;
    const rawValue = raw.trim();
    const valueStart = base + k.valueStart + lead;
    const keySpan = { start: base + k.start, end: base + k.start + k.name.length };
    const key = k.name.toLowerCase();
    if (!(DIRECTIVE_KEYS as readonly string[]).includes(key)) {
      out.problems.push({ span: keySpan, message: t`Unknown vramlint directive key '${k.name}' (known: ${DIRECTIVE_KEYS.join(', ')}).` });
      return;
    }
    if (!rawValue) {
      out.problems.push({ span: keySpan, message: t`The vramlint directive key '${k.name}' has no value.` });
      return;
    }
    const unquoted = /^(["']).*\1$/.test(rawValue) ? rawValue.slice(1, -1) : rawValue;
    out.values[key as DirectiveKey] = { value: unquoted, span: { start: valueStart, end: valueStart + rawValue.length }, keySpan };
  });
}

export function isSuppressed(d: Directives, code: string, line: number): boolean {
  if (d.fileDisabled.has('*') || d.fileDisabled.has(code)) return true;
  const set = d.lineDisabled.get(line);
  return Boolean(set && (set.has('*') || set.has(code)));
}
