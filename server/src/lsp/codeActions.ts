import { CodeActionKind, type CodeAction, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver';
import { pathToFileURL } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from '../core/analyze';
import type { Span } from '../core/parsing/configTree';
import { quickFixes, type DiagnosticRef, type FixEnvironment } from '../features/quickFixes';
import { ALL_RULES } from '../core/rules';
import { toRange } from './convert';

const RULE_IDS = new Set(ALL_RULES.map((r) => r.id));

export function codeActionsFor(analysis: Analysis, doc: TextDocument, diagnostics: Diagnostic[], env: FixEnvironment): CodeAction[] {
  const lines = analysis.lines;
  if (!lines) return [];
  // Some clients echo diagnostics back without their source: a string code of one of our rules is enough.
  const ours = diagnostics.filter((d) => (d.source === 'vramlint' || d.source === undefined) && typeof d.code === 'string' && RULE_IDS.has(d.code));
  const refs: DiagnosticRef[] = ours.map((d) => {
    const data = (d.data && typeof d.data === 'object' ? d.data : {}) as Record<string, unknown>;
    const span = (data.span as Span | undefined) ?? { start: lines.offsetAt(d.range.start), end: lines.offsetAt(d.range.end) };
    return { code: String(d.code), span, data };
  });
  return quickFixes(analysis, refs, env).map((fix, i) => {
    const edit: WorkspaceEdit = {
      documentChanges: [
        ...(fix.createFiles ?? []).flatMap((f) => {
          const uri = pathToFileURL(f.path).toString();
          return [
            { kind: 'create' as const, uri, options: { ignoreIfExists: true } },
            { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: f.content }] },
          ];
        }),
        { textDocument: { uri: doc.uri, version: doc.version }, edits: fix.edits.map((e) => ({ range: toRange(lines, e.span), newText: e.newText })) },
      ],
    };
    const diag = ours[refs.findIndex((r) => r.code === fix.code)] ?? ours[i];
    return { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: diag ? [diag] : [], edit, ...(fix.preferred ? { isPreferred: true } : {}) };
  });
}
