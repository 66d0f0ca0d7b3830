import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { classify } from '../../../server/src/core/classify/classify';
import { formatOf, parseConfig } from '../../../server/src/core/parsing/parse';

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures');
const table = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'classify/expected.json'), 'utf8')) as Array<{ file: string; kind: string | null; why: string }>;

describe('classifier: content decides the kind (test/fixtures/classify/expected.json)', () => {
  it('covers at least 40 real configs and 20 other YAML/JSON files', () => {
    assert.ok(table.filter((t) => t.kind !== null && t.file.startsWith('corpus/')).length >= 40);
    assert.ok(table.filter((t) => t.kind === null && t.file.includes('negative/')).length >= 20);
  });

  for (const row of table) {
    it(`${row.file} → ${row.kind ?? 'nothing'}`, () => {
      const file = path.join(FIXTURES, row.file);
      const format = formatOf(file) ?? 'yaml';
      const parsed = parseConfig(fs.readFileSync(file, 'utf8'), format);
      assert.equal(classify(parsed).kind, row.kind, row.why);
    });
  }
});
