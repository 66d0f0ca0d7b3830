// The fit verdict against the target GPU, from the calibrated band.
import type { Estimate, MemoryComponent } from './types';

export interface FitVerdict {
  severity: 'error' | 'warning';
  /** 'low': even the low end of the band exceeds the GPU; 'high': only the high end does. */
  reason: 'low' | 'high';
}

export function fitVerdict(est: Estimate): FitVerdict | null {
  const cap = est.capacityBytes;
  if (cap === null || !(cap > 0)) return null;
  if (est.rangeBytes[0] > cap) return { severity: 'error', reason: 'low' };
  if (est.rangeBytes[1] > cap) return { severity: 'warning', reason: 'high' };
  return null;
}

export function largestComponent(est: Estimate): MemoryComponent | null {
  let best: MemoryComponent | null = null;
  for (const c of est.components) if (!best || c.bytes > best.bytes) best = c;
  return best;
}

/** Total minus the overhead components: the figure comparable with torch.cuda.max_memory_allocated. */
export function allocatedBytes(est: Estimate): number {
  return est.components.filter((c) => !c.name.includes('overhead')).reduce((s, c) => s + c.bytes, 0);
}
