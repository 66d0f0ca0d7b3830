import { minimatch } from 'minimatch';

/** Workspace-relative globs (`configs/**\/*.yaml`) and absolute ones both work, as in VS Code's own file settings. */
export function matchesAnyGlob(relativePath: string, absolutePath: string, globs: readonly string[]): boolean {
  for (const glob of globs) {
    const opts = { dot: true, nocase: process.platform === 'win32', matchBase: !glob.includes('/') };
    if (minimatch(relativePath, glob, opts) || minimatch(absolutePath.split('\\').join('/'), glob, opts)) return true;
  }
  return false;
}
