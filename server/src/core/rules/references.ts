import * as path from 'node:path';
import { classify } from '../classify/classify';
import { deepspeedPathNode } from '../references';
import type { Rule } from './rule';
import { t } from '../l10n';

export const deepspeedFile: Rule = {
  id: 'deepspeed-file',
  kinds: ['llamafactory', 'glm-finetune'],
  severity: 'warning',
  title: 'The DeepSpeed config the file points to is missing, unreadable or not a DeepSpeed config',
  check(ctx, report) {
    const ref = ctx.deepspeed;
    const node = deepspeedPathNode(ctx.kind, ctx.parsed);
    if (!ref || !node) return;
    const rel = (p: string): string => path.relative(path.dirname(ctx.path), p) || p;
    if (!ref.resolvedPath) {
      report({
        span: node.span,
        message:
          t`DeepSpeed config '${ref.written}' not found (looked in ${ref.tried.map(rel).join(', ')}).` +
          ' ' +
          (ctx.kind === 'llamafactory' ? t('LLaMA-Factory resolves it against the directory you launch from.') : t('The demo resolves it against the directory you launch from.')),
      });
      return;
    }
    if (ref.parsed && ref.parsed.problems.some((p) => p.code === 'json-syntax')) {
      report({ span: node.span, severity: 'error', message: t`DeepSpeed config '${ref.written}' is not valid JSON (${ref.parsed.problems[0].message}); the run stops when it loads it.` });
      return;
    }
    if (ref.parsed && classify(ref.parsed).kind !== 'deepspeed') {
      report({ span: node.span, message: t`'${ref.written}' does not look like a DeepSpeed config (no zero_optimization or batch-size keys).` });
    }
  },
};

export const gpuDirective: Rule = {
  id: 'unknown-gpu',
  kinds: ['llamafactory', 'glm-finetune'],
  severity: 'warning',
  title: 'A target GPU name that is not in the GPU catalog',
  check(ctx, report) {
    const g = ctx.directives.values.gpu;
    if (g && !ctx.gpu) report({ span: g.span, message: t`Unknown GPU '${g.value}': use a name such as "RTX 4090", "A100-80GB", "H100" or a size such as "24GiB".` });
  },
};
