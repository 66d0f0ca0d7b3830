// The estimator against the published measurements (test/fixtures/groundtruth/dev.json): the bar holds, the
// band constants are the ones fitted on the current estimator, and docs/accuracy-report.md is what it prints.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import constants from '../../../server/data/estimator/constants.json';
import * as path from 'node:path';
import { barMet, pct, REPORT_PATH, reportText, run } from '../../accuracy/accuracy';

describe('estimator accuracy on the ground truth', () => {
  const result = run();

  it('meets the bar on the high+medium confidence points', () => {
    const { hm } = result;
    const summary = `median ${(hm.medianAbsErr * 100).toFixed(1)}%, within ±20% ${(hm.within20 * 100).toFixed(1)}%, in band ${(hm.inBand * 100).toFixed(1)}%, scorable ${hm.scored}/${hm.n}`;
    assert.ok(barMet(hm), summary);
  });

  it('uses the band fitted on the current estimator, rounded outwards to 2 decimals', () => {
    const [low, high] = result.fitted;
    assert.equal(constants.band.lowRatio, Math.floor(low * 100) / 100);
    assert.equal(constants.band.highRatio, Math.ceil(high * 100) / 100);
  });

  it('docs/accuracy-report.md is current (run npm run accuracy after changing the estimator)', () => {
    assert.equal(fs.readFileSync(REPORT_PATH, 'utf8'), reportText(result));
  });

  it('docs/estimator.md quotes the current summary', () => {
    const doc = fs.readFileSync(path.join(path.dirname(REPORT_PATH), 'estimator.md'), 'utf8');
    for (const [name, sm] of [['all', result.all], ['high + medium confidence', result.hm]] as const) {
      assert.ok(doc.includes(`| ${name} | ${sm.n} | ${pct(sm.medianAbsErr)} | ${pct(sm.within20)} | ${pct(sm.under90)} | ${pct(sm.inBand)} |`), `the ${name} row of docs/estimator.md is stale`);
    }
  });
});
