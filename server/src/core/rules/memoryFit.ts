import { fitVerdict, largestComponent } from '../estimator/fit';
import { formatGiB } from '../format';
import type { Rule } from './rule';
import { firstKeySpan, keySpan } from './spans';
import { t } from '../l10n';

export const memoryFit: Rule = {
  id: 'memory-fit',
  kinds: ['llamafactory', 'glm-finetune'],
  severity: 'error',
  title: 'The estimated per-GPU memory exceeds the target GPU',
  check(ctx, report) {
    const est = ctx.estimate;
    if (!est || !ctx.gpu || !est.capacityBytes) return;
    const verdict = fitVerdict(est);
    if (!verdict) return;
    const top = largestComponent(est);
    const [low, high] = est.rangeBytes;
    const gpus = est.gpus > 1 ? ` (${est.gpus} GPUs)` : '';
    const which =
      verdict.severity === 'error'
        ? t`even the low end of the likely range (${formatGiB(low)}) exceeds the ${formatGiB(est.capacityBytes)} of ${ctx.gpu.name}${gpus}`
        : t`the high end of the likely range (${formatGiB(high)}) exceeds the ${formatGiB(est.capacityBytes)} of ${ctx.gpu.name}${gpus}`;
    const span = ctx.directives.values.gpu?.span ?? keySpan(ctx, 'per_device_train_batch_size') ?? keySpan(ctx, 'model_name_or_path') ?? firstKeySpan(ctx);
    report({
      span,
      severity: verdict.severity,
      message: t`Estimated ${formatGiB(est.perGpuBytes)} per GPU (likely ${formatGiB(low)}–${formatGiB(high)}): ${which}. Largest term: ${top ? `${top.name} ${formatGiB(top.bytes)}` : 'n/a'}.`,
      data: { perGpuBytes: est.perGpuBytes, capacityBytes: est.capacityBytes, verdict: verdict.reason },
    });
  },
};
