import { child } from '../parsing/configTree';
import type { Rule } from './rule';
import { t } from '../l10n';

/** A reference that is meant as a path rather than a Hub id (org/name). */
export function looksLikePath(ref: string): boolean {
  return /^(\.{1,2}[\\/]|[\\/]|~[\\/]|[A-Za-z]:[\\/])/.test(ref) || ref.split(/[\\/]/).filter(Boolean).length > 2;
}

export const modelSource: Rule = {
  id: 'model-source',
  kinds: ['llamafactory', 'glm-finetune'],
  severity: 'info',
  title: 'The model could not be resolved exactly (the estimate is approximate)',
  check(ctx, report) {
    const model = ctx.model;
    const node = ctx.directives.values.model ? null : child(ctx.parsed.root, 'model_name_or_path');
    const span = ctx.directives.values.model?.span ?? node?.span;
    if (!model) {
      if (ctx.kind === 'glm-finetune') {
        const at = ctx.parsed.root && ctx.parsed.root.type === 'map' ? ctx.parsed.root.entries[0]?.keySpan : undefined;
        report({
          span: at ?? { start: 0, end: 0 },
          message: t('The GLM demo takes the model on the command line, so no memory estimate yet: add a comment `# vramlint: model=THUDM/glm-4-9b-chat` or set `vramlint.model`.'),
        });
      }
      return;
    }
    if (!span) return;
    if (looksLikePath(model.id) && model.source !== 'local') {
      // Often the output of an earlier training step (saves/…), so not an alarm — but the estimate must say it guessed.
      report({
        span,
        message:
          t`No model directory with a config.json at '${model.id}' yet (relative to the config file or the workspace).` +
          ' ' +
          (model.approximate ? t('The estimate uses the size in the name.') : model.source === 'catalog' ? t('The estimate uses the catalog entry with the same name.') : t`The estimate uses ${model.source}.`),
      });
      return;
    }
    if (!model.approximate) return;
    const size = model.params.total > 0 ? t`${(model.params.total / 1e9).toFixed(1)}B parameters read from the name` : t('no size in the name either');
    report({
      span,
      message: t`'${model.id}' is not in vramlint's model catalog or a local cache (${size}), so the estimate is approximate. To make it exact: point model_name_or_path to a local directory with config.json, download the model to the Hugging Face cache, or enable "vramlint.modelSource.allowNetwork".`,
    });
  },
};

