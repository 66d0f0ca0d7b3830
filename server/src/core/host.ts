// The core never touches node:fs or the network directly: it goes through a host, so the CLI, the
// language server (which limits reads in untrusted workspaces) and the tests (in-memory files) share it.

export type FileKind = 'file' | 'dir';

export interface FileHost {
  /** Text of a file, or undefined when it is missing, unreadable or not allowed. */
  readText(path: string): string | undefined;
  stat(path: string): FileKind | undefined;
  /** Names (not paths) in a directory; [] when missing. */
  listDir(path: string): string[];
}

export interface HttpResponse {
  status: number;
  body: string;
}

export interface NetworkHost {
  /** GET with a timeout. Rejects on network errors and timeouts. */
  get(url: string, headers: Record<string, string>, timeoutMs: number): Promise<HttpResponse>;
}

export interface Environment {
  /** Environment variables (HF_HOME, HF_HUB_CACHE, MODELSCOPE_CACHE, HF_ENDPOINT, HF_TOKEN…). */
  env: Record<string, string | undefined>;
  homeDir: string;
}
