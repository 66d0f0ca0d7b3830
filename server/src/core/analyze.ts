import * as path from 'node:path';
import { classify } from './classify/classify';
import { compareDiagnostics, type LintDiagnostic } from './diagnostics';
import { isSuppressed, parseDirectives, type Directives } from './directives';
import { estimateMemory } from './estimator/estimate';
import type { ConfigKind, Estimate } from './estimator/types';
import { findGpu } from './hardware/gpus';
import type { GpuSpec } from './hardware/types';
import type { Environment, FileHost } from './host';
import { matchesAnyGlob } from './glob';
import { resolveModelSync } from './model/resolve';
import type { ResolvedModel } from './model/types';
import { PlainBudgetExceeded, toPlain, type ParsedConfig } from './parsing/configTree';
import { LineIndex } from './parsing/lineIndex';
import { formatOf, parseConfig, type ConfigFormat } from './parsing/parse';
import { deepspeedPathNode, readReferencedFile } from './references';
import { ALL_RULES } from './rules';
import type { ReferencedFile, Rule, RuleContext } from './rules/rule';
import type { VramlintSettings } from './settings';
import { t } from './l10n';

export interface AnalyzeInput {
  /** Absolute path of the file (its directory anchors relative references). */
  path: string;
  text: string;
  languageId?: string;
  settings: VramlintSettings;
  host: FileHost;
  environment: Environment;
  workspaceDirs: string[];
  /** Kind found for an earlier version of the same document: kept while an edit leaves the file unreadable. */
  previousKind?: ConfigKind | null;
  /** A model already resolved asynchronously (e.g. from the Hub) for this reference. */
  resolvedModels?: ReadonlyMap<string, ResolvedModel>;
  rules?: readonly Rule[];
}

export interface Analysis {
  path: string;
  format: ConfigFormat | null;
  kind: ConfigKind | null;
  parsed: ParsedConfig | null;
  lines: LineIndex | null;
  directives: Directives | null;
  diagnostics: LintDiagnostic[];
  estimate: Estimate | null;
  model: ResolvedModel | null;
  gpu: GpuSpec | null;
  gpus: number;
  deepspeed: ReferencedFile | null;
  /** The model reference the estimate is for (to resolve it asynchronously when allowed). */
  modelRef: string | null;
  /** Other files this analysis read (re-validate when they change). */
  dependencies: string[];
}

function emptyAnalysis(input: AnalyzeInput, format: ConfigFormat | null, parsed: ParsedConfig | null): Analysis {
  return {
    path: input.path,
    format,
    kind: null,
    parsed,
    lines: null,
    directives: null,
    diagnostics: [],
    estimate: null,
    model: null,
    gpu: null,
    gpus: input.settings.gpus,
    deepspeed: null,
    modelRef: null,
    dependencies: [],
  };
}

/** Rules that still make sense on a document that cannot be expanded into data. */
const SYNTAX_ONLY_RULES = new Set(['yaml-syntax', 'json-syntax', 'duplicate-key', 'analysis-limit', 'directive']);

/** Files above this size are not analysed in full (a config is a few KB; this keeps every keystroke cheap). */
export const MAX_ANALYSED_CHARS = 2_000_000;

