// Trainable parameters of a LoRA run, counted the way PEFT builds the adapter after LLaMA-Factory has turned
// `lora_target` into module names (model_utils/misc.py:find_all_linear_modules, model_utils/visual.py).
import type { ArchFamily, LinearModule, ModelArch, ParamBreakdown } from './types';

export interface LoraOptions {
  /** lora_target as a list of names, or 'all'. */
  target: string[] | 'all';
  rank: number;
  useDora?: boolean;
  /** additional_target → PEFT modules_to_save: a full trainable copy of each module. */
  additionalTarget?: string[];
  /** LLaMA-Factory's freeze_vision_tower (default true). */
  freezeVisionTower?: boolean;
}

export interface LoraCount {
  params: number;
  /** Names of the modules that receive LoRA (and, after them, the modules_to_save that were found). */
  modules: string[];
  /** Entries of the target or additional_target lists that match no module. */
  unmatched: string[];
}

/** LLaMA-Factory's `all` skips modules whose path contains lm_head, plus ChatGLM's output_layer and InternLM2's output
 * (GPT-NeoX's embed_out is not excluded there, so it is adapted too). */
function excludedFromAll(m: LinearModule, family: ArchFamily): boolean {
  if (m.name === 'lm_head') return true;
  if (family === 'chatglm' && m.name === 'output_layer') return true;
  if (family === 'internlm2' && m.name === 'output') return true;
  return false;
}

const EMBEDDING_NAME: Partial<Record<ArchFamily, string>> = {
  qwen1: 'wte',
  gpt2: 'wte',
  chatglm: 'word_embeddings',
  falcon: 'word_embeddings',
  bloom: 'word_embeddings',
  internlm2: 'tok_embeddings',
  gpt_neox: 'embed_in',
  t5: 'shared',
};

export function embeddingModuleName(arch: ModelArch): string {
  return EMBEDDING_NAME[arch.layout?.family ?? 'llama'] ?? 'embed_tokens';
}

/** PEFT matches a list entry against the end of a module's dotted path, so only the last component decides here. */
function lastComponent(target: string): string {
  const parts = target.split('.');
  return parts[parts.length - 1];
}

export function loraTrainableParams(arch: ModelArch, params: ParamBreakdown, opts: LoraOptions): LoraCount {
  const family = arch.layout?.family ?? 'llama';
  const freezeVision = opts.freezeVisionTower ?? true;
  const r = opts.rank;
  // The projector is always left out; the tower only when it is frozen (LLaMA-Factory's default).
  const eligible = params.linear.filter((m) => m.part !== 'projector' && !(m.part === 'vision' && freezeVision));
  const embeddingName = embeddingModuleName(arch);
  const embeddingWidth = arch.hiddenSize;

  let total = 0;
  const modules: string[] = [];
  const unmatched: string[] = [];
  const adapt = (m: LinearModule): void => {
    total += m.count * r * (m.inFeatures + m.outFeatures);
    if (opts.useDora) total += m.count * m.outFeatures; // DoRA magnitude vector
    if (!modules.includes(m.name)) modules.push(m.name);
  };

  const list = opts.target === 'all' ? ['all'] : opts.target.map((s) => s.trim()).filter((s) => s.length > 0);
  if (list.length === 1 && list[0] === 'all') {
    for (const m of eligible) if (!excludedFromAll(m, family)) adapt(m);
  } else {
    for (const target of list) {
      const name = lastComponent(target);
      const hits = eligible.filter((m) => m.name === name);
      if (hits.length > 0) {
        for (const m of hits) adapt(m);
      } else if (name === embeddingName) {
        // LoRA on an Embedding: A is (r × vocab), B is (hidden × r).
        total += r * (arch.vocabSize + embeddingWidth);
        if (opts.useDora) total += embeddingWidth;
        modules.push(name);
      } else {
        unmatched.push(target);
      }
    }
  }

  for (const target of opts.additionalTarget ?? []) {
    const name = lastComponent(target.trim());
    const hits = params.linear.filter((m) => m.name === name);
    if (hits.length > 0) {
      for (const m of hits) total += m.count * (m.inFeatures * m.outFeatures + (m.bias ? m.outFeatures : 0));
    } else if (name === embeddingName) {
      total += arch.vocabSize * embeddingWidth;
    } else {
      unmatched.push(target);
      continue;
    }
    if (!modules.includes(name)) modules.push(name);
  }
  return { params: total, modules, unmatched };
}
