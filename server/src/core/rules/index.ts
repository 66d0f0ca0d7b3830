import { commandKey, deprecatedKey, derivedKey, ignoredKey, invalidChoice, numberRange, valueType } from './keyChecks';
import { memoryFit } from './memoryFit';
import { modelSource } from './model';
import { deepspeedFile, gpuDirective } from './references';
import type { Rule } from './rule';
import { aliasLimit, directiveSyntax, duplicateKey, jsonSyntax, yamlSyntax } from './syntax';
import { unknownKey } from './unknownKey';
import { LF_CROSS_KEY_RULES } from './llamafactory/crossKey';
import { deepspeedMismatch } from './llamafactory/deepspeedConsistency';
import { unknownDataset } from './llamafactory/datasets';
import { megatronKey, unknownTemplate } from './llamafactory/catalogRefs';
import { adapterPath } from './llamafactory/adapters';
import { loraScaling } from './llamafactory/advice';
import { dsBatchSize, dsPrecision, offloadStage } from './deepspeed/deepspeedChecks';
import { yaml11Value } from './yaml11';

/** Every rule, in the order their findings are computed (the output is sorted by position). */
export const ALL_RULES: readonly Rule[] = [
  yamlSyntax,
  jsonSyntax,
  duplicateKey,
  aliasLimit,
  directiveSyntax,
  yaml11Value,
  unknownKey,
  derivedKey,
  deprecatedKey,
  ignoredKey,
  commandKey,
  valueType,
  invalidChoice,
  numberRange,
  ...LF_CROSS_KEY_RULES,
  deepspeedFile,
  deepspeedMismatch,
  unknownDataset,
  unknownTemplate,
  adapterPath,
  loraScaling,
  megatronKey,
  offloadStage,
  dsPrecision,
  dsBatchSize,
  gpuDirective,
  modelSource,
  memoryFit,
];
