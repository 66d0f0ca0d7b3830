import type { Analysis } from '../core/analyze';
import { gib } from '../core/format';
import { t } from '../core/l10n';

export interface LensResult {
  /** 0-based line the lens sits on. */
  line: number;
  title: string;
}

/** `≈ 18.4 GiB per GPU · 77% of RTX 4090 · weights 14.2 · activations 2.1 · …` on the first line of a training config. */
export function estimateLens(analysis: Analysis): LensResult | null {
  const est = analysis.estimate;
  if (!est) return null;
  const parts = [t`≈ ${gib(est.perGpuBytes)} GiB per GPU`];
  if (est.capacityBytes && analysis.gpu) parts.push(t`${Math.round((100 * est.perGpuBytes) / est.capacityBytes)}% of ${analysis.gpu.name}`);
  if (est.gpus > 1) parts.push(t`${est.gpus} GPUs`);
  const top = [...est.components].filter((c) => c.bytes > 0).sort((a, b) => b.bytes - a.bytes).slice(0, 3);
  for (const c of top) parts.push(`${c.name.replace(/_/g, ' ')} ${gib(c.bytes)}`);
  if (est.model.approximate) parts.push(t('approximate model'));
  return { line: 0, title: parts.join(' · ') };
}
