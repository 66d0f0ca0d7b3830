import type { FileHost } from './host';

/** A host that also sees files not written yet (a quick fix's new DeepSpeed config), for "what if" analyses. */
export function overlayHost(base: FileHost, files: ReadonlyMap<string, string>): FileHost {
  return {
    readText: (p) => files.get(p) ?? base.readText(p),
    stat: (p) => (files.has(p) ? 'file' : base.stat(p)),
    listDir: (p) => base.listDir(p),
  };
}
