import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_RULES } from '../../../server/src/core/rules';

describe('docs/rules.md documents every rule', () => {
  const md = fs.readFileSync(path.resolve(__dirname, '../../../../docs/rules.md'), 'utf8');
  const headings = new Set([...md.matchAll(/^## ([a-z0-9-]+)$/gm)].map((m) => m[1]));
  it('has a section per rule id (the codeDescription anchor)', () => {
    const missing = ALL_RULES.map((r) => r.id).filter((id) => !headings.has(id));
    assert.deepEqual(missing, []);
  });
  it('documents no rule that does not exist', () => {
    const ids = new Set(ALL_RULES.map((r) => r.id));
    assert.deepEqual([...headings].filter((h) => !ids.has(h)), []);
  });
  it('has unique rule ids', () => {
    assert.equal(new Set(ALL_RULES.map((r) => r.id)).size, ALL_RULES.length);
  });
});
