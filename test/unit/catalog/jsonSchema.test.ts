import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getCatalog } from '../../../server/src/core/catalog/catalogs';
import { catalogToJsonSchema, schemaFileText, type JsonSchema } from '../../../server/src/core/catalog/jsonSchema';
import { CORPUS, corpusFiles, readConfig } from './corpusKeys';

const ROOT = join(__dirname, '..', '..', '..', '..');
// The committed schemas are generated from the catalogs. Regenerate after a catalog change with
//   VRAMLINT_WRITE_SCHEMAS=1 node scripts/run-tests.mjs catalog/jsonSchema
const FILES: Array<[string, 'deepspeed' | 'peft']> = [
  ['schemas/deepspeed.schema.json', 'deepspeed'],
  ['schemas/adapter-config.schema.json', 'peft'],
];

type Props = Record<string, JsonSchema>;
const props = (s: JsonSchema): Props => s.properties as Props;

/** Minimal draft-07 check of a document against a generated schema: types, enums, "auto", unknown keys. */
function violations(schema: JsonSchema, value: unknown, where = '$'): string[] {
  if (Array.isArray(schema.anyOf)) {
    const ok = (schema.anyOf as JsonSchema[]).some((s) => violations(s, value, where).length === 0);
    return ok ? [] : [`${where}: matches no alternative`];
  }
  if ('const' in schema) return schema.const === value ? [] : [`${where}: not ${String(schema.const)}`];
  const out: string[] = [];
  if (schema.type) {
    const types = ([] as string[]).concat(schema.type as string | string[]);
    const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : typeof value;
    const ok = types.some((t) => t === actual || (t === 'integer' && Number.isInteger(value)) || (t === 'number' && actual === 'number'));
    if (!ok) out.push(`${where}: ${actual} is not ${types.join('|')}`);
  }
  if (Array.isArray(schema.enum) && !(schema.enum as unknown[]).includes(value)) out.push(`${where}: ${String(value)} not in enum`);
  if (value && typeof value === 'object' && !Array.isArray(value) && schema.properties) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const sub = props(schema)[k];
      if (sub) out.push(...violations(sub, v, `${where}.${k}`));
      else if (schema.additionalProperties === false) out.push(`${where}.${k}: unknown key`);
    }
  }
  return out;
}

describe('catalog: JSON Schema generation', () => {
  for (const [file, kind] of FILES) {
    it(`${file} is current`, () => {
      const text = schemaFileText(catalogToJsonSchema(getCatalog(kind)));
      const path = join(ROOT, file);
      if (process.env.VRAMLINT_WRITE_SCHEMAS === '1') writeFileSync(path, text);
      assert.equal(readFileSync(path, 'utf8'), text);
    });
  }

  it('writes draft-07 with types, enums, defaults, descriptions and "auto"', () => {
    const s = catalogToJsonSchema(getCatalog('deepspeed'));
    assert.equal(s.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.equal(s.additionalProperties, undefined);
    const zero = props(s).zero_optimization.anyOf ? undefined : props(s).zero_optimization;
    assert.ok(zero);
    assert.equal(zero.additionalProperties, false);
    const stage = props(zero).stage as JsonSchema;
    assert.deepEqual((stage.anyOf as JsonSchema[])[0].enum, [0, 1, 2, 3]);
    assert.deepEqual((stage.anyOf as JsonSchema[])[1], { const: 'auto' });
    assert.equal(stage.default, 0);
    assert.match(String(stage.description), /ZeRO stage/);
    const micro = props(s).train_micro_batch_size_per_gpu;
    assert.deepEqual(micro.anyOf, [{ type: 'integer' }, { const: 'auto' }]);
    assert.equal(props(s).steps_per_print.anyOf, undefined);
    assert.match(String(props(s).bfloat16.deprecationMessage), /bf16/);
    // optimizer params are open
    const params = props(props(s).optimizer).params as JsonSchema;
    assert.equal((params.anyOf as JsonSchema[])[0].additionalProperties, undefined);
  });

  it('checks PEFT fields per peft_type with if/then', () => {
    const s = catalogToJsonSchema(getCatalog('peft'));
    const lora = (s.allOf as JsonSchema[]).find((c) => JSON.stringify(c.if).includes('"LORA"')) as JsonSchema;
    assert.ok(props(lora.then as JsonSchema).lora_alpha);
    assert.equal(s.additionalProperties, undefined);
    assert.ok(props(s).num_virtual_tokens && props(s).task_type);
  });

  it('accepts every corpus DeepSpeed config and adapter_config.json, and rejects a wrong one', () => {
    const ds = catalogToJsonSchema(getCatalog('deepspeed'));
    const peft = catalogToJsonSchema(getCatalog('peft'));
    const dsFiles = corpusFiles(join(CORPUS, 'deepspeed'), /\.json$/);
    for (const f of dsFiles) assert.deepEqual(violations(ds, readConfig(f)), [], f);
    for (const f of corpusFiles(join(CORPUS, 'peft'), /adapter_config\.json$/)) assert.deepEqual(violations(peft, readConfig(f)), [], f);
    const bad = { zero_optimization: { stage: 4, stage3_max_live_params: 1 }, fp16: { enabled: 'yes' } };
    assert.deepEqual(violations(ds, bad).sort(), [
      '$.fp16.enabled: matches no alternative',
      '$.zero_optimization.stage3_max_live_params: unknown key',
      '$.zero_optimization.stage: matches no alternative',
    ]);
  });
});
