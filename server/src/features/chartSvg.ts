import type { BreakdownData, SeriesPoint } from './breakdownView';
import { t } from '../core/l10n';

// SVG for the breakdown view, drawn with theme colours (CSS variables of the webview) and no external resources.

const GIB = 1024 ** 3;
const PALETTE = ['--vscode-charts-blue', '--vscode-charts-green', '--vscode-charts-yellow', '--vscode-charts-orange', '--vscode-charts-purple', '--vscode-charts-red', '--vscode-charts-foreground'];

/**
 * Colours as classes: the webview's Content-Security-Policy allows only its nonce'd stylesheet, so inline style
 * attributes would be dropped (and the bar drawn black). The client puts this CSS into that stylesheet.
 */
export const CHART_CSS = PALETTE.map((v, i) => `.c${i} { fill: var(${v}); }`).join('\n');

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A horizontal stacked bar of the components against the GPU's capacity. */
export function stackedBarSvg(data: BreakdownData, width = 640): string {
  const est = data.estimate;
  const comps = est.components.filter((c) => c.bytes > 0);
  const scaleMax = Math.max(est.perGpuBytes, est.rangeBytes[1], data.capacityBytes ?? 0) * 1.05 || 1;
  const x = (b: number): number => (b / scaleMax) * (width - 20) + 10;
  let cursor = 0;
  const rects = comps.map((c, i) => {
    const x0 = x(cursor);
    cursor += c.bytes;
    const w = Math.max(0.5, x(cursor) - x0);
    return `<rect x="${x0.toFixed(1)}" y="20" width="${w.toFixed(1)}" height="36" class="c${i % PALETTE.length}"><title>${esc(c.name)}: ${(c.bytes / GIB).toFixed(2)} GiB</title></rect>`;
  });
  const legend = comps.map(
    (c, i) =>
      `<g transform="translate(${10 + (i % 3) * 210}, ${84 + Math.floor(i / 3) * 18})"><rect width="10" height="10" class="c${i % PALETTE.length}"/><text x="14" y="9">${esc(c.name.replace(/_/g, ' '))} ${(c.bytes / GIB).toFixed(1)} GiB</text></g>`,
  );
  const cap = data.capacityBytes
    ? `<line x1="${x(data.capacityBytes).toFixed(1)}" x2="${x(data.capacityBytes).toFixed(1)}" y1="10" y2="66" class="cap"/><text x="${x(data.capacityBytes).toFixed(1)}" y="78" text-anchor="middle" class="cap-label">${esc(data.gpuName ?? '')} ${(data.capacityBytes / GIB).toFixed(0)} GiB</text>`
    : '';
  const band = `<rect x="${x(est.rangeBytes[0]).toFixed(1)}" y="60" width="${(x(est.rangeBytes[1]) - x(est.rangeBytes[0])).toFixed(1)}" height="4" class="band"><title>${esc(t('likely range'))}</title></rect>`;
  const height = 84 + Math.ceil(comps.length / 3) * 18 + 8;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="memory breakdown">${rects.join('')}${band}${cap}${legend.join('')}</svg>`;
}

/** Memory (GiB) against a setting, with the capacity line. */
export function lineChartSvg(title: string, points: SeriesPoint[], current: number, capacityBytes: number | null, width = 310, height = 200): string {
  const valid = points.filter((p): p is { x: number; bytes: number } => p.bytes !== null);
  if (valid.length < 2) return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="40"><text x="4" y="20">${esc(t`${title}: not available`)}</text></svg>`;
  const pad = { l: 40, r: 10, t: 22, b: 28 };
  const maxY = Math.max(...valid.map((p) => p.bytes), capacityBytes ?? 0) * 1.1;
  const xs = valid.map((p) => Math.log2(p.x));
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const sx = (v: number): number => pad.l + ((Math.log2(v) - minX) / (maxX - minX || 1)) * (width - pad.l - pad.r);
  const sy = (b: number): number => height - pad.b - (b / maxY) * (height - pad.t - pad.b);
  const pathD = valid.map((p, i) => `${i ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.bytes).toFixed(1)}`).join(' ');
  const dots = valid
    .map((p) => `<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.bytes).toFixed(1)}" r="${p.x === current ? 4.5 : 2.5}" class="${capacityBytes && p.bytes > capacityBytes ? 'over' : 'ok'}"><title>${p.x}: ${(p.bytes / GIB).toFixed(1)} GiB</title></circle>`)
    .join('');
  const ticks = valid.map((p) => `<text x="${sx(p.x).toFixed(1)}" y="${height - 10}" text-anchor="middle" class="tick">${p.x}</text>`).join('');
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => `<text x="${pad.l - 4}" y="${(sy(f * maxY) + 3).toFixed(1)}" text-anchor="end" class="tick">${((f * maxY) / GIB).toFixed(0)}</text>`).join('');
  const cap = capacityBytes ? `<line x1="${pad.l}" x2="${width - pad.r}" y1="${sy(capacityBytes).toFixed(1)}" y2="${sy(capacityBytes).toFixed(1)}" class="cap"/>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="${esc(title)}"><text x="${pad.l}" y="14" class="title">${esc(title)} (GiB)</text>${cap}<path d="${pathD}" class="line"/>${dots}${ticks}${yTicks}</svg>`;
}

/** The whole webview body; the client wraps it in a page with its CSP and nonce. */
export function breakdownHtmlBody(data: BreakdownData): string {
  const est = data.estimate;
  const fit = data.capacityBytes ? t`${Math.round((100 * est.perGpuBytes) / data.capacityBytes)}% of ${esc(data.gpuName ?? '')}` : t('no target GPU set');
  return [
    `<h2>${t`≈ ${(est.perGpuBytes / GIB).toFixed(1)} GiB per GPU`} <small>(${t`likely ${(est.rangeBytes[0] / GIB).toFixed(1)}–${(est.rangeBytes[1] / GIB).toFixed(1)} GiB`} · ${fit} · ${est.gpus === 1 ? '1 GPU' : t`${est.gpus} GPUs`})</small></h2>`,
    `<p class="path">${esc(data.path)} · ${esc(est.model.approximate ? t`model ${est.model.id} (${est.model.source}, approximate)` : t`model ${est.model.id} (${est.model.source})`)}</p>`,
    stackedBarSvg(data),
    '<div class="plots">',
    lineChartSvg(t('memory vs per_device_train_batch_size'), data.batch.points, data.batch.current, data.capacityBytes),
    lineChartSvg(t('memory vs cutoff_len'), data.cutoff.points, data.cutoff.current, data.capacityBytes),
    '</div>',
    est.assumptions.length ? `<h3>${t('Assumptions')}</h3><ul>${est.assumptions.map((a) => `<li>${esc(a)}</li>`).join('')}</ul>` : '',
    est.unsupported.length ? `<h3>${t('Not modelled')}</h3><ul>${est.unsupported.map((a) => `<li>${esc(a)}</li>`).join('')}</ul>` : '',
  ].join('\n');
}
