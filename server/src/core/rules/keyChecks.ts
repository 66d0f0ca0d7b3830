import type { KeySpec, ValueType } from '../catalog/types';
import { child, type ConfigNode, type MapEntry } from '../parsing/configTree';
import { walkEntries } from '../parsing/walk';
import type { Severity } from '../diagnostics';
import type { Finding, Rule, RuleContext } from './rule';
import { specAt } from './unknownKey';
import { catalogText, t } from '../l10n';

/** Visits every catalogued entry of the document with its spec. */
function forEachSpec(ctx: RuleContext, visit: (path: string[], entry: MapEntry, spec: KeySpec) => void): void {
  walkEntries(ctx.parsed.root, (path, entry) => {
    if (path.some((p) => /^\d+$/.test(p))) return 'skip';
    const spec = specAt(ctx.kind, path, ctx.parsed.root);
    if (!spec) return 'skip';
    visit(path, entry, spec);
    if (spec.openChildren) return 'skip';
  });
}

function typeOfValue(node: ConfigNode): ValueType {
  if (node.type === 'map') return 'object';
  if (node.type === 'seq') return 'array';
  const v = node.value;
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return 'string';
}

function accepts(spec: KeySpec, node: ConfigNode): boolean {
  const t = typeOfValue(node);
  if (spec.types.length === 0) return true;
  if (spec.types.includes(t)) return true;
  if (t === 'integer' && spec.types.includes('number')) return true;
  // LLaMA-Factory splits these on commas, and passes lists through.
  if (spec.commaList && (t === 'string' || t === 'array')) return true;
  if (spec.acceptsAuto && node.type === 'scalar' && node.value === 'auto') return true;
  return false;
}

/** `yes`/`no`/`on`/`off` read as booleans: the yaml11-value rule explains those, so type and choice rules stay quiet. */
function yaml11Boolean(node: ConfigNode): boolean {
  return node.type === 'scalar' && node.style === 'plain' && typeof node.value === 'boolean' && !/^(true|false)$/i.test(node.source);
}

function describeTypes(spec: KeySpec): string {
  const names: Record<ValueType, string> = { string: t('text'), integer: t('a whole number'), number: t('a number'), boolean: t('true or false'), object: t('a mapping'), array: t('a list'), null: 'null' };
  const list = spec.types.filter((ty) => ty !== 'null').map((ty) => names[ty]);
  return (list.length ? list.join(t(' or ')) : 'null') + (spec.acceptsAuto ? t(' or "auto"') : '');
}

export const valueType: Rule = {
  id: 'value-type',
  kinds: 'all',
  severity: 'error',
  title: 'A value of the wrong type for its key',
  check(ctx, report) {
    forEachSpec(ctx, (path, entry, spec) => {
      if (spec.deprecated || spec.derived) return;
      const node = entry.value;
      if (accepts(spec, node) || yaml11Boolean(node)) return;
      const shown = node.type === 'scalar' ? `'${node.source}'` : node.type === 'map' ? t('a mapping') : t('a list');
      let hint = '';
      if (node.type === 'scalar' && node.style === 'quoted' && (spec.types.includes('integer') || spec.types.includes('number')) && /^[-+]?\d+(\.\d*)?([eE][-+]?\d+)?$/.test(String(node.value))) {
        hint = ' ' + t('The quotes make it text, and LLaMA-Factory does not convert it; remove them.');
      }
      const finding: Finding = {
        span: node.span.end > node.span.start ? node.span : entry.keySpan,
        message: t`'${path.join('.')}' expects ${describeTypes(spec)}, got ${shown}.` + hint,
        data: hint && node.type === 'scalar' ? { replacement: String(node.value) } : undefined,
      };
      report(finding);
    });
  },
};

export const invalidChoice: Rule = {
  id: 'invalid-choice',
  kinds: 'all',
  severity: 'error',
  title: 'A value outside the choices a key accepts',
  check(ctx, report) {
    forEachSpec(ctx, (path, entry, spec) => {
      const node = entry.value;
      // A value of the wrong type is value-type's finding; one finding per mistake.
      if (!spec.choices || node.type !== 'scalar' || node.value === null || !accepts(spec, node) || yaml11Boolean(node)) return;
      if (spec.acceptsAuto && node.value === 'auto') return;
      const values = spec.commaList && typeof node.value === 'string' ? node.value.split(',').map((s) => s.trim()) : [node.value];
      const bad = values.filter((v) => !spec.choices!.some((c) => c === v || (typeof c === 'string' && typeof v === 'string' && c.toLowerCase() === v.toLowerCase() && spec.name === 'peft_type')));
      if (bad.length === 0) return;
      const choices = spec.choices.filter((c) => c !== null).map((c) => `'${String(c)}'`);
      const close = typeof bad[0] === 'string' ? spec.choices.find((c) => typeof c === 'string' && c.toLowerCase().replace(/[-_]/g, '') === String(bad[0]).toLowerCase().replace(/[-_]/g, '')) : undefined;
      report({
        span: node.span,
        message:
          (close !== undefined ? t`'${String(bad[0])}' is not a valid ${path.join('.')} — did you mean '${String(close)}'?` : t`'${String(bad[0])}' is not a valid ${path.join('.')}`) +
          ' ' +
          t`Choose one of ${choices.slice(0, 12).join(', ') + (choices.length > 12 ? ', …' : '')}.` +
          silentNote(ctx, path),
        data: close !== undefined ? { replacement: String(close) } : undefined,
      });
    });
  },
};

/** LLaMA-Factory does not check its own choices; some bad values fail late, one fails silently. */
function silentNote(ctx: RuleContext, path: string[]): string {
  if (ctx.kind !== 'llamafactory') return '';
  if (path[0] === 'quantization_method') return ' ' + t('LLaMA-Factory does not check it and silently trains without quantization.');
  return ' ' + t('LLaMA-Factory does not check this when it parses the file; the run fails later.');
}

