import * as path from 'node:path';
import { parseArgs } from 'node:util';
import pkg from '../../../package.json';
import { analyzeDocument } from '../core/analyze';
import { findGpu } from '../core/hardware/gpus';
import type { Environment, FileHost, NetworkHost } from '../core/host';
import { resolveModel } from '../core/model/resolve';
import type { ResolvedModel } from '../core/model/types';
import { formatOf } from '../core/parsing/parse';
import { localeFromEnvironment, setLocale, t } from '../core/l10n';
import { ALL_RULES } from '../core/rules';
import { DEFAULT_SETTINGS, type VramlintSettings } from '../core/settings';
import { formatSarif, formatText, toFileReport, type Report } from './report';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  host: FileHost;
  environment: Environment;
  /** Used only with --allow-network. */
  network?: NetworkHost;
  /** On-disk cache of fetched config.json files. */
  cacheDir?: string;
}

const usage = (): string => t`Usage: vramlint [options] FILE...

Lints LLaMA-Factory, DeepSpeed, PEFT, accelerate and GLM fine-tuning configs and estimates per-GPU memory.

Options:
  --format text|json|sarif   output format (default: text)
  --gpu NAME|SIZE            target GPU for the memory-fit check: "RTX 4090", "A100-80GB", "24GiB"
  --gpus N                   number of GPUs (data-parallel world size, default 1)
  --model ID|PATH            model for configs that do not name one (GLM demo configs)
  --allow-network            fetch unknown models' config.json from the Hugging Face Hub (HF_ENDPOINT, HF_TOKEN)
  --rule ID=SEVERITY         override a rule's severity (error|warning|info|hint|off); repeatable
  --lang en|zh-cn            language of the messages (default: from LC_ALL, LC_MESSAGES or LANG)
  -h, --help                 show this help
  -v, --version              show the version

Exit status: 0 no errors, 1 errors found, 2 bad usage or unreadable file.`;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        gpu: { type: 'string' },
        gpus: { type: 'string' },
        model: { type: 'string' },
        'allow-network': { type: 'boolean', default: false },
        rule: { type: 'string', multiple: true },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    io.stderr(`vramlint: ${(e as Error).message}\n${usage()}`);
    return 2;
  }
  const { values, positionals } = parsed;
  setLocale(values.lang ?? localeFromEnvironment(io.environment.env));
  if (values.help) {
    io.stdout(usage());
    return 0;
  }
  if (values.version) {
    io.stdout(pkg.version);
    return 0;
  }
  const format = values.format ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) return usageError(io, t`unknown --format '${format}' (text, json or sarif)`);
  if (positionals.length === 0) return usageError(io, t('no files given'));

  const settings: VramlintSettings = { ...DEFAULT_SETTINGS, rules: {}, allowNetwork: values['allow-network'] ?? false };
  if (values.gpu !== undefined) {
    if (!findGpu(values.gpu)) return usageError(io, t`unknown GPU '${values.gpu}' (a name such as "RTX 4090" or "A100-80GB", or a size such as "24GiB")`);
    settings.gpu = values.gpu;
  }
  if (values.gpus !== undefined) {
    if (!/^\d+$/.test(values.gpus) || Number(values.gpus) < 1) return usageError(io, t`--gpus needs a positive whole number, got '${values.gpus}'`);
    settings.gpus = Number(values.gpus);
  }
  if (values.model !== undefined) settings.model = values.model;
  for (const r of values.rule ?? []) {
    const m = /^([\w-]+)=(error|warning|info|hint|off)$/.exec(r);
    if (!m) return usageError(io, t`--rule needs ID=SEVERITY (error, warning, info, hint or off), got '${r}'`);
    settings.rules[m[1]] = m[2] as VramlintSettings['rules'][string];
  }

  const report: Report = { version: 1, files: [] };
  const hubModels = new Map<string, ResolvedModel>();
  for (const file of positionals) {
    const abs = path.resolve(io.cwd, file);
    if (!formatOf(abs)) return fail(io, t`${file}: not a YAML or JSON file (expected .yaml, .yml or .json)`);
    const kind = io.host.stat(abs);
    if (kind !== 'file') return fail(io, kind === 'dir' ? t`${file}: is a directory` : t`${file}: no such file or not readable`);
    const text = io.host.readText(abs);
    if (text === undefined) return fail(io, t`${file}: cannot read the file (too large or not readable)`);
    const input = { path: abs, text, settings, host: io.host, environment: io.environment, workspaceDirs: [io.cwd] };
    let analysis = analyzeDocument(input);
    // --allow-network: a model known only by its name is fetched from the Hub (once; cached on disk) and re-estimated.
    if (settings.allowNetwork && analysis.modelRef && analysis.model?.source === 'name' && io.network) {
      const ref = analysis.modelRef;
      const cached = hubModels.get(ref) ?? (await resolveModel(ref, { configDir: path.dirname(abs), workspaceDirs: [io.cwd], host: io.host, environment: io.environment, allowNetwork: true, network: io.network, cacheDir: io.cacheDir }));
      hubModels.set(ref, cached);
      if (cached.source === 'hub') analysis = analyzeDocument({ ...input, resolvedModels: hubModels });
    }
    report.files.push(toFileReport(file, analysis));
  }

  if (format === 'json') io.stdout(JSON.stringify(report, null, 2));
  else if (format === 'sarif') io.stdout(formatSarif(report, pkg.version, ALL_RULES));
  else {
    const text = formatText(report);
    if (text) io.stdout(text);
  }
  return report.files.some((f) => f.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`vramlint: ${message}\n${t("Run 'vramlint --help' for usage.")}`);
  return 2;
}

function fail(io: CliIo, message: string): number {
  io.stderr(`vramlint: ${message}`);
  return 2;
}
