import type { Rule } from '../rule';
import { keySpan, valueSpan } from '../spans';
import { t } from '../../l10n';

// Advice, at hint severity and only where a published source backs it (cited in docs/rules.md#lora-scaling):
// - LoRA scales the adapter's update by lora_alpha / r (Hu et al. 2021, "LoRA", §4.1), so alpha acts like a learning-
//   rate multiplier; LLaMA-Factory defaults alpha to 2 × rank (hparams/finetuning_args.py).
// - At large ranks that scaling shrinks the update; rank-stabilised LoRA scales by alpha / √r instead
//   (Kalajdzievski 2023, "A Rank Stabilization Scaling Factor for Fine-Tuning with LoRA"), which PEFT and LLaMA-Factory
//   expose as use_rslora.
export const loraScaling: Rule = {
  id: 'lora-scaling',
  kinds: ['llamafactory'],
  severity: 'hint',
  title: 'LoRA scaling (lora_alpha / lora_rank) far from the usual range, or a large rank without rsLoRA',
  check(ctx, report) {
    const p = ctx.plain;
    if ((p.finetuning_type ?? 'lora') !== 'lora') return;
    const rank = typeof p.lora_rank === 'number' && p.lora_rank > 0 ? p.lora_rank : 8;
    const alpha = typeof p.lora_alpha === 'number' && p.lora_alpha > 0 ? p.lora_alpha : 2 * rank;
    const ratio = alpha / rank;
    if (p.lora_alpha !== undefined && (ratio < 0.5 || ratio > 4)) {
      report({
        span: valueSpan(ctx, 'lora_alpha') ?? keySpan(ctx, 'lora_alpha')!,
        message: t`lora_alpha / lora_rank = ${+ratio.toFixed(3)}: LoRA scales its update by this factor, so it acts like a learning-rate multiplier (LLaMA-Factory's default is 2). Check that the learning rate was chosen with it in mind.`,
      });
    }
    if (rank >= 64 && p.use_rslora !== true && keySpan(ctx, 'lora_rank')) {
      report({
        span: valueSpan(ctx, 'lora_rank')!,
        message: t`With lora_rank ${rank}, the usual alpha / r scaling shrinks the update; rank-stabilised LoRA (use_rslora: true, alpha / √r) keeps larger ranks learning.`,
      });
    }
  },
};
