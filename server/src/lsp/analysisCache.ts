import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from '../core/analyze';

// One analysis per (uri, version), like vscode's languageModelCache: hover, code actions, completion and code lens
// read what validation already computed instead of parsing again. Bounded, least recently used out first.
export class AnalysisCache {
  private readonly entries = new Map<string, { version: number; settingsEpoch: number; analysis: Analysis }>();

  constructor(private readonly maxEntries = 64) {}

  get(doc: TextDocument, settingsEpoch: number, compute: () => Analysis): Analysis {
    const hit = this.entries.get(doc.uri);
    if (hit && hit.version === doc.version && hit.settingsEpoch === settingsEpoch) {
      this.entries.delete(doc.uri);
      this.entries.set(doc.uri, hit);
      return hit.analysis;
    }
    const analysis = compute();
    this.entries.delete(doc.uri);
    this.entries.set(doc.uri, { version: doc.version, settingsEpoch, analysis });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return analysis;
  }

  peek(uri: string): Analysis | undefined {
    return this.entries.get(uri)?.analysis;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }

  clear(): void {
    this.entries.clear();
  }
}
