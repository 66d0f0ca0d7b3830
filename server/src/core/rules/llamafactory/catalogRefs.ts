import { lookupKey, templateNames } from '../../catalog/catalogs';
import { suggestKey } from '../../catalog/suggest';
import type { Rule } from '../rule';
import { rootEntry } from '../spans';
import { t } from '../../l10n';

export const unknownTemplate: Rule = {
  id: 'unknown-template',
  kinds: ['llamafactory'],
  severity: 'error',
  title: 'A chat template name LLaMA-Factory does not register',
  check(ctx, report) {
    const e = rootEntry(ctx, 'template');
    if (!e || e.value.type !== 'scalar' || typeof e.value.value !== 'string') return;
    const names = templateNames();
    const name = e.value.value;
    if (names.length === 0 || names.includes(name)) return;
    const suggestion = suggestKey(name, names);
    report({
      span: e.value.span,
      message: suggestion
        ? t`Unknown template '${name}' — did you mean '${suggestion}'? LLaMA-Factory stops with "Template ${name} does not exist" (names differ between versions).`
        : t`Unknown template '${name}'. LLaMA-Factory stops with "Template ${name} does not exist" (names differ between versions).`,
      data: suggestion ? { suggestion } : undefined,
    });
  },
};

export const megatronKey: Rule = {
  id: 'megatron-key',
  kinds: ['llamafactory'],
  severity: 'info',
  title: 'Megatron (mcore-adapter) keys that need USE_MCA=1 at launch',
  check(ctx, report) {
    const root = ctx.parsed.root;
    if (!root || root.type !== 'map') return;
    const keys = root.entries.filter((e) => !lookupKey('llamafactory', [e.key]) && lookupKey('llamafactory-megatron', [e.key]));
    if (keys.length === 0) return;
    report({
      span: keys[0].keySpan,
      message:
        keys.length === 1
          ? t`${keys[0].key} is a Megatron key: LLaMA-Factory accepts it only when launched with USE_MCA=1 (mcore-adapter) or USE_MEGATRON_BRIDGE=1; otherwise the parser stops on unknown keys.`
          : t`${keys.map((k) => k.key).join(', ')} are Megatron keys: LLaMA-Factory accepts them only when launched with USE_MCA=1 (mcore-adapter) or USE_MEGATRON_BRIDGE=1; otherwise the parser stops on unknown keys.`,
    });
  },
};