export function analyzeDocument(input: AnalyzeInput): Analysis {
  const { settings } = input;
  const format = formatOf(input.path, input.languageId);
  if (!settings.enable || !format) return emptyAnalysis(input, format, null);
  const relative = relativeToWorkspace(input.path, input.workspaceDirs);
  if (matchesAnyGlob(relative, input.path, settings.filesExclude)) return emptyAnalysis(input, format, null);

  if (input.text.length > MAX_ANALYSED_CHARS) return analyzeOversized(input, format);
  const parsed = parseConfig(input.text, format);
  const classification = classify(parsed);
  let kind = classification.kind;
  if (!kind && matchesAnyGlob(relative, input.path, settings.filesInclude)) kind = classification.bestGuess;
  // While the user types, a half-written file may stop looking like a config; keep its kind until it parses again.
  if (!kind && input.previousKind && (parsed.problems.length > 0 || !parsed.root || parsed.root.type !== 'map')) kind = input.previousKind;
  if (!kind) return emptyAnalysis(input, format, parsed);

  const lines = new LineIndex(input.text);
  const directives = parseDirectives(parsed, lines);
  // A document whose aliases expand past the budget is not read as data: checking its keys would raise false alarms.
  let plain: Record<string, unknown> = {};
  let expandable = true;
  try {
    if (parsed.root?.type === 'map') plain = toPlain(parsed.root) as Record<string, unknown>;
  } catch (e) {
    if (!(e instanceof PlainBudgetExceeded)) throw e;
    expandable = false;
    parsed.problems.push({ span: { start: 0, end: Math.min(input.text.length, Math.max(0, input.text.indexOf('\n'))) }, message: t('The document expands to too many values through YAML aliases (a "billion laughs" document); only its syntax is checked.'), code: 'alias-limit' });
  }
  const configDir = path.dirname(input.path);
  const dependencies: string[] = [];

  const deepspeed = readDeepSpeedReference(kind, parsed, input, configDir);
  // A missing file is watched too: creating or opening it must re-check this config.
  if (deepspeed) dependencies.push(...(deepspeed.resolvedPath ? [deepspeed.resolvedPath] : deepspeed.tried));

  const gpuText = directives.values.gpu?.value ?? settings.gpu;
  const gpu = gpuText ? findGpu(gpuText) : null;
  const gpus = parseGpus(directives.values.gpus?.value) ?? settings.gpus;

  let modelRef: string | null = null;
  let model: ResolvedModel | null = null;
  let estimate: Estimate | null = null;
  if (kind === 'llamafactory' || kind === 'glm-finetune') {
    modelRef = modelReference(kind, plain, directives, settings);
    if (modelRef) {
      model =
        input.resolvedModels?.get(modelRef) ??
        resolveModelSync(modelRef, { configDir, workspaceDirs: input.workspaceDirs, host: input.host, environment: input.environment, allowNetwork: false });
      if (model.source === 'local') dependencies.push(path.join(model.sourceDetail));
      const accelerate = readAccelerate(directives, input, configDir);
      if (expandable) estimate = estimateMemory({ kind, config: plain, deepspeed: deepspeed?.plain ?? null, accelerate, model, gpus, gpu });
    }
  }

  const ctx: RuleContext = {
    path: input.path,
    kind,
    parsed,
    lines,
    plain,
    settings,
    directives,
    host: input.host,
    workspaceDirs: input.workspaceDirs,
    deepspeed,
    model,
    gpu,
    gpus,
    estimate,
    dependencies,
  };
  const rules = input.rules ?? ALL_RULES;
  const diagnostics = runRules(ctx, expandable ? rules : rules.filter((r) => SYNTAX_ONLY_RULES.has(r.id)));
  return { path: input.path, format, kind, parsed, lines, directives, diagnostics, estimate, model, gpu, gpus, deepspeed, modelRef, dependencies };
}

/** A huge file: classify from its beginning and, for a config, say that it is not analysed. */
function analyzeOversized(input: AnalyzeInput, format: ConfigFormat): Analysis {
  const head = input.text.slice(0, 65_536);
  const cut = head.lastIndexOf('\n');
  const kind = classify(parseConfig(format === 'yaml' && cut > 0 ? head.slice(0, cut) : head, format)).kind ?? input.previousKind ?? null;
  if (!kind) return emptyAnalysis(input, format, null);
  const lines = new LineIndex(input.text);
  return {
    ...emptyAnalysis(input, format, null),
    kind,
    lines,
    diagnostics: [
      {
        code: 'analysis-limit',
        severity: 'info',
        span: { start: 0, end: Math.min(input.text.length, input.text.indexOf('\n') >= 0 ? input.text.indexOf('\n') : 1) },
        message: t`This file is ${(input.text.length / 1e6).toFixed(1)} MB; vramlint analyses configs up to ${MAX_ANALYSED_CHARS / 1e6} MB, so it is not checked.`,
      },
    ],
  };
}

export function runRules(ctx: RuleContext, rules: readonly Rule[]): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  for (const rule of rules) {
    if (rule.kinds !== 'all' && !rule.kinds.includes(ctx.kind)) continue;
    const configured = ctx.settings.rules[rule.id];
    if (configured === 'off') continue;
    rule.check(ctx, (finding) => {
      const line = ctx.lines.positionAt(finding.span.start).line;
      if (isSuppressed(ctx.directives, rule.id, line)) return;
      out.push({ ...finding, code: rule.id, severity: configured ?? finding.severity ?? rule.severity });
    });
  }
  return out.sort(compareDiagnostics);
}

function parseGpus(text: string | undefined): number | null {
  if (!text || !/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 ? n : null;
}

function modelReference(kind: ConfigKind, plain: Record<string, unknown>, directives: Directives, settings: VramlintSettings): string | null {
  const fromDirective = directives.values.model?.value;
  if (fromDirective) return fromDirective;
  if (kind === 'llamafactory' && typeof plain.model_name_or_path === 'string' && plain.model_name_or_path.trim()) return plain.model_name_or_path.trim();
  return settings.model;
}

function readDeepSpeedReference(kind: ConfigKind, parsed: ParsedConfig, input: AnalyzeInput, configDir: string): ReferencedFile | null {
  const node = deepspeedPathNode(kind, parsed);
  if (!node || node.type !== 'scalar' || typeof node.value !== 'string' || !node.value.trim()) return null;
  return readReferencedFile(node.value.trim(), input, configDir, 'json');
}

function readAccelerate(directives: Directives, input: AnalyzeInput, configDir: string): Record<string, unknown> | null {
  const written = directives.values.accelerate?.value;
  if (!written) return null;
  return readReferencedFile(written, input, configDir, 'yaml').plain;
}

function relativeToWorkspace(file: string, workspaceDirs: string[]): string {
  for (const dir of workspaceDirs) {
    const rel = path.relative(dir, file);
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  }
  return file.split(path.sep).join('/');
}
