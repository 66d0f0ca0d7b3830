import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Environment, FileHost } from '../core/host';

/** Largest file the host reads (a referenced config, a model's config.json); bigger files are treated as absent. */
export const MAX_READ_BYTES = 8 * 1024 * 1024;

export interface NodeHostOptions {
  /** When set (untrusted workspaces), reads outside these folders are refused. */
  allowedRoots?: string[];
}

export function nodeFileHost(options: NodeHostOptions = {}): FileHost {
  const allowed = (p: string): boolean => {
    if (!options.allowedRoots) return true;
    const abs = path.resolve(p);
    return options.allowedRoots.some((root) => {
      const rel = path.relative(path.resolve(root), abs);
      return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
    });
  };
  return {
    readText(p) {
      if (!allowed(p)) return undefined;
      try {
        const st = fs.statSync(p);
        if (!st.isFile() || st.size > MAX_READ_BYTES) return undefined;
        return fs.readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
    stat(p) {
      if (!allowed(p)) return undefined;
      try {
        const st = fs.statSync(p);
        return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : undefined;
      } catch {
        return undefined;
      }
    },
    listDir(p) {
      if (!allowed(p)) return [];
      try {
        return fs.readdirSync(p);
      } catch {
        return [];
      }
    },
  };
}

export function nodeEnvironment(): Environment {
  return { env: { ...process.env }, homeDir: os.homedir() };
}
