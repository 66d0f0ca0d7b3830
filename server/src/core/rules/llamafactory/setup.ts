import type { RuleContext } from '../rule';

/** The facts several LLaMA-Factory rules need, read once from the config and its DeepSpeed file. */
export interface LfFacts {
  stage: string;
  finetuningType: string;
  zeroStage: number | null;
  quantBits: number | null;
  quantMethod: string;
  distributed: boolean;
}

export function zeroStageOf(ds: Record<string, unknown> | null | undefined): number | null {
  if (!ds) return null;
  const z = ds.zero_optimization;
  if (!z || typeof z !== 'object') return 0;
  const s = (z as Record<string, unknown>).stage;
  return typeof s === 'number' ? s : 0;
}

export function lfFacts(ctx: RuleContext): LfFacts {
  const p = ctx.plain;
  const bits = p.quantization_bit;
  return {
    stage: typeof p.stage === 'string' ? p.stage : 'sft',
    finetuningType: typeof p.finetuning_type === 'string' ? p.finetuning_type : 'lora',
    zeroStage: zeroStageOf(ctx.deepspeed?.plain),
    quantBits: typeof bits === 'number' ? bits : null,
    quantMethod: typeof p.quantization_method === 'string' ? p.quantization_method : 'bnb',
    distributed: ctx.gpus > 1 || Boolean(ctx.deepspeed),
  };
}
