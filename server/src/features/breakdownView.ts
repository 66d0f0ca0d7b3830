import type { Analysis } from '../core/analyze';
import type { Estimate } from '../core/estimator/types';
import { rootObject } from '../core/parsing/configTree';
import { applyTextEdits, configEdits } from './configEdits';
import type { Reanalyze } from './memoryFixes';

export interface SeriesPoint {
  x: number;
  bytes: number | null;
}

/** What the breakdown view plots: the current estimate and how it moves with batch size and cutoff_len. */
export interface BreakdownData {
  path: string;
  estimate: Estimate;
  gpuName: string | null;
  capacityBytes: number | null;
  batch: { current: number; points: SeriesPoint[] };
  cutoff: { current: number; points: SeriesPoint[] };
}

const BATCHES = [1, 2, 4, 8, 16, 32];
const CUTOFFS = [256, 512, 1024, 2048, 4096, 8192, 16384, 32768];

export function breakdownData(analysis: Analysis, reanalyze: Reanalyze): BreakdownData | null {
  const { parsed, estimate } = analysis;
  if (!parsed || !estimate) return null;
  const p = rootObject(parsed);
  const glm = analysis.kind === 'glm-finetune';
  const batchNow = typeof p.per_device_train_batch_size === 'number' ? p.per_device_train_batch_size : 8;
  const cutoffNow = typeof p.cutoff_len === 'number' ? p.cutoff_len : 2048;
  const at = (key: string, value: number): number | null => {
    const after = reanalyze(applyTextEdits(parsed.text, configEdits(parsed, [{ key, value }])));
    return after.estimate?.perGpuBytes ?? null;
  };
  const series = (key: string, xs: number[], current: number): SeriesPoint[] =>
    [...new Set([...xs, current])].sort((a, b) => a - b).map((x) => ({ x, bytes: glm ? null : at(key, x) }));
  return {
    path: analysis.path,
    estimate,
    gpuName: analysis.gpu?.name ?? null,
    capacityBytes: estimate.capacityBytes,
    batch: { current: batchNow, points: series('per_device_train_batch_size', BATCHES, batchNow) },
    cutoff: { current: cutoffNow, points: series('cutoff_len', CUTOFFS, cutoffNow) },
  };
}
