import { lookupKey } from '../catalog/catalogs';
import type { ValueType } from '../catalog/types';
import type { ConfigKind } from '../estimator/types';

/** The JSON types a key accepts according to its catalog, or undefined when the key is not catalogued. */
export function expectedTypes(kind: ConfigKind, path: string[]): ValueType[] | undefined {
  const catalogPath = kind === 'glm-finetune' || kind === 'accelerate' || kind === 'deepspeed' ? path : path.slice(0, 1);
  return lookupKey(kind, catalogPath.filter((p) => !/^\d+$/.test(p)))?.types;
}
