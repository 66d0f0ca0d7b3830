import type { Span } from './parsing/configTree';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

export interface RelatedInfo {
  span: Span;
  message: string;
  /** Another file (absolute path); the same document when absent. */
  path?: string;
  /** For another file: the span as 0-based line/character positions in that file. */
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** A finding in protocol-free form: offsets into the text; the server and CLI convert them to positions. */
export interface LintDiagnostic {
  /** Stable rule id; quick fixes and suppressions key on it. */
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  /** What a quick fix needs (suggested key, replacement text, …). */
  data?: Record<string, unknown>;
  related?: RelatedInfo[];
  tags?: Array<'unnecessary' | 'deprecated'>;
}

export const RULE_DOCS_BASE = 'https://github.com/vramlint/vramlint/blob/main/docs/rules.md';

export function ruleDocUrl(code: string): string {
  return `${RULE_DOCS_BASE}#${code}`;
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

export function compareDiagnostics(a: LintDiagnostic, b: LintDiagnostic): number {
  return a.span.start - b.span.start || ORDER[a.severity] - ORDER[b.severity] || a.code.localeCompare(b.code);
}
