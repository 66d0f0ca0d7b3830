import type { Analysis } from '../core/analyze';
import type { KeySpec } from '../core/catalog/types';
import type { Span } from '../core/parsing/configTree';
import { specAt } from '../core/rules/unknownKey';
import { breakdownMarkdown } from './breakdown';
import { entryAt } from './locate';
import { catalogText, t } from '../core/l10n';

export interface HoverResult {
  markdown: string;
  span: Span;
}

/** Keys whose hover shows the memory breakdown: the ones a user turns to make a config fit. */
const MEMORY_KEYS = new Set([
  'model_name_or_path', 'per_device_train_batch_size', 'cutoff_len', 'finetuning_type', 'quantization_bit', 'quantization_method',
  'lora_rank', 'lora_target', 'deepspeed', 'bf16', 'fp16', 'pure_bf16', 'disable_gradient_checkpointing', 'flash_attn', 'optim',
  'gradient_accumulation_steps', 'stage', 'packing', 'enable_liger_kernel', 'use_unsloth', 'max_input_length', 'max_output_length',
  'training_args', 'peft_config',
]);

export function keyDocMarkdown(key: string, spec: KeySpec, tool: string): string {
  const parts = [`**${key}** — ${catalogText(spec.doc)}`, ''];
  const facts: string[] = [];
  if (spec.types.length) facts.push(t`Type: ${spec.types.join(' | ') + (spec.acceptsAuto ? ' | "auto"' : '')}`);
  if (spec.default !== undefined) facts.push(t`Default: \`${JSON.stringify(spec.default)}\``);
  if (spec.choices?.length) facts.push(t`Choices: ${spec.choices.map((c) => `\`${String(c)}\``).join(', ')}`);
  if (spec.commands?.length) facts.push(t`Commands: ${spec.commands.join(', ')}`);
  if (spec.versions) facts.push(t`Versions: ${spec.versions}`);
  if (facts.length) parts.push(facts.join(' · '), '');
  if (spec.deprecated) parts.push(t`⚠ Deprecated: ${catalogText(spec.deprecated.message)}`, '');
  if (spec.memory) parts.push(t('Affects GPU memory.'), '');
  parts.push(spec.docUrl ? t`_${tool}_ · [docs](${spec.docUrl})` : `_${tool}_`);
  return parts.join('\n');
}

export function hoverAt(analysis: Analysis, offset: number): HoverResult | null {
  const { parsed, kind, estimate } = analysis;
  if (!parsed || !kind) return null;
  const directive = analysis.directives?.span;
  if (directive && offset >= directive.start && offset <= directive.end && estimate) {
    return { markdown: breakdownMarkdown(estimate, analysis.gpu?.name ?? null), span: directive };
  }
  const at = entryAt(parsed.root, offset);
  // Inside a mapping but on none of its keys or values (indentation, braces, commas): nothing is under the pointer.
  if (!at || (!at.onKey && at.entry.value.type === 'map')) return null;
  const key = at.path[at.path.length - 1];
  const spec = specAt(kind, at.path.filter((p) => !/^\d+$/.test(p)), parsed.root);
  const sections: string[] = [];
  // On the keys that drive memory the breakdown comes first: it is what the user is looking for there.
  if (estimate && (MEMORY_KEYS.has(key) || spec?.memory)) sections.push(breakdownMarkdown(estimate, analysis.gpu?.name ?? null));
  if (spec) sections.push(keyDocMarkdown(key, spec, toolName(kind)));
  if (key === 'model_name_or_path' && analysis.model?.arch) {
    const a = analysis.model.arch;
    sections.push(
      t`Architecture: ${a.modelType} · ${a.numLayers} layers · hidden ${a.hiddenSize} · ${a.numAttentionHeads} heads / ${a.numKeyValueHeads} KV heads · vocab ${a.vocabSize} · ${(analysis.model.params.total / 1e9).toFixed(2)}B parameters · source: ${analysis.model.source} (${analysis.model.sourceDetail})`,
    );
  }
  if (key === 'deepspeed' && at.path.length <= 2 && analysis.deepspeed) {
    // LLaMA-Factory resolves the path against the launch directory; say which file vramlint read.
    const ds = analysis.deepspeed;
    sections.push(ds.resolvedPath ? t`DeepSpeed config read from \`${ds.resolvedPath}\`.` : t`DeepSpeed config not found; looked in: ${ds.tried.join(', ')}.`);
  }
  if (sections.length === 0) return null;
  return { markdown: sections.join('\n\n---\n\n'), span: at.onKey ? at.entry.keySpan : at.entry.value.span };
}

function toolName(kind: string): string {
  switch (kind) {
    case 'llamafactory':
      return 'LLaMA-Factory';
    case 'deepspeed':
      return 'DeepSpeed';
    case 'peft':
      return 'PEFT';
    case 'accelerate':
      return 'accelerate';
    default:
      return 'GLM fine-tuning demo';
  }
}
