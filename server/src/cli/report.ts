import type { Analysis } from '../core/analyze';
import type { LintDiagnostic } from '../core/diagnostics';
import { ruleDocUrl } from '../core/diagnostics';
import type { Estimate } from '../core/estimator/types';
import { formatGiB } from '../core/format';
import { t } from '../core/l10n';
import type { LineIndex } from '../core/parsing/lineIndex';

/** One file's result in the stable JSON report (version 1: fields are only ever added). */
export interface FileReport {
  path: string;
  kind: Analysis['kind'];
  diagnostics: Array<{
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    severity: LintDiagnostic['severity'];
    code: string;
    message: string;
  }>;
  estimate: Estimate | null;
}

export interface Report {
  version: 1;
  files: FileReport[];
}

export function toFileReport(displayPath: string, analysis: Analysis): FileReport {
  const lines = analysis.lines;
  return {
    path: displayPath,
    kind: analysis.kind,
    diagnostics: lines ? analysis.diagnostics.map((d) => toReportDiagnostic(d, lines)) : [],
    estimate: analysis.estimate,
  };
}

function toReportDiagnostic(d: LintDiagnostic, lines: LineIndex): FileReport['diagnostics'][number] {
  const start = lines.positionAt(d.span.start);
  const end = lines.positionAt(d.span.end);
  return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1, severity: d.severity, code: d.code, message: d.message };
}

export function formatText(report: Report): string {
  const out: string[] = [];
  for (const file of report.files) {
    for (const d of file.diagnostics) out.push(`${file.path}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]`);
    const est = file.estimate;
    if (est) {
      const top = [...est.components].sort((a, b) => b.bytes - a.bytes).slice(0, 4).map((c) => `${c.name} ${formatGiB(c.bytes)}`).join(', ');
      const perGpu = formatGiB(est.perGpuBytes);
      const range = `${formatGiB(est.rangeBytes[0])}–${formatGiB(est.rangeBytes[1])}`;
      const gpus = est.gpus === 1 ? '1 GPU' : t`${est.gpus} GPUs`;
      const line = est.capacityBytes
        ? t`${file.path}: estimate ${perGpu} per GPU of ${formatGiB(est.capacityBytes)} (${est.gpu ?? ''}), likely ${range}, ${gpus} · ${top}`
        : t`${file.path}: estimate ${perGpu} per GPU, likely ${range}, ${gpus} · ${top}`;
      out.push(line + (est.model.approximate ? ' · ' + t('model size from its name (approximate)') : ''));
    }
  }
  return out.join('\n');
}

const SARIF_LEVEL: Record<LintDiagnostic['severity'], 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** SARIF 2.1.0, as code-scanning tools (GitHub, GitLab, Azure DevOps) ingest it. */
export function formatSarif(report: Report, version: string, rules: ReadonlyArray<{ id: string; title: string; severity: LintDiagnostic['severity'] }>): string {
  const used = new Set(report.files.flatMap((f) => f.diagnostics.map((d) => d.code)));
  const sarifRules = rules
    .filter((r) => used.has(r.id))
    .map((r) => ({ id: r.id, shortDescription: { text: r.title }, helpUri: ruleDocUrl(r.id), defaultConfiguration: { level: SARIF_LEVEL[r.severity] } }));
  const ruleIndex = new Map(sarifRules.map((r, i) => [r.id, i]));
  const results = report.files.flatMap((f) =>
    f.diagnostics.map((d) => ({
      ruleId: d.code,
      ...(ruleIndex.has(d.code) ? { ruleIndex: ruleIndex.get(d.code) } : {}),
      level: SARIF_LEVEL[d.severity],
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: f.path.split('\\').join('/') },
            region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
          },
        },
      ],
    })),
  );
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'vramlint', version, informationUri: 'https://github.com/vramlint/vramlint', rules: sarifRules } }, results }],
  };
  return JSON.stringify(sarif, null, 2);
}
