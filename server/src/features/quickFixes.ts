import type { Analysis } from '../core/analyze';
import type { DiagnosticRef, Fix } from './fixTypes';
import { memoryFitFixes, type Reanalyze, type ZeroFileFinder } from './memoryFixes';
import { t } from '../core/l10n';

export type { DiagnosticRef, Fix, TextEditSpan } from './fixTypes';

const REPLACEMENT_FIXES: Record<string, (data: Record<string, unknown>) => string | null> = {
  'unknown-key': (d) => (typeof d.suggestion === 'string' ? t`Change to '${d.suggestion}'` : null),
  'deprecated-key': (d) => (typeof d.replacement === 'string' ? t`Rename to '${d.replacement}'` : null),
  'value-type': (d) => (typeof d.replacement === 'string' ? t`Write ${d.replacement} without quotes` : null),
  'invalid-choice': (d) => (typeof d.replacement === 'string' ? t`Change to '${d.replacement}'` : null),
  'yaml11-value': (d) => (typeof d.replacement === 'string' ? t`Write ${d.replacement}` : null),
};

export interface FixEnvironment {
  reanalyze: Reanalyze;
  findZeroFiles: ZeroFileFinder;
}

export function quickFixes(analysis: Analysis, diagnostics: DiagnosticRef[], env: FixEnvironment): Fix[] {
  const fixes: Fix[] = [];
  const text = analysis.parsed?.text ?? '';
  for (const d of diagnostics) {
    if (d.code === 'memory-fit') fixes.push(...memoryFitFixes(analysis, env.reanalyze, env.findZeroFiles));
    const titleOf = REPLACEMENT_FIXES[d.code];
    const title = titleOf?.(d.data);
    const newText = (d.data.suggestion ?? d.data.replacement) as string | undefined;
    if (title && typeof newText === 'string') fixes.push({ title, code: d.code, edits: [{ span: d.span, newText }], preferred: true });
    const disable = disableLineFix(analysis, text, d);
    if (disable) fixes.push(disable);
  }
  return fixes;
}

/** `# vramlint-disable-next-line ID` above the line, with its indentation (YAML only: JSON has no comments). */
function disableLineFix(analysis: Analysis, text: string, d: DiagnosticRef): Fix | null {
  if (analysis.format !== 'yaml' || !analysis.lines || d.code === 'yaml-syntax') return null;
  const line = analysis.lines.positionAt(d.span.start).line;
  const start = analysis.lines.lineStart(line);
  const indent = /^[ \t]*/.exec(text.slice(start, analysis.lines.lineEnd(line)))?.[0] ?? '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return {
    title: t`Disable ${d.code} for this line`,
    code: d.code,
    edits: [{ span: { start, end: start }, newText: `${indent}# vramlint-disable-next-line ${d.code}${eol}` }],
  };
}
