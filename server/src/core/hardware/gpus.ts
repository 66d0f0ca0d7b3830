// The GPU catalog (server/data/gpus.json) and lenient name matching: users write "4090", "rtx4090", "RTX 4090",
// "A100-80G", "NVIDIA A100-SXM4-80GB" or just a size ("24GiB", "80GB").
import data from '../../../data/gpus.json';
import type { GpuSpec } from './types';

interface CatalogEntry {
  name: string;
  vendor: GpuSpec['vendor'];
  memoryMiB: number;
  bf16: boolean;
  aliases: string[];
}

const ENTRIES: CatalogEntry[] = (data as { gpus: CatalogEntry[] }).gpus;

/**
 * One spelling for every way of writing a card: lower case, vendor and series words dropped, form factors
 * (SXM4, PCIe, HBM3) dropped, separators dropped, "GiB"/"GB" → "g". "NVIDIA A100-SXM4-80GB" and "a100 80g" both
 * become "a10080g".
 */
export function normaliseGpuName(text: string): string {
  return text
    .toLowerCase()
    .replace(/\b(nvidia|geforce|tesla|quadro|amd|radeon|instinct|huawei|ascend)\b/g, ' ')
    .replace(/rtx/g, ' ')
    .replace(/sxm\d?|pcie|hbm\d?e?/g, ' ')
    .replace(/[^a-z0-9.]/g, '')
    .replace(/(\d)(gib|gb)/g, '$1g');
}

const INDEX = new Map<string, CatalogEntry>();
for (const e of ENTRIES) {
  for (const spelling of [e.name, ...e.aliases]) {
    const key = normaliseGpuName(spelling);
    if (!INDEX.has(key)) INDEX.set(key, e);
  }
}

function toSpec(e: CatalogEntry): GpuSpec {
  return { name: e.name, vendor: e.vendor, memoryMiB: e.memoryMiB, bf16: e.bf16 };
}

/**
 * A plain size. A card sold as "24 GB" shows about 24 GiB in nvidia-smi (RTX 4090: 24564 MiB), so "24G", "24GB"
 * and "24GiB" all mean 24 × 1024 MiB; "MiB"/"MB" sizes are taken literally.
 */
function parseSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(gib|gb|g|mib|mb|m)?\s*$/i.exec(text);
  if (!m) return null;
  const value = Number(m[1]);
  if (!Number.isFinite(value) || value <= 0) return null;
  const unit = (m[2] ?? 'g').toLowerCase();
  const mib = unit.startsWith('m') ? value : value * 1024;
  // A bare number is a size only when it is a plausible GPU memory in GB (not a model number such as 4090).
  if (!m[2] && (value > 512 || !Number.isInteger(value))) return null;
  return Math.round(mib);
}

function formatSize(mib: number): string {
  const gib = mib / 1024;
  return Number.isInteger(gib) ? `${gib} GiB` : `${Math.round(mib)} MiB`;
}

/** The catalog card a text names, a synthetic card for a plain size, or null. */
export function findGpu(text: string): GpuSpec | null {
  if (typeof text !== 'string' || text.trim() === '') return null;
  const key = normaliseGpuName(text);
  const hit = INDEX.get(key);
  if (hit) return toSpec(hit);
  // "RTX 4090 24GB": the size after a known name only repeats it.
  const withoutSize = key.replace(/\d+(\.\d+)?g$/, '');
  if (withoutSize !== key && withoutSize !== '' && INDEX.has(withoutSize)) {
    const e = INDEX.get(withoutSize)!;
    const size = Number(/(\d+(?:\.\d+)?)g$/.exec(key)![1]);
    // Only when the size agrees with the card (a "4090 48GB" is not a 4090 of the catalog).
    if (Math.abs(size * 1024 - e.memoryMiB) / e.memoryMiB < 0.1) return toSpec(e);
  }
  const mib = parseSize(text);
  if (mib !== null) return { name: `${formatSize(mib)} GPU`, vendor: 'other', memoryMiB: mib, bf16: true };
  return null;
}

/** Canonical names of the catalog, for completion. */
export function gpuNames(): string[] {
  return ENTRIES.map((e) => e.name);
}
