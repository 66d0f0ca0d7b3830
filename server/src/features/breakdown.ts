import type { Estimate } from '../core/estimator/types';
import { gib } from '../core/format';
import { currentLocale, t } from '../core/l10n';

/** Markdown table of the per-GPU estimate, as the hover shows it (numbers identical to the CLI's JSON). */
// One estimate per document version, hovered on every memory key: render its breakdown once per GPU and language.
const rendered = new WeakMap<Estimate, Map<string, string>>();

export function breakdownMarkdown(est: Estimate, gpuName: string | null): string {
  const key = `${currentLocale()}\u0000${gpuName ?? ''}`;
  let byKey = rendered.get(est);
  if (!byKey) rendered.set(est, (byKey = new Map()));
  let text = byKey.get(key);
  if (text === undefined) byKey.set(key, (text = renderBreakdown(est, gpuName)));
  return text;
}

function renderBreakdown(est: Estimate, gpuName: string | null): string {
  const total = est.perGpuBytes;
  const rows = est.components
    .filter((c) => c.bytes > 0)
    .map((c) => `| ${c.name.replace(/_/g, ' ')} | ${gib(c.bytes, 2)} | ${total > 0 ? Math.round((100 * c.bytes) / total) : 0}% | ${c.keys.slice(0, 3).map((k) => `\`${k}\``).join(', ')}${c.keys.length > 3 ? ', …' : ''} |`);
  const head =
    est.gpus === 1
      ? t`**vramlint: ≈ ${gib(total)} GiB per GPU** (likely ${gib(est.rangeBytes[0])}–${gib(est.rangeBytes[1])} GiB) · 1 GPU`
      : t`**vramlint: ≈ ${gib(total)} GiB per GPU** (likely ${gib(est.rangeBytes[0])}–${gib(est.rangeBytes[1])} GiB) · ${est.gpus} GPUs`;
  const lines = [head, ''];
  if (est.capacityBytes && gpuName) {
    const share = total / est.capacityBytes;
    const width = 20;
    const filled = Math.min(width, Math.round(share * width));
    const bar = `\`${'█'.repeat(filled)}${'░'.repeat(width - filled)}\``;
    lines.push(share > 1 ? t`${bar} ${Math.round(share * 100)}% of ${gib(est.capacityBytes)} GiB (${gpuName}) — **does not fit**` : t`${bar} ${Math.round(share * 100)}% of ${gib(est.capacityBytes)} GiB (${gpuName})`, '');
  } else {
    lines.push(t('_No target GPU: set `vramlint.gpu` or add `# vramlint: gpu=RTX 4090` to check the fit._'), '');
  }
  lines.push(t('| component | GiB | share | driven by |'), '|---|---:|---:|---|', ...rows, '');
  const params = (est.model.params / 1e9).toFixed(2);
  const modelLine = est.model.approximate
    ? t`Model: \`${est.model.id}\` · ${params}B parameters · source: ${est.model.source} (**approximate**: size from the name)`
    : t`Model: \`${est.model.id}\` · ${params}B parameters · source: ${est.model.source}`;
  lines.push(modelLine);
  if (est.cpuBytes > 0) lines.push('', t`CPU memory for offloaded states: ${gib(est.cpuBytes)} GiB`);
  if (est.assumptions.length) lines.push('', t('Assumptions:'), ...est.assumptions.map((a) => `- ${a}`));
  if (est.unsupported.length) lines.push('', t('Not modelled:'), ...est.unsupported.map((a) => `- ${a}`));
  return lines.join('\n');
}
