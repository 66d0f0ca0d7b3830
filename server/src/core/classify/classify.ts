import markers from '../../../data/classify-markers.json';
import type { ConfigKind } from '../estimator/types';
import type { MapNode, ParsedConfig } from '../parsing/configTree';

// Classification is by content, never by file name: a fine-tuning config can be called anything, and a file
// called config.json is usually a model's architecture, which vramlint must leave alone.

export const CONFIG_KINDS: readonly ConfigKind[] = ['llamafactory', 'deepspeed', 'peft', 'glm-finetune', 'accelerate'];

const LF_SPECIFIC = new Set(markers.llamafactory.specific);
const DS_KNOWN = new Set(markers.deepspeed.known);

export interface Classification {
  kind: ConfigKind | null;
  /** Best-scoring kind even when below the threshold (used when a settings glob forces linting). */
  bestGuess: ConfigKind | null;
}

export function classify(parsed: ParsedConfig): Classification {
  const root = parsed.root;
  if (!root || root.type !== 'map' || root.entries.length === 0) {
    return { kind: null, bestGuess: parsed.format === 'json' ? 'deepspeed' : 'llamafactory' };
  }
  const keys = new Set(root.entries.map((e) => e.key));
  const has = (k: string): boolean => keys.has(k);
  const anyOf = (list: string[]): number => list.reduce((n, k) => n + (keys.has(k) ? 1 : 0), 0);
  const excluded = (list: string[]): boolean => list.some((k) => keys.has(k)) || hasNestedComponent(root);

  if (has(markers.peft.required) && !excluded(markers.peft.excludedIfPresent) && anyOf(markers.peft.supporting) >= 1) {
    return { kind: 'peft', bestGuess: 'peft' };
  }
  const glm = markers['glm-finetune'];
  if (isMap(root, glm.required) && anyOf(glm.supporting) >= 1) return { kind: 'glm-finetune', bestGuess: 'glm-finetune' };
  if (has(markers.accelerate.required) && anyOf(markers.accelerate.supporting) >= 1) return { kind: 'accelerate', bestGuess: 'accelerate' };

  const lfSpecific = [...keys].filter((k) => LF_SPECIFIC.has(k)).length;
  const lfExcluded = excluded(markers.llamafactory.excludedIfPresent);
  if (!lfExcluded && ((has(markers.llamafactory.required) && lfSpecific >= 1) || lfSpecific >= 3)) {
    return { kind: 'llamafactory', bestGuess: 'llamafactory' };
  }

  const dsKnown = [...keys].filter((k) => DS_KNOWN.has(k)).length;
  const dsStrong = anyOf(markers.deepspeed.strong);
  // DeepSpeed configs are mostly DeepSpeed keys; a trainer_state.json shares train_batch_size but little else.
  if (!excluded(markers.deepspeed.excludedIfPresent) && dsStrong >= 1 && dsKnown / keys.size >= 0.6) {
    return { kind: 'deepspeed', bestGuess: 'deepspeed' };
  }
  const bestGuess: ConfigKind =
    dsKnown > lfSpecific ? 'deepspeed' : lfSpecific > 0 || parsed.format === 'yaml' ? 'llamafactory' : 'deepspeed';
  return { kind: null, bestGuess };
}

function isMap(root: MapNode, key: string): boolean {
  const e = root.entries.find((x) => x.key === key);
  return Boolean(e && e.value.type === 'map');
}

/** torchtune and Hydra-style recipes describe components with `_component_` one level down. */
function hasNestedComponent(root: MapNode): boolean {
  return root.entries.some((e) => e.value.type === 'map' && e.value.entries.some((c) => c.key === '_component_'));
}
