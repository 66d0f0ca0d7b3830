const GIB = 1024 ** 3;

/** "31.2 GiB" — one decimal, the precision the estimate deserves. */
export function formatGiB(bytes: number, digits = 1): string {
  return `${(bytes / GIB).toFixed(digits)} GiB`;
}

export function gib(bytes: number, digits = 1): string {
  return (bytes / GIB).toFixed(digits);
}

export function formatParams(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(n >= 1e10 ? 1 : 2)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}K`;
  return String(n);
}
