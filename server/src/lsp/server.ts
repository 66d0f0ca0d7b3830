import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  CompletionItemKind,
  InsertTextFormat,
  DidChangeConfigurationNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDocument, type Analysis } from '../core/analyze';
import { setLocale } from '../core/l10n';
import type { ConfigKind } from '../core/estimator/types';
import type { FileHost } from '../core/host';
import { DEFAULT_SETTINGS, normalizeSettings, type VramlintSettings } from '../core/settings';
import { codeActionsFor } from './codeActions';
import { hoverAt } from '../features/hover';
import { completionsAt, type CompletionEntry } from '../features/completion';
import { estimateLens } from '../features/codeLens';
import { breakdownData } from '../features/breakdownView';
import { gpuNames } from '../core/hardware/gpus';
import walkthroughExample from '../../data/walkthrough-example.json';
import { breakdownHtmlBody, CHART_CSS } from '../features/chartSvg';
import type { FixEnvironment } from '../features/quickFixes';
import { findZeroThreeFiles } from '../features/zeroFiles';
import { overlayHost } from '../core/overlayHost';
import { nodeEnvironment, nodeFileHost } from '../node/nodeHost';
import { AnalysisCache } from './analysisCache';
import { toLspDiagnostic, toRange } from './convert';
import { ModelResolutionQueue } from './modelResolution';

const COMPLETION_KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
  key: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  model: CompletionItemKind.Module,
  gpu: CompletionItemKind.Unit,
  dataset: CompletionItemKind.Reference,
  template: CompletionItemKind.EnumMember,
};

export interface ServerOptions {
  /** Resolve file paths against an overlay of open documents (unsaved edits count). */
  fileHost?: FileHost;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const cache = new AnalysisCache();
  const previousKinds = new Map<string, ConfigKind>();
  const settingsByUri = new Map<string, Promise<VramlintSettings>>();
  const pendingValidation = new Map<string, NodeJS.Immediate>();
  const environment = nodeEnvironment();
  let workspaceDirs: string[] = [];
  let trusted = true;
  let pullConfiguration = false;
  let settingsEpoch = 0;
  let diskHost: FileHost = options.fileHost ?? nodeFileHost();

  const pathOf = (uri: string): string => (uri.startsWith('file:') ? fileURLToPath(uri) : uri.replace(/^[a-z]+:/i, '/'));
  const uriOf = (p: string): string => pathToFileURL(p).toString();

  // Open documents win over the disk: a DeepSpeed file being edited is read as it is on screen.
  const host: FileHost = {
    readText: (p) => documents.all().find((d) => pathOf(d.uri) === p)?.getText() ?? diskHost.readText(p),
    stat: (p) => (documents.all().some((d) => pathOf(d.uri) === p) ? 'file' : diskHost.stat(p)),
    listDir: (p) => diskHost.listDir(p),
  };

  const models = new ModelResolutionQueue(environment, () => workspaceDirs, (ref) => {
    // A model arrived from the network: re-check every open config that names it.
    for (const doc of documents.all()) if (cache.peek(doc.uri)?.modelRef === ref) scheduleValidation(doc, true);
  });

