import * as assert from 'node:assert/strict';
import { RestartPolicy } from '../../../client/src/restartPolicy';

describe('client crash-loop guard', () => {
  it('restarts the server four times within three minutes and stops at the fifth crash', () => {
    const p = new RestartPolicy();
    const decisions = [0, 10_000, 20_000, 30_000, 40_000].map((t) => p.crashed(t));
    assert.deepEqual(
      decisions.map((d) => d.restart),
      [true, true, true, true, false],
    );
    assert.equal(decisions[4].crashes, 5);
  });

  it('forgets crashes older than the window, so a server that crashes now and then keeps being restarted', () => {
    const p = new RestartPolicy();
    for (let i = 0; i < 20; i++) assert.equal(p.crashed(i * 60_000).restart, true, `crash ${i}`); // one a minute: at most 3 in any 3 minutes
  });

  it('starts counting afresh after the user restarts it by hand', () => {
    const p = new RestartPolicy(1, 60_000);
    assert.equal(p.crashed(0).restart, true);
    assert.equal(p.crashed(1).restart, false);
    p.reset();
    assert.equal(p.crashed(2).restart, true);
  });
});
