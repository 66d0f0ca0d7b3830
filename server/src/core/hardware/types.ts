export interface GpuSpec {
  /** Canonical display name, e.g. "RTX 4090". */
  name: string;
  vendor: 'nvidia' | 'amd' | 'huawei' | 'other';
  /** Capacity as the driver reports it (nvidia-smi total), in MiB. */
  memoryMiB: number;
  bf16: boolean;
}