  connection.onInitialize((params): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as { trusted?: boolean };
    // Messages follow the editor's display language (VS Code sends it as `locale`).
    setLocale(params.locale);
    trusted = init.trusted !== false;
    workspaceDirs = (params.workspaceFolders ?? []).map((f) => pathOf(f.uri));
    if (workspaceDirs.length === 0 && params.rootUri) workspaceDirs = [pathOf(params.rootUri)];
    if (!trusted && !options.fileHost) diskHost = nodeFileHost({ allowedRoots: workspaceDirs });
    pullConfiguration = Boolean(params.capabilities.workspace?.configuration);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        completionProvider: { triggerCharacters: [':', ' ', '=', '"'] },
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'vramlint' },
    };
  });

  connection.onInitialized(() => {
    if (pullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'vramlint' });
  });

  connection.onDidChangeConfiguration((change) => {
    settingsByUri.clear();
    settingsEpoch++;
    if (!pullConfiguration) pushedSettings = normalizeSettings((change.settings as { vramlint?: unknown } | null)?.vramlint);
    for (const doc of documents.all()) scheduleValidation(doc, true);
  });

  connection.onNotification('vramlint/trustChanged', (p: { trusted: boolean }) => {
    trusted = p.trusted;
    diskHost = options.fileHost ?? nodeFileHost(trusted ? {} : { allowedRoots: workspaceDirs });
    settingsEpoch++;
    for (const doc of documents.all()) scheduleValidation(doc, true);
  });

  let pushedSettings: VramlintSettings = DEFAULT_SETTINGS;
  function settingsFor(uri: string): Promise<VramlintSettings> {
    if (!pullConfiguration) return Promise.resolve(pushedSettings);
    let s = settingsByUri.get(uri);
    if (!s) {
      s = connection.workspace.getConfiguration({ scopeUri: uri, section: 'vramlint' }).then(normalizeSettings, () => DEFAULT_SETTINGS);
      settingsByUri.set(uri, s);
    }
    return s;
  }

  function effective(settings: VramlintSettings): VramlintSettings {
    // Restricted Mode: never the network, whatever the settings say.
    return trusted ? settings : { ...settings, allowNetwork: false };
  }

  function analyzeText(doc: TextDocument, text: string, settings: VramlintSettings, fileHost: FileHost): Analysis {
    return analyzeDocument({
      path: pathOf(doc.uri),
      text,
      languageId: doc.languageId,
      settings,
      host: fileHost,
      environment,
      workspaceDirs,
      previousKind: previousKinds.get(doc.uri) ?? null,
      resolvedModels: models.resolved,
    });
  }

  function analyze(doc: TextDocument, settings: VramlintSettings): Analysis {
    return cache.get(doc, settingsEpoch + models.epoch, () => {
      const analysis = analyzeText(doc, doc.getText(), settings, host);
      if (analysis.kind) previousKinds.set(doc.uri, analysis.kind);
      return analysis;
    });
  }

  /** What a quick fix needs: re-analysis of an edited text, with the files the fix would create. */
  function fixEnvironment(doc: TextDocument, settings: VramlintSettings): FixEnvironment {
    return {
      reanalyze: (text, newFiles) => analyzeText(doc, text, settings, newFiles?.size ? overlayHost(host, newFiles) : host),
      findZeroFiles: () => findZeroThreeFiles(host, workspaceDirs.length ? workspaceDirs : [dirname(pathOf(doc.uri))], pathOf(doc.uri)),
    };
  }

  async function currentAnalysis(uri: string): Promise<{ doc: TextDocument; analysis: Analysis; settings: VramlintSettings } | undefined> {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const settings = effective(await settingsFor(uri));
    const latest = documents.get(uri);
    if (!latest) return undefined;
    return { doc: latest, analysis: analyze(latest, settings), settings };
  }

  function scheduleValidation(doc: TextDocument, force = false): void {
    if (force) cache.delete(doc.uri);
    const old = pendingValidation.get(doc.uri);
    if (old) clearImmediate(old);
    // Coalesce a burst of changes: validate once the event loop has drained the queued edits.
    pendingValidation.set(doc.uri, setImmediate(() => void validate(doc.uri)));
  }

  async function validate(uri: string): Promise<void> {
    pendingValidation.delete(uri);
    const doc = documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    let settings: VramlintSettings;
    try {
      settings = effective(await settingsFor(uri));
    } catch {
      settings = DEFAULT_SETTINGS;
    }
    const current = documents.get(uri);
    // Never publish for a version the user has already moved past (or a document that was closed meanwhile).
    if (!current || current.version !== version) return;
    let analysis: Analysis;
    try {
      analysis = analyze(current, settings);
    } catch (e) {
      connection.console.error(`vramlint: analysis failed for ${uri}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return;
    }
    const lines = analysis.lines;
    const diagnostics = lines ? analysis.diagnostics.map((d) => toLspDiagnostic(d, lines, uri, uriOf)) : [];
    void connection.sendDiagnostics({ uri, version, diagnostics });
    if (settings.allowNetwork && analysis.modelRef && analysis.model?.source === 'name') models.request(analysis.modelRef, pathOf(uri));
    // Configs that reference this file (a DeepSpeed JSON) see its new content.
    const p = pathOf(uri);
    for (const other of documents.all()) if (other.uri !== uri && cache.peek(other.uri)?.dependencies.includes(p)) scheduleValidation(other, true);
  }

  documents.onDidOpen((e) => scheduleValidation(e.document));
  documents.onDidChangeContent((e) => scheduleValidation(e.document));
  documents.onDidClose((e) => {
    const pending = pendingValidation.get(e.document.uri);
    if (pending) clearImmediate(pending);
    pendingValidation.delete(e.document.uri);
    cache.delete(e.document.uri);
    previousKinds.delete(e.document.uri);
    settingsByUri.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onHover(async (params) => {
    const current = await currentAnalysis(params.textDocument.uri);
    if (!current?.analysis.lines) return null;
    const offset = current.analysis.lines.offsetAt(params.position);
    const hover = hoverAt(current.analysis, offset);
    if (!hover) return null;
    return { contents: { kind: 'markdown', value: hover.markdown }, range: toRange(current.analysis.lines, hover.span) };
  });

  connection.onCodeAction(async (params) => {
    // VS Code asks on every cursor move; without one of our diagnostics in the context there is nothing to offer.
    if (!params.context.diagnostics.some((d) => d.source === 'vramlint' || d.source === undefined)) return [];
    const current = await currentAnalysis(params.textDocument.uri);
    if (!current?.analysis.lines) return [];
    return codeActionsFor(current.analysis, current.doc, params.context.diagnostics, fixEnvironment(current.doc, current.settings));
  });

  connection.onCompletion(async (params) => {
    const current = await currentAnalysis(params.textDocument.uri);
    if (!current?.analysis.lines) return [];
    const lines = current.analysis.lines;
    const entries = completionsAt(current.analysis, lines.offsetAt(params.position), host, workspaceDirs);
    return entries.map((e, i) => ({
      label: e.label,
      kind: COMPLETION_KIND[e.kind],
      detail: e.detail,
      documentation: e.documentation ? { kind: 'markdown' as const, value: e.documentation } : undefined,
      insertTextFormat: e.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      textEdit: { range: toRange(lines, e.replace), newText: e.insertText },
      sortText: String(i).padStart(5, '0'),
    }));
  });

  connection.onCodeLens(async (params) => {
    const current = await currentAnalysis(params.textDocument.uri);
    const lens = current ? estimateLens(current.analysis) : null;
    if (!lens) return [];
    const range = { start: { line: lens.line, character: 0 }, end: { line: lens.line, character: 0 } };
    return [{ range, command: { title: lens.title, command: 'vramlint.showBreakdown', arguments: [params.textDocument.uri] } }];
  });

  connection.onRequest('vramlint/breakdown', async (params: { uri: string }) => {
    const current = await currentAnalysis(params.uri);
    if (!current) return null;
    const data = breakdownData(current.analysis, fixEnvironment(current.doc, current.settings).reanalyze);
    return data ? { data, html: breakdownHtmlBody(data), css: CHART_CSS } : null;
  });

  connection.onRequest('vramlint/gpus', () => gpuNames());

  connection.onRequest('vramlint/exampleConfig', () => walkthroughExample.text);

  connection.onRequest('vramlint/summary', async (params: { uri: string }) => {
    const current = await currentAnalysis(params.uri);
    if (!current?.analysis.kind) return null;
    const lens = estimateLens(current.analysis);
    return { kind: current.analysis.kind, text: lens?.title ?? null, trusted };
  });

  documents.listen(connection);
  connection.listen();
}
