import * as assert from 'node:assert/strict';
import { fuzz } from '../../fuzz/fuzzer';

describe('fuzz (fixed seed): mutated corpus files never break analysis, hover, completion or fixes', function () {
  this.timeout(120_000);
  it('runs 400 mutated inputs with no exception, in-range diagnostics and finite estimates', () => {
    const r = fuzz(20261123, 400);
    assert.ok(r.inputs >= 300, `only ${r.inputs} inputs ran`);
    assert.deepEqual(r.failures, []);
  });
});
