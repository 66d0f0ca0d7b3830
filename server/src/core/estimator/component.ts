import type { MemoryComponent } from './types';

/** A component with its byte count made safe: finite, whole and never negative. */
export function component(name: string, bytes: number, note: string, keys: string[]): MemoryComponent {
  const b = Number.isFinite(bytes) && bytes > 0 ? Math.round(bytes) : 0;
  return { name, bytes: b, note, keys };
}

export const GIB = 1024 ** 3;

export function gibText(bytes: number): string {
  return `${(bytes / GIB).toFixed(2)} GiB`;
}
