// Vision towers and projectors of the multimodal families vramlint knows. Counted module by module so the
// Linear list (for LoRA with freeze_vision_tower: false) and the totals come from the same description.
import type { LinearModule, VisionFacts } from './types';

export interface VisionCount {
  linear: LinearModule[];
  /** Vision tower + projector, every tensor. */
  params: number;
}

type Lin = (name: string, inF: number, outF: number, count: number, bias: boolean, part: LinearModule['part']) => void;

function linearParams(m: LinearModule): number {
  return m.count * (m.inFeatures * m.outFeatures + (m.bias ? m.outFeatures : 0));
}

/** Shape of the tower a VisionFacts describes, with the projector into the language model. */
export function countVision(v: VisionFacts): VisionCount {
  const linear: LinearModule[] = [];
  const lin: Lin = (name, inFeatures, outFeatures, count, bias, part) => {
    linear.push({ name, inFeatures, outFeatures, count, bias, part });
  };
  const e = v.hiddenSize;
  const layers = v.numLayers;
  const out = v.outHiddenSize ?? e;
  let other = 0;
  const kind = v.kind ?? 'clip';
  if (kind === 'qwen2_vl' || kind === 'qwen2_5_vl') {
    const temporal = v.temporalPatchSize ?? 2;
    other += 3 * temporal * v.patchSize * v.patchSize * e; // Conv3d patch embedding, no bias
    lin('qkv', e, 3 * e, layers, true, 'vision');
    lin('proj', e, e, layers, true, 'vision');
    const merged = e * (v.spatialMergeSize ?? 2) ** 2;
    if (kind === 'qwen2_vl') {
      other += layers * 2 * 2 * e; // norm1, norm2: LayerNorm weight + bias
      lin('fc1', e, v.intermediateSize, layers, true, 'vision');
      lin('fc2', v.intermediateSize, e, layers, true, 'vision');
      other += 2 * e; // merger.ln_q LayerNorm
    } else {
      other += layers * 2 * e; // RMSNorm
      lin('gate_proj', e, v.intermediateSize, layers, true, 'vision');
      lin('up_proj', e, v.intermediateSize, layers, true, 'vision');
      lin('down_proj', v.intermediateSize, e, layers, true, 'vision');
      other += e; // merger.ln_q RMSNorm
    }
    lin('0', merged, merged, 1, true, 'projector'); // merger.mlp.0
    lin('2', merged, out, 1, true, 'projector'); // merger.mlp.2
  } else {
    // CLIP / SigLIP encoder layers: q/k/v/out_proj with biases, two LayerNorms, fc1/fc2.
    const patches = v.imageSize ? Math.floor(v.imageSize / v.patchSize) ** 2 : 576;
    const siglip = kind === 'siglip';
    other += 3 * v.patchSize * v.patchSize * e + (siglip ? e : 0); // patch conv (CLIP without bias)
    other += (siglip ? patches : patches + 1) * e; // position embedding (+ CLIP class token position)
    if (!siglip) other += e + 2 * e; // class embedding, pre_layrnorm
    for (const name of ['q_proj', 'k_proj', 'v_proj', 'out_proj']) lin(name, e, e, layers, true, 'vision');
    lin('fc1', e, v.intermediateSize, layers, true, 'vision');
    lin('fc2', v.intermediateSize, e, layers, true, 'vision');
    other += layers * 2 * 2 * e;
    other += 2 * e; // post_layernorm
    if (siglip) {
      // Gemma 3: mm_soft_emb_norm (RMS) + mm_input_projection_weight (a Parameter, not a Linear).
      other += e + e * out;
    } else if (kind === 'internlm_xc2') {
      lin('0', e, out, 1, true, 'projector'); // vision_proj.0
      lin('2', out, out, 1, true, 'projector'); // vision_proj.2
    } else {
      lin('linear_1', e, out, 1, true, 'projector');
      lin('linear_2', out, out, 1, true, 'projector');
    }
  }
  const params = other + linear.reduce((s, m) => s + linearParams(m), 0);
  return { linear, params };
}
