import { getLocation } from 'jsonc-parser';
import type { Analysis } from '../core/analyze';
import { childKeyNames, templateNames } from '../core/catalog/catalogs';
import type { KeySpec } from '../core/catalog/types';
import { gpuNames } from '../core/hardware/gpus';
import { catalogModelIds } from '../core/model/resolve';
import { rootObject } from '../core/parsing/configTree';
import { findDatasetInfo } from '../core/rules/llamafactory/datasets';
import { specAt } from '../core/rules/unknownKey';
import type { FileHost } from '../core/host';
import { catalogText } from '../core/l10n';

export interface CompletionEntry {
  label: string;
  kind: 'key' | 'value' | 'model' | 'gpu' | 'dataset' | 'template';
  detail?: string;
  documentation?: string;
  /** Text to insert; a snippet (with $1 placeholders) when `snippet` is set. */
  insertText: string;
  snippet?: boolean;
  /** Replaced range (the word being typed). */
  replace: { start: number; end: number };
}

interface YamlContext {
  path: string[];
  onKey: boolean;
  key?: string;
  word: { start: number; end: number };
}

/** Where the caret is in a YAML document: the parent key path from indentation, and key vs value position. */
function yamlContext(text: string, offset: number): YamlContext {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const line = text.slice(lineStart, offset);
  const indent = /^ */.exec(line)![0].length;
  const parents: string[] = [];
  let limit = indent;
  let cursor = lineStart - 1;
  while (cursor > 0 && limit > 0) {
    const start = text.lastIndexOf('\n', cursor - 1) + 1;
    const l = text.slice(start, cursor);
    cursor = start - 1;
    const m = /^( *)([^\s#:][^:#]*):\s*(#.*)?$/.exec(l);
    if (!m || m[1].length >= limit) continue;
    parents.unshift(m[2].trim());
    limit = m[1].length;
  }
  const kv = /^(\s*)([^\s:#][^:#]*):\s*(.*)$/.exec(line);
  if (kv) {
    const valueText = kv[3];
    const wordStart = offset - valueText.length + (valueText.length - valueText.trimStart().length);
    return { path: parents, onKey: false, key: kv[2].trim(), word: { start: wordStart, end: wordEnd(text, offset) } };
  }
  const wordStart = lineStart + indent + (line.trimStart().startsWith('- ') ? 2 : 0);
  return { path: parents, onKey: true, word: { start: wordStart, end: wordEnd(text, offset) } };
}

function wordEnd(text: string, offset: number): number {
  let end = offset;
  while (end < text.length && !/[\s,:#]/.test(text[end])) end++;
  return end;
}

function keySnippet(key: string, spec: KeySpec, yaml: boolean): string {
  const def = spec.default;
  const placeholder = def === undefined || def === null ? '' : typeof def === 'string' ? def : JSON.stringify(def);
  if (spec.choices?.length) {
    const choices = spec.choices.filter((c) => c !== null).map((c) => String(c).replace(/[,|]/g, ''));
    return yaml ? `${key}: \${1|${choices.join(',')}|}` : `"${key}": "\${1|${choices.join(',')}|}"`;
  }
  if (spec.types.includes('boolean')) return yaml ? `${key}: \${1|true,false|}` : `"${key}": \${1|true,false|}`;
  return yaml ? `${key}: \${1:${placeholder}}` : `"${key}": \${1:${placeholder}}`;
}

export function completionsAt(analysis: Analysis, offset: number, host: FileHost, workspaceDirs: readonly string[] = []): CompletionEntry[] {
  const { parsed, kind } = analysis;
  if (!parsed || !kind) return [];
  const text = parsed.text;
  const yaml = parsed.format === 'yaml';

  // Inside the `# vramlint:` directive: GPU names after gpu=, model ids after model=.
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const linePrefix = text.slice(lineStart, offset);
  const directive = /#\s*vramlint\s*:.*\b(gpu|model)=([^\s]*)$/.exec(linePrefix);
  if (directive) {
    const start = offset - directive[2].length;
    const list = directive[1] === 'gpu' ? gpuNames().map((g) => g.replace(/\s+/g, '-')) : catalogModelIds();
    return list.map((label) => ({ label, kind: directive[1] === 'gpu' ? 'gpu' : 'model', insertText: label, replace: { start, end: wordEnd(text, offset) } }));
  }
  if (/^\s*#/.test(linePrefix)) return [];

  let ctxPath: string[];
  let onKey: boolean;
  let key: string | undefined;
  let word: { start: number; end: number };
  if (yaml) {
    const c = yamlContext(text, offset);
    ({ path: ctxPath, onKey, key, word } = c);
  } else {
    const loc = getLocation(text, offset);
    onKey = loc.isAtPropertyKey;
    const segs = loc.path.map(String);
    ctxPath = onKey ? segs.slice(0, -1) : segs.slice(0, -1);
    key = onKey ? undefined : segs[segs.length - 1];
    const node = loc.previousNode;
    word = node ? { start: node.offset, end: node.offset + node.length } : { start: offset, end: offset };
  }

  if (onKey) {
    const present = new Set(presentKeys(analysis, ctxPath));
    return childKeyNames(kind === 'glm-finetune' && ctxPath[0] === 'peft_config' ? 'peft' : kind, kind === 'glm-finetune' && ctxPath[0] === 'peft_config' ? ctxPath.slice(1) : ctxPath)
      .filter((k) => !present.has(k))
      .flatMap((k) => {
        const spec = specAt(kind, [...ctxPath, k], parsed.root);
        if (!spec || spec.derived || spec.deprecated) return [];
        return [{ label: k, kind: 'key' as const, detail: spec.types.join(' | '), documentation: catalogText(spec.doc), insertText: keySnippet(k, spec, yaml), snippet: true, replace: word }];
      });
  }

  if (!key) return [];
  const fullPath = [...ctxPath, key];
  const values: CompletionEntry[] = [];
  const add = (label: string, k: CompletionEntry['kind'], detail?: string): void => {
    values.push({ label, kind: k, detail, insertText: yaml ? label : JSON.stringify(label), replace: word });
  };
  if (kind === 'llamafactory' && ctxPath.length === 0) {
    if (key === 'model_name_or_path') for (const id of catalogModelIds()) add(id, 'model');
    if (key === 'template') for (const t of templateNames()) add(t, 'template');
    if (key === 'dataset' || key === 'eval_dataset') for (const d of datasetNamesFor(analysis, host, workspaceDirs)) add(d, 'dataset');
  }
  const spec = specAt(kind, fullPath, parsed.root);
  if (spec?.choices) for (const c of spec.choices) if (c !== null) values.push({ label: String(c), kind: 'value', insertText: yaml || typeof c !== 'string' ? String(c) : JSON.stringify(c), replace: word });
  else if (spec?.types.includes('boolean')) for (const b of ['true', 'false']) values.push({ label: b, kind: 'value', insertText: b, replace: word });
  if (spec?.acceptsAuto) values.push({ label: 'auto', kind: 'value', insertText: yaml ? 'auto' : '"auto"', replace: word });
  return values;
}

function presentKeys(analysis: Analysis, at: string[]): string[] {
  let node = analysis.parsed?.root ?? null;
  for (const k of at) {
    if (!node || node.type !== 'map') return [];
    node = node.entries.find((e) => e.key === k)?.value ?? null;
  }
  return node && node.type === 'map' ? node.entries.map((e) => e.key) : [];
}

function datasetNamesFor(analysis: Analysis, host: FileHost, workspaceDirs: readonly string[]): string[] {
  const info = analysis.parsed ? findDatasetInfo(analysis.path, rootObject(analysis.parsed), host, workspaceDirs) : null;
  return info ? Object.keys(info.entries) : [];
}
