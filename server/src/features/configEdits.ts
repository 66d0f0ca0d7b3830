import { modify, applyEdits } from 'jsonc-parser';
import type { ParsedConfig } from '../core/parsing/configTree';
import type { TextEditSpan } from './fixTypes';

// Minimal edits to a config's top-level keys: the value span of an existing key is replaced, a new key is inserted
// as one line after an anchor key (or at the end), a removed key loses exactly its own line. Everything else —
// comments, blank lines, order, quoting, indentation — stays byte for byte.

export type Scalar = string | number | boolean;

export interface KeyChange {
  key: string;
  /** undefined removes the key. */
  value: Scalar | undefined;
  /** Insert after this key when the key is new. */
  after?: string;
}

function yamlScalar(v: Scalar): string {
  if (typeof v !== 'string') return String(v);
  // Quote when a plain scalar would be read as something else (YAML 1.1) or would not parse.
  return /^[A-Za-z0-9_./][A-Za-z0-9_./ -]*$/.test(v) && !/^(yes|no|on|off|true|false|null|~|y|n)$/i.test(v) && !/^[-+.\d]/.test(v) ? v : JSON.stringify(v);
}

function lineBounds(text: string, offset: number): { start: number; end: number } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  end = end < 0 ? text.length : end + 1;
  return { start, end };
}

export function configEdits(parsed: ParsedConfig, changes: KeyChange[]): TextEditSpan[] {
  return parsed.format === 'json' ? jsonEdits(parsed, changes) : yamlEdits(parsed, changes);
}

function yamlEdits(parsed: ParsedConfig, changes: KeyChange[]): TextEditSpan[] {
  const text = parsed.text;
  const root = parsed.root && parsed.root.type === 'map' ? parsed.root : null;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const edits: TextEditSpan[] = [];
  for (const change of changes) {
    const existing = root?.entries.filter((e) => e.key === change.key).pop();
    if (existing) {
      if (change.value === undefined) {
        const { start, end } = lineBounds(text, existing.keySpan.start);
        edits.push({ span: { start, end: Math.max(end, lineBounds(text, existing.value.span.end).end) }, newText: '' });
      } else if (existing.value.span.end > existing.value.span.start) {
        edits.push({ span: existing.value.span, newText: yamlScalar(change.value) });
      } else {
        edits.push({ span: { start: existing.keySpan.end + 1, end: existing.keySpan.end + 1 }, newText: ` ${yamlScalar(change.value)}` });
      }
      continue;
    }
    if (change.value === undefined) continue;
    const line = `${change.key}: ${yamlScalar(change.value)}`;
    const anchor = change.after ? root?.entries.filter((e) => e.key === change.after).pop() : undefined;
    if (anchor) {
      const { end } = lineBounds(text, anchor.value.span.end > anchor.value.span.start ? anchor.value.span.end : anchor.keySpan.end);
      const needsBreak = end === text.length && !text.endsWith('\n');
      edits.push({ span: { start: end, end }, newText: (needsBreak ? eol : '') + line + (needsBreak ? '' : eol) });
    } else {
      const needsBreak = text.length > 0 && !text.endsWith('\n');
      edits.push({ span: { start: text.length, end: text.length }, newText: (needsBreak ? eol : '') + line + eol });
    }
  }
  return mergeSameOffset(edits);
}

/** Two insertions at one offset would be applied in an editor-defined order; join them in ours. */
function mergeSameOffset(edits: TextEditSpan[]): TextEditSpan[] {
  const out: TextEditSpan[] = [];
  for (const e of edits) {
    const same = out.find((o) => o.span.start === e.span.start && o.span.end === e.span.end && o.span.start === o.span.end);
    if (same && e.span.start === e.span.end) same.newText += e.newText;
    else out.push({ ...e, span: { ...e.span } });
  }
  return out;
}

function jsonEdits(parsed: ParsedConfig, changes: KeyChange[]): TextEditSpan[] {
  let text = parsed.text;
  const original = text;
  for (const change of changes) {
    const edits = modify(text, [change.key], change.value, { formattingOptions: { insertSpaces: true, tabSize: 2, eol: text.includes('\r\n') ? '\r\n' : '\n' } });
    text = applyEdits(text, edits);
  }
  if (text === original) return [];
  // One edit covering the changed middle keeps the rest of the file untouched.
  let start = 0;
  while (start < original.length && start < text.length && original[start] === text[start]) start++;
  let endO = original.length;
  let endN = text.length;
  while (endO > start && endN > start && original[endO - 1] === text[endN - 1]) {
    endO--;
    endN--;
  }
  return [{ span: { start, end: endO }, newText: text.slice(start, endN) }];
}

export function applyTextEdits(text: string, edits: TextEditSpan[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}
