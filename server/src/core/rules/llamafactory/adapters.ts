import * as path from 'node:path';
import type { Rule } from '../rule';
import { rootEntry } from '../spans';
import { looksLikePath } from '../model';
import { t } from '../../l10n';

// adapter_name_or_path: comma-separated adapters, each a local folder or a Hub id. A local folder that holds no
// adapter_config.json makes PEFT fail at load time (after the base model has loaded).
export const adapterPath: Rule = {
  id: 'adapter-path',
  kinds: ['llamafactory'],
  severity: 'info',
  title: 'An adapter folder that does not exist (yet) or holds no adapter_config.json',
  check(ctx, report) {
    const e = rootEntry(ctx, 'adapter_name_or_path');
    if (!e || e.value.type !== 'scalar' || typeof e.value.value !== 'string') return;
    const text = e.value.value;
    let offset = 0;
    for (const part of text.split(',')) {
      const name = part.trim();
      const start = e.value.span.start + (e.value.style === 'quoted' ? 1 : 0) + offset + (part.length - part.trimStart().length);
      offset += part.length + 1;
      if (!name || !looksLikePath(name)) continue;
      const bases = path.isAbsolute(name) ? [name] : [path.resolve(path.dirname(ctx.path), name), ...ctx.workspaceDirs.map((w) => path.resolve(w, name))];
      const dirs = [...new Set(bases)].filter((b) => ctx.host.stat(b) === 'dir');
      const span = e.value.style === 'block' ? e.value.span : { start, end: start + name.length };
      if (dirs.length === 0) {
        // Usually the output of an earlier training step, hence info rather than a warning.
        report({ span, message: t`Adapter folder '${name}' does not exist yet (relative to the config file or the workspace); PEFT will fail to load it until the training that writes it has run.` });
      } else if (!dirs.some((d) => ctx.host.stat(path.join(d, 'adapter_config.json')) === 'file')) {
        report({ span, severity: 'warning', message: t`'${name}' has no adapter_config.json, so PEFT cannot load it as an adapter (is it a full model or a checkpoint folder?).` });
      }
    }
  },
};
