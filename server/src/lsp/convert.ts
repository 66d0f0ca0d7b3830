import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type Range } from 'vscode-languageserver';
import { ruleDocUrl, type LintDiagnostic, type Severity } from '../core/diagnostics';
import type { Span } from '../core/parsing/configTree';
import type { LineIndex } from '../core/parsing/lineIndex';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(lines: LineIndex, span: Span): Range {
  return { start: lines.positionAt(span.start), end: lines.positionAt(span.end) };
}

export function toLspDiagnostic(d: LintDiagnostic, lines: LineIndex, uri: string, uriOf: (path: string) => string): Diagnostic {
  const tags: DiagnosticTag[] = [];
  if (d.tags?.includes('deprecated')) tags.push(DiagnosticTag.Deprecated);
  if (d.tags?.includes('unnecessary')) tags.push(DiagnosticTag.Unnecessary);
  return {
    range: toRange(lines, d.span),
    severity: SEVERITY[d.severity],
    source: 'vramlint',
    code: d.code,
    codeDescription: { href: ruleDocUrl(d.code) },
    message: d.message,
    ...(tags.length ? { tags } : {}),
    ...(d.related?.length
      ? {
          relatedInformation: d.related.map((r) => ({
            location: { uri: r.path ? uriOf(r.path) : uri, range: r.path ? (r.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }) : toRange(lines, r.span) },
            message: r.message,
          })),
        }
      : {}),
    data: { ...(d.data ?? {}), span: d.span },
  };
}