export const numberRange: Rule = {
  id: 'value-range',
  kinds: 'all',
  severity: 'error',
  title: 'A number outside the range its key allows',
  check(ctx, report) {
    forEachSpec(ctx, (path, entry, spec) => {
      const node = entry.value;
      if (node.type !== 'scalar' || typeof node.value !== 'number') return;
      const v = node.value;
      if (!Number.isFinite(v)) {
        report({ span: node.span, message: t`'${path.join('.')}' must be a finite number, got ${node.source}.` });
        return;
      }
      if (spec.minimum !== undefined && v < spec.minimum) report({ span: node.span, message: t`'${path.join('.')}' must be at least ${spec.minimum}, got ${node.source}.` });
      else if (spec.maximum !== undefined && v > spec.maximum) report({ span: node.span, message: t`'${path.join('.')}' must be at most ${spec.maximum}, got ${node.source}.` });
    });
  },
};

export const derivedKey: Rule = {
  id: 'derived-key',
  kinds: ['llamafactory'],
  severity: 'error',
  title: 'A key LLaMA-Factory computes itself and does not accept',
  check(ctx, report) {
    forEachSpec(ctx, (path, entry, spec) => {
      if (!spec.derived || path.length !== 1) return;
      report({ span: entry.keySpan, message: t`'${entry.key}' is derived by LLaMA-Factory (${catalogText(spec.doc).replace(/[.。]$/, '')}) and cannot be set; the parser rejects it as an unknown key.` });
    });
  },
};

/**
 * How bad a deprecated key is depends on the versions the tool runs with: LLaMA-Factory (transformers 4.55–5.x)
 * rejects keys it removed itself and keys transformers dropped before 4.55; keys dropped only in transformers 5 still
 * work on 4.x; GLM demos pin older transformers; DeepSpeed keeps accepting its old aliases.
 */
export function deprecationSeverity(kind: RuleContext['kind'], since: string | undefined): Severity {
  const hf = /^transformers (\d+)\.(\d+)/.exec(since ?? '');
  if (kind === 'llamafactory') {
    if (!hf) return 'error';
    const [major, minor] = [Number(hf[1]), Number(hf[2])];
    return major < 4 || (major === 4 && minor <= 55) ? 'error' : 'info';
  }
  if (kind === 'glm-finetune') return 'info';
  if (kind === 'deepspeed') return 'hint';
  return 'warning';
}

export const deprecatedKey: Rule = {
  id: 'deprecated-key',
  kinds: 'all',
  severity: 'warning',
  title: 'A key that was removed or renamed',
  check(ctx, report) {
    forEachSpec(ctx, (_path, entry, spec) => {
      const dep = spec.deprecated;
      if (!dep) return;
      const severity = deprecationSeverity(ctx.kind, dep.since);
      const consequence = ' ' + (severity === 'error' ? t('The current version rejects it as an unknown key.') : severity === 'info' ? t('It still works with older versions.') : t('Still accepted.'));
      report({
        span: entry.keySpan,
        severity,
        message: t`'${entry.key}' is deprecated: ${catalogText(dep.message)}` + consequence + (dep.replacedBy ? ' ' + t`Use '${dep.replacedBy}'.` : ''),
        tags: ['deprecated'],
        data: dep.replacedBy ? { replacement: dep.replacedBy } : undefined,
      });
    });
  },
};

/** LLaMA-Factory's command for a file: export configs have export_dir, training configs train. */
export function llamaFactoryCommand(ctx: Pick<RuleContext, 'plain'>): 'train' | 'infer' {
  const p = ctx.plain;
  if (p.export_dir !== undefined && p.export_dir !== null) return 'infer';
  if (p.do_train === true || p.stage !== undefined || p.output_dir !== undefined || p.dataset !== undefined) return 'train';
  return 'infer';
}

export const commandKey: Rule = {
  id: 'command-key',
  kinds: ['llamafactory'],
  severity: 'error',
  title: 'A key the config’s command (train, chat/export) does not accept',
  check(ctx, report) {
    const command = llamaFactoryCommand(ctx);
    const root = ctx.parsed.root;
    if (!root || root.type !== 'map') return;
    for (const e of root.entries) {
      const spec = specAt(ctx.kind, [e.key], root);
      if (!spec?.commands || spec.commands.includes(command) || spec.derived) continue;
      const cli = `llamafactory-cli ${command === 'infer' ? (child(root, 'export_dir') ? 'export' : 'chat') : 'train'}`;
      const message =
        command === 'train'
          ? t`'${e.key}' is not accepted in a training config: \`${cli}\` rejects it as an unknown key.`
          : child(root, 'export_dir')
            ? t`'${e.key}' is not accepted in an export config (it has export_dir): \`${cli}\` rejects it as an unknown key.`
            : t`'${e.key}' is not accepted in a chat/inference config: \`${cli}\` rejects it as an unknown key.`;
      report({ span: e.keySpan, message });
    }
  },
};

export const ignoredKey: Rule = {
  id: 'ignored-key',
  kinds: 'all',
  severity: 'warning',
  title: 'A key the tool accepts but never reads',
  check(ctx, report) {
    forEachSpec(ctx, (_path, entry, spec) => {
      // `_comment`-style keys are deliberate notes, not mistakes.
      if (!spec.ignored || !spec.ignored.useInstead) return;
      report({ span: entry.keySpan, message: t`'${entry.key}' has no effect: ${catalogText(spec.ignored.message)} Use ${spec.ignored.useInstead} instead.`, tags: ['unnecessary'] });
    });
  },
};
