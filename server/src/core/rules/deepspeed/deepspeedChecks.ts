import { child } from '../../parsing/configTree';
import type { Rule } from '../rule';
import { t } from '../../l10n';

const stageOf = (root: Parameters<typeof child>[0]): number => {
  const s = child(root, 'zero_optimization', 'stage');
  return s && s.type === 'scalar' && typeof s.value === 'number' ? s.value : 0;
};

export const offloadStage: Rule = {
  id: 'offload-stage',
  kinds: ['deepspeed'],
  severity: 'warning',
  title: 'Offload settings that do nothing at this ZeRO stage',
  check(ctx, report) {
    const root = ctx.parsed.root;
    const stage = stageOf(root);
    const param = child(root, 'zero_optimization', 'offload_param');
    const device = param ? child(param, 'device') : undefined;
    if (param && stage < 3 && !(device?.type === 'scalar' && device.value === 'none')) {
      const key = root && root.type === 'map' ? findKeySpan(root, ['zero_optimization', 'offload_param']) : undefined;
      report({ span: key ?? param.span, message: t`offload_param only works with ZeRO stage 3 (this file has stage ${stage}); parameters stay on the GPU.` });
    }
    const opt = child(root, 'zero_optimization', 'offload_optimizer');
    const optDevice = opt ? child(opt, 'device') : undefined;
    if (opt && stage === 0 && !(optDevice?.type === 'scalar' && optDevice.value === 'none')) {
      const key = root && root.type === 'map' ? findKeySpan(root, ['zero_optimization', 'offload_optimizer']) : undefined;
      report({ span: key ?? opt.span, message: t('offload_optimizer needs ZeRO stage 1, 2 or 3; at stage 0 it is ignored.') });
    }
  },
};

export const dsPrecision: Rule = {
  id: 'deepspeed-precision',
  kinds: ['deepspeed'],
  severity: 'error',
  title: 'fp16 and bf16 both enabled in a DeepSpeed config',
  check(ctx, report) {
    const root = ctx.parsed.root;
    const fp16 = child(root, 'fp16', 'enabled');
    const bf16 = child(root, 'bf16', 'enabled') ?? child(root, 'bfloat16', 'enabled');
    if (fp16?.type === 'scalar' && fp16.value === true && bf16?.type === 'scalar' && bf16.value === true) {
      report({ span: bf16.span, message: t('fp16 and bf16 are both enabled; DeepSpeed refuses this ("bfloat16 and fp16 modes cannot be simultaneously enabled").') });
    }
  },
};

export const dsBatchSize: Rule = {
  id: 'deepspeed-batch-size',
  kinds: ['deepspeed'],
  severity: 'error',
  title: 'train_batch_size ≠ micro batch × accumulation × GPUs',
  check(ctx, report) {
    const root = ctx.parsed.root;
    const read = (k: string): number | null => {
      const n = child(root, k);
      return n && n.type === 'scalar' && typeof n.value === 'number' ? n.value : null;
    };
    const total = read('train_batch_size');
    const micro = read('train_micro_batch_size_per_gpu');
    const accum = read('gradient_accumulation_steps');
    if (total === null || micro === null || accum === null || micro <= 0 || accum <= 0) return;
    const node = child(root, 'train_batch_size')!;
    if (total % (micro * accum) !== 0) {
      report({ span: node.span, message: t`train_batch_size (${total}) must equal train_micro_batch_size_per_gpu (${micro}) × gradient_accumulation_steps (${accum}) × the number of GPUs; ${total} is not a multiple of ${micro * accum}.` });
    } else if (ctx.directives.values.gpus || ctx.settings.gpus > 1) {
      const expected = micro * accum * ctx.gpus;
      if (expected !== total) report({ span: node.span, message: t`train_batch_size (${total}) ≠ ${micro} × ${accum} × ${ctx.gpus} GPUs = ${expected}; DeepSpeed refuses the mismatch.` });
    }
  },
};

function findKeySpan(root: Extract<Parameters<typeof child>[0], { type: 'map' }>, path: string[]) {
  let node: typeof root | undefined = root;
  let span;
  for (const k of path) {
    const e: { keySpan: { start: number; end: number }; value: unknown } | undefined = node?.entries.find((x) => x.key === k);
    if (!e) return undefined;
    span = e.keySpan;
    const v = e.value as typeof root;
    node = v && v.type === 'map' ? v : undefined;
  }
  return span;
}
