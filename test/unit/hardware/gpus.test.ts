import * as assert from 'node:assert/strict';
import { findGpu, gpuNames } from '../../../server/src/core/hardware/gpus';

describe('GPU catalog matching', () => {
  const table: Array<[string, string, number]> = [
    ['4090', 'RTX 4090', 24564],
    ['rtx4090', 'RTX 4090', 24564],
    ['RTX 4090', 'RTX 4090', 24564],
    ['NVIDIA GeForce RTX 4090', 'RTX 4090', 24564],
    ['RTX-4090', 'RTX 4090', 24564],
    ['A100-80G', 'A100 80GB', 81920],
    ['a100 80gb', 'A100 80GB', 81920],
    ['A100-SXM4-80GB', 'A100 80GB', 81920],
    ['A100', 'A100 80GB', 81920],
    ['A100-40GB', 'A100 40GB', 40960],
    ['A10', 'A10', 23028],
    ['a10g', 'A10G', 23028],
    ['H100', 'H100 80GB', 81559],
    ['H100 NVL', 'H100 NVL', 95830],
    ['h200', 'H200', 143771],
    ['V100', 'V100 16GB', 16160],
    ['V100-32GB', 'V100 32GB', 32510],
    ['MI300X', 'MI300X', 196592],
    ['Ascend 910B', 'Ascend 910B', 65536],
    ['RTX-6000-Ada', 'RTX 6000 Ada', 49140],
    ['3090', 'RTX 3090', 24576],
    ['L40S', 'L40S', 46068],
  ];
  for (const [text, name, mib] of table) {
    it(`${text} → ${name}`, () => {
      const g = findGpu(text);
      assert.equal(g?.name, name);
      assert.equal(g?.memoryMiB, mib);
    });
  }
  it('plain sizes: GB is the card size as the driver shows it, in GiB', () => {
    assert.equal(findGpu('24GiB')?.memoryMiB, 24 * 1024);
    assert.equal(findGpu('24G')?.memoryMiB, 24 * 1024);
    assert.equal(findGpu('80GB')?.memoryMiB, 80 * 1024);
    assert.equal(findGpu('80GB')?.vendor, 'other');
    assert.equal(findGpu('40960MiB')?.memoryMiB, 40960);
  });
  it('unknown names give null', () => {
    assert.equal(findGpu('banana'), null);
    assert.equal(findGpu(''), null);
    assert.equal(findGpu('9999'), null);
  });
  it('every completion name finds itself, also with dashes for spaces', () => {
    for (const n of gpuNames()) {
      assert.equal(findGpu(n)?.name, n);
      assert.equal(findGpu(n.replace(/\s+/g, '-'))?.name, n);
    }
  });
});
