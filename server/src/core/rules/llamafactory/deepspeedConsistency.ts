import { child, type ConfigNode } from '../../parsing/configTree';
import type { RelatedInfo } from '../../diagnostics';
import { LineIndex } from '../../parsing/lineIndex';
import type { Rule } from '../rule';
import { firstKeySpan, valueSpan } from '../spans';
import { t } from '../../l10n';

// transformers' HfTrainerDeepSpeedConfig.trainer_config_process fills "auto" from the training arguments and raises
// "Please correct the following DeepSpeed config values that mismatch TrainingArguments values" when a value is
// hard-coded to something else. The pairs below are the ones it checks.
interface Pair {
  dsPath: string[];
  trainerKey: string;
  trainerDefault: unknown;
  /** Derives the trainer-side value from the config (defaults included). */
  value?: (p: Record<string, unknown>, gpus: number) => unknown;
}

const num = (v: unknown, d: number): number => (typeof v === 'number' ? v : d);

const PAIRS: Pair[] = [
  { dsPath: ['train_micro_batch_size_per_gpu'], trainerKey: 'per_device_train_batch_size', trainerDefault: 8 },
  { dsPath: ['gradient_accumulation_steps'], trainerKey: 'gradient_accumulation_steps', trainerDefault: 1 },
  { dsPath: ['gradient_clipping'], trainerKey: 'max_grad_norm', trainerDefault: 1.0 },
  {
    dsPath: ['train_batch_size'],
    trainerKey: 'per_device_train_batch_size',
    trainerDefault: 8,
    value: (p, gpus) => num(p.per_device_train_batch_size, 8) * num(p.gradient_accumulation_steps, 1) * gpus,
  },
  { dsPath: ['optimizer', 'params', 'lr'], trainerKey: 'learning_rate', trainerDefault: 5e-5 },
  { dsPath: ['optimizer', 'params', 'weight_decay'], trainerKey: 'weight_decay', trainerDefault: 0 },
  { dsPath: ['optimizer', 'params', 'eps'], trainerKey: 'adam_epsilon', trainerDefault: 1e-8 },
  { dsPath: ['fp16', 'enabled'], trainerKey: 'fp16', trainerDefault: false, value: (p) => p.fp16 === true || p.fp16_full_eval === true },
  { dsPath: ['bf16', 'enabled'], trainerKey: 'bf16', trainerDefault: false, value: (p) => p.bf16 === true || p.bf16_full_eval === true || p.pure_bf16 === true },
];

function close(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
  return a === b;
}

export const deepspeedMismatch: Rule = {
  id: 'deepspeed-mismatch',
  kinds: ['llamafactory'],
  severity: 'error',
  title: 'A value hard-coded in the DeepSpeed file disagrees with the training config',
  check(ctx, report) {
    const ds = ctx.deepspeed;
    if (!ds?.parsed || !ds.resolvedPath) return;
    const p = ctx.plain;
    const mismatches: string[] = [];
    const related: RelatedInfo[] = [];
    const dsLines = new LineIndex(ds.parsed.text);
    for (const pair of PAIRS) {
      const node: ConfigNode | undefined = child(ds.parsed.root, ...pair.dsPath);
      if (!node || node.type !== 'scalar' || node.value === 'auto' || node.value === null) continue;
      // Only the enabled flags of precision sections are compared when the section exists.
      const expected = pair.value ? pair.value(p, ctx.gpus) : (p[pair.trainerKey] ?? pair.trainerDefault);
      if (close(node.value, expected)) continue;
      const name = pair.dsPath.join('.');
      mismatches.push(
        pair.dsPath[0] === 'train_batch_size'
          ? t`${name} = ${String(node.value)} but per_device_train_batch_size × gradient_accumulation_steps × ${ctx.gpus} GPU(s) = ${String(expected)}`
          : t`${name} = ${String(node.value)} but ${pair.trainerKey} = ${String(expected)}`,
      );
      related.push({ path: ds.resolvedPath, span: node.span, range: { start: dsLines.positionAt(node.span.start), end: dsLines.positionAt(node.span.end) }, message: t`${name} is hard-coded here; "auto" takes it from the training config` });
    }
    if (mismatches.length === 0) return;
    report({
      span: valueSpan(ctx, 'deepspeed') ?? firstKeySpan(ctx),
      message: t`DeepSpeed config '${ds.written}' disagrees with this config: ${mismatches.join('; ')}. transformers stops with "DeepSpeed config values mismatch TrainingArguments"; set them to "auto" in the DeepSpeed file.`,
      related,
    });
  },
};
