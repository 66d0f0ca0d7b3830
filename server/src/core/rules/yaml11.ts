import { resolvePlainScalar, yaml12Reading } from '../parsing/yaml11';
import { walkEntries } from '../parsing/walk';
import type { Rule } from './rule';
import { expectedTypes } from './keyTypes';
import { t } from '../l10n';

// LLaMA-Factory reads YAML 1.1 (PyYAML through OmegaConf); VS Code's YAML support and most people read YAML 1.2.
// Where the two disagree on an unquoted value, say what the training run will actually get.
export const yaml11Value: Rule = {
  id: 'yaml11-value',
  kinds: ['llamafactory', 'glm-finetune', 'accelerate'],
  severity: 'warning',
  title: 'A value that YAML 1.1 (LLaMA-Factory’s loader) reads differently from YAML 1.2',
  check(ctx, report) {
    if (ctx.parsed.format !== 'yaml') return;
    walkEntries(ctx.parsed.root, (path, entry) => {
      const keyMeaning = resolvePlainScalar(entry.key);
      if (typeof keyMeaning === 'boolean' && /^[a-zA-Z]+$/.test(entry.key) && !/^(true|false)$/i.test(entry.key)) {
        report({
          span: entry.keySpan,
          message: t`The key '${entry.key}' is read as the boolean ${String(keyMeaning)} by YAML 1.1 loaders; quote it ('${entry.key}') if you mean the word.`,
          data: { replacement: `'${entry.key}'` },
        });
      }
      const v = entry.value;
      if (v.type !== 'scalar' || v.style !== 'plain' || ctx.parsed.format !== 'yaml') return;
      const v11 = v.value;
      const v12 = yaml12Reading(v.source);
      if (Object.is(v11, v12) || (typeof v11 === 'number' && typeof v12 === 'number' && Math.abs(v11 - v12) < 1e-12)) return;
      if (typeof v11 === 'string' && typeof v12 === 'string') return;
      const types = expectedTypes(ctx.kind, path);
      if (typeof v11 === 'boolean') {
        if (types?.includes('boolean')) {
          report({
            span: v.span,
            severity: 'hint',
            message: t`'${v.source}' is read as ${String(v11)} here (YAML 1.1); write ${String(v11)} so every tool reads it the same way.`,
            data: { replacement: String(v11) },
          });
        } else {
          report({
            span: v.span,
            message: t`'${v.source}' is read as the boolean ${String(v11)} by LLaMA-Factory’s YAML 1.1 loader, not as the text '${v.source}'. Quote it if you mean the text.`,
            data: { replacement: `'${v.source}'` },
          });
        }
        return;
      }
      if (typeof v11 === 'number') {
        report({
          span: v.span,
          message: /:/.test(v.source)
            ? t`'${v.source}' is read as ${v11} by LLaMA-Factory’s YAML 1.1 loader (base-60 number). Quote it or write the number you mean.`
            : t`'${v.source}' is read as ${v11} by LLaMA-Factory’s YAML 1.1 loader (octal or binary number). Quote it or write the number you mean.`,
          data: { replacement: `'${v.source}'` },
        });
      }
    });
  },
};
