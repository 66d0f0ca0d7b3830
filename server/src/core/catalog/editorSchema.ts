import type { JsonSchema } from './jsonSchema';

// The schemas contributed to VS Code's JSON support (jsonValidation) give completion and hovers only: every keyword
// that would make VS Code report a problem is removed, because vramlint reports those itself and a problem must never
// be reported twice. Choices survive as `examples`, which VS Code offers as completions without validating.

const VALIDATION_KEYWORDS = new Set(['type', 'enum', 'const', 'additionalProperties', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'required', 'deprecationMessage', 'if', 'then', 'else', 'not', 'pattern', 'minItems', 'maxItems']);

export function editorSchema(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  const examples = new Set<unknown>(Array.isArray(schema.examples) ? (schema.examples as unknown[]) : []);
  let properties: Record<string, JsonSchema> | undefined;
  const mergeProps = (props: unknown): void => {
    if (!props || typeof props !== 'object') return;
    properties ??= {};
    for (const [k, v] of Object.entries(props as Record<string, JsonSchema>)) properties[k] = properties[k] ? { ...properties[k], ...editorSchema(v) } : editorSchema(v);
  };
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties') mergeProps(v);
    else if (k === 'enum' && Array.isArray(v)) for (const e of v) examples.add(e);
    else if (k === 'const') examples.add(v);
    else if (k === 'anyOf' || k === 'oneOf' || k === 'allOf') {
      for (const sub of v as JsonSchema[]) {
        const cleaned = editorSchema(sub);
        if (Array.isArray(cleaned.examples)) for (const e of cleaned.examples as unknown[]) examples.add(e);
        mergeProps(cleaned.properties);
        if (cleaned.description && !out.description) out.description = cleaned.description;
      }
    } else if ((k === 'then' || k === 'else') && v && typeof v === 'object') mergeProps((v as JsonSchema).properties);
    else if (!VALIDATION_KEYWORDS.has(k)) out[k] = v;
  }
  if (properties) out.properties = properties;
  if (examples.size) out.examples = [...examples].filter((e) => e !== null);
  return out;
}
