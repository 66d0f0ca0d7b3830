import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getCatalog } from '../../../server/src/core/catalog/catalogs';
import { editorSchema } from '../../../server/src/core/catalog/editorSchema';
import { catalogToJsonSchema, schemaFileText, type JsonSchema } from '../../../server/src/core/catalog/jsonSchema';

const ROOT = join(__dirname, '..', '..', '..', '..');
// Regenerate with VRAMLINT_WRITE_SCHEMAS=1 npm test (the package.json contributes these to VS Code).
const FILES: Array<[string, 'deepspeed' | 'peft']> = [
  ['schemas/editor/deepspeed.json', 'deepspeed'],
  ['schemas/editor/adapter-config.json', 'peft'],
];

function keywords(s: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(s)) for (const x of s) keywords(x, out);
  else if (s && typeof s === 'object') {
    for (const [k, v] of Object.entries(s as JsonSchema)) {
      out.add(k);
      if (k === 'properties') for (const p of Object.values(v as JsonSchema)) keywords(p, out);
      else if (k !== 'examples' && k !== 'default') keywords(v, out);
    }
  }
  return out;
}

describe('catalog: editor schemas contributed to VS Code (completion only)', () => {
  for (const [file, kind] of FILES) {
    it(`${file} is current`, () => {
      const text = schemaFileText(editorSchema(catalogToJsonSchema(getCatalog(kind))));
      const path = join(ROOT, file);
      if (process.env.VRAMLINT_WRITE_SCHEMAS === '1') writeFileSync(path, text);
      assert.equal(readFileSync(path, 'utf8'), text);
    });
  }

  it('keeps descriptions and choices but nothing VS Code would report as a problem', () => {
    const s = editorSchema(catalogToJsonSchema(getCatalog('deepspeed')));
    const found = keywords(s);
    for (const k of ['type', 'enum', 'additionalProperties', 'minimum', 'maximum', 'deprecationMessage', 'anyOf', 'if']) assert.ok(!found.has(k), k);
    const zero = (s.properties as Record<string, JsonSchema>).zero_optimization;
    const stage = (zero.properties as Record<string, JsonSchema>).stage;
    assert.ok(typeof stage.description === 'string' && stage.description.length > 0);
    const peft = editorSchema(catalogToJsonSchema(getCatalog('peft')));
    assert.ok(((peft.properties as Record<string, JsonSchema>).peft_type.examples as unknown[]).includes('LORA'));
  });
});
