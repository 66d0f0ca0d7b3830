import { childKeyNames, getCatalog, lookupKey, type CatalogKind } from '../catalog/catalogs';
import { suggestKey } from '../catalog/suggest';
import type { KeySpec } from '../catalog/types';
import type { ConfigKind } from '../estimator/types';
import type { ConfigNode, MapNode } from '../parsing/configTree';
import { child } from '../parsing/configTree';
import type { Finding, Rule, RuleContext } from './rule';
import { t } from '../l10n';

// Each tool's reaction to a key it does not know, which decides the severity:
// - LLaMA-Factory: HfArgumentParser.parse_dict(allow_extra_keys=False) raises → error.
// - GLM demos: FinetuningConfig / Seq2SeqTrainingArguments(**kwargs) raise TypeError → error.
// - accelerate: the cluster config loader refuses unknown keys → error.
// - DeepSpeed: pydantic sections (zero_optimization, offload_*) forbid extra fields → error; unknown top-level keys
//   are ignored → warning.
// - PEFT: PeftConfig.from_pretrained drops unknown fields with a warning → warning.

/** The adapter's peft_type when the catalog knows it; an unknown type is invalid-choice's finding, not every field's. */
function peftTypeOf(node: ConfigNode | undefined): string | undefined {
  const t = child(node, 'peft_type');
  const type = t && t.type === 'scalar' && typeof t.value === 'string' ? t.value.toUpperCase() : undefined;
  return type && getCatalog('peft').byPeftType?.[type] ? type : undefined;
}

export const unknownKey: Rule = {
  id: 'unknown-key',
  kinds: 'all',
  severity: 'error',
  title: 'A key the tool does not accept (with a "did you mean" suggestion)',
  check(ctx, report) {
    const root = ctx.parsed.root;
    if (!root || root.type !== 'map') return;
    const kind = ctx.kind;
    const context = kind === 'peft' ? { peftType: peftTypeOf(root) } : undefined;
    const catalog = getCatalog(kind);
    const visit = (node: MapNode, path: string[], catalogKind: CatalogKind, strict: boolean, ctxOverride?: { peftType?: string }): void => {
      const known = childKeyNames(catalogKind, path, ctxOverride);
      if (known.length === 0) return;
      for (const e of node.entries) {
        const spec = lookupKey(catalogKind, [...path, e.key], ctxOverride);
        if (!spec) {
          if (kind === 'llamafactory' && path.length === 0 && lookupKey('llamafactory-megatron', [e.key])) continue;
          report(unknownFinding(ctx, e.key, e.keySpan, known, path, catalogKind, strict));
          continue;
        }
        if (e.value.type === 'map' && spec.children && !spec.openChildren) {
          // GLM demos: peft_config is checked against the PEFT catalog for its own peft_type.
          if (kind === 'glm-finetune' && path.length === 0 && e.key === 'peft_config') {
            visit(e.value, [], 'peft', true, { peftType: peftTypeOf(e.value) });
          } else visit(e.value, [...path, e.key], catalogKind, spec.rejectsUnknownChildren ?? strict, ctxOverride);
        }
      }
    };
    visit(root, [], kind, catalog.rejectsUnknownKeys ?? kind !== 'peft', context);
  },
};

function unknownFinding(ctx: RuleContext, key: string, span: Finding['span'], known: string[], path: string[], kind: CatalogKind, strict: boolean): Finding {
  const suggestion = suggestKey(key, known);
  const where = path.join('.');
  const tool = getCatalog(kind).tool;
  const consequence =
    ctx.kind === 'llamafactory'
      ? t('LLaMA-Factory stops with "Some keys are not used by the HfArgumentParser".')
      : ctx.kind === 'peft'
        ? t('PEFT drops it when loading the adapter.')
        : strict
          ? t`${tool} refuses it.`
          : t`${tool} ignores it, so the setting has no effect.`;
  const head = suggestion
    ? where
      ? t`Unknown key '${key}' in '${where}' — did you mean '${suggestion}'?`
      : t`Unknown key '${key}' — did you mean '${suggestion}'?`
    : where
      ? t`Unknown key '${key}' in '${where}'.`
      : t`Unknown key '${key}'.`;
  const severity = ctx.kind === 'peft' || !strict ? 'warning' : 'error';
  return {
    span,
    severity,
    message: `${head} ${consequence}`,
    data: suggestion ? { suggestion } : undefined,
  };
}

/** Catalog entry for a key path of a document of this kind (GLM peft_config goes to the PEFT catalog). */
export function specAt(kind: ConfigKind, path: string[], root: ConfigNode | null): KeySpec | undefined {
  if (kind === 'glm-finetune' && path[0] === 'peft_config') {
    return path.length === 1 ? lookupKey(kind, path) : lookupKey('peft', path.slice(1), { peftType: peftTypeOf(child(root, 'peft_config')) });
  }
  if (kind === 'peft') return lookupKey(kind, path, { peftType: peftTypeOf(root ?? undefined) });
  return lookupKey(kind, path);
}
