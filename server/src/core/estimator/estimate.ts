// Per-GPU peak memory of a fine-tuning run, term by term (docs/estimator.md explains each term).
import constants from '../../../data/estimator/constants.json';
import { activationParts } from './activations';
import { component, gibText } from './component';
import { distributedComponents } from './distributed';
import { glmSetup } from './glmSetup';
import { llamafactorySetup } from './llamafactorySetup';
import { logitsTerm } from './logits';
import { optimizerComponents } from './optimizer';
import { overheadComponents } from './overhead';
import { paramGroups } from './parameters';
import type { TrainingSetup } from './setup';
import { sharding } from './sharding';
import type { Estimate, EstimateRequest, MemoryComponent } from './types';
import { weightComponents } from './weights';
import { t } from '../l10n';

export function trainingSetup(req: EstimateRequest): TrainingSetup {
  return req.kind === 'glm-finetune' ? glmSetup(req.config, req.deepspeed, req.model, req.gpus) : llamafactorySetup(req.config, req.deepspeed, req.accelerate, req.model, req.gpus);
}

export function estimateMemory(req: EstimateRequest): Estimate {
  const s = trainingSetup(req);
  const g = paramGroups(req.model, s);
  const sh = sharding(s);
  const components: MemoryComponent[] = [];
  let cpuBytes = 0;

  const w = weightComponents(s, g, sh);
  components.push(...w.components);
  cpuBytes += w.cpuBytes;
  const o = optimizerComponents(s, g, sh);
  components.push(...o.components);
  cpuBytes += o.cpuBytes;
  components.push(...distributedComponents(s, g, sh));
  const persistent = components.reduce((sum, c) => sum + c.bytes, 0);

  const act = activationParts(s, g.arch, g.params);
  const logits = logitsTerm(s, g.arch, sh, act.rows);
  components.push(component('activations', act.total, `${act.rows}×${s.seq} tokens per micro-batch; ${act.detail}`, ['per_device_train_batch_size', 'cutoff_len', 'packing', 'disable_gradient_checkpointing', 'use_unsloth_gc', 'flash_attn', 'lora_dropout', 'enable_liger_kernel', 'use_unsloth']));
  components.push(component('logits', logits.bytes, logits.note, ['per_device_train_batch_size', 'cutoff_len', 'enable_liger_kernel', 'stage']));
  // The optimizer step runs after the activations are freed: only its excess over them raises the peak.
  const transientFwd = act.total + logits.bytes;
  const stepExcess = Math.max(0, o.stepTemp - transientFwd);
  if (stepExcess > 0) components.push(component('optimizer_step', stepExcess, `foreach AdamW step temporary (${gibText(o.stepTemp)}) beyond the activations freed before the step`, ['optim']));
  // Slack comes from the many differently sized short-lived tensors of forward/backward; the step's one
  // temporary per parameter is requested in the same sizes every step and reuses its blocks. Tensors saved layer
  // after layer fill their blocks in order and stay until the backward reaches them: they count as long-lived.
  components.push(...overheadComponents(s, transientFwd - act.saved, persistent + act.saved));

  const perGpuBytes = components.reduce((sum, c) => sum + c.bytes, 0);
  const band = constants.band;
  const capacityBytes = req.gpu ? req.gpu.memoryMiB * 2 ** 20 : null;
  const assumptions = [...s.assumptions];
  if (req.model.approximate || !req.model.arch) assumptions.push(t`model architecture approximated from its size only (${(req.model.params.total / 1e9).toFixed(1)}B parameters): the estimate is rough`);
  if (s.gpus > 1 && !s.deepspeed && !s.fsdp) assumptions.push(t`${s.gpus} GPUs as plain data parallelism (DDP)`);
  if (s.offloadedCkpt) assumptions.push(t('layer inputs held in CPU memory by offloaded checkpointing'));
  if (s.optim === 'paged_adamw_8bit' || s.optim === 'paged_adamw_32bit') assumptions.push(t('paged optimizer states counted in host memory (they leave the GPU under pressure)'));
  assumptions.push(...g.notes);
  return {
    perGpuBytes,
    rangeBytes: [Math.round(perGpuBytes * band.lowRatio), Math.round(perGpuBytes * band.highRatio)],
    capacityBytes,
    gpu: req.gpu ? req.gpu.name : null,
    gpus: s.gpus,
    components,
    cpuBytes: Math.max(0, Math.round(cpuBytes)),
    assumptions,
    unsupported: [...s.unsupported],
    model: { id: req.model.id, params: g.params.total, source: req.model.source, approximate: req.model.approximate || !req.model.arch },
  };
}
