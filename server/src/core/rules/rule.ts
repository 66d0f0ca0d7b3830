import type { Directives } from '../directives';
import type { LintDiagnostic, Severity } from '../diagnostics';
import type { Estimate, ConfigKind } from '../estimator/types';
import type { GpuSpec } from '../hardware/types';
import type { FileHost } from '../host';
import type { ResolvedModel } from '../model/types';
import type { ParsedConfig } from '../parsing/configTree';
import type { LineIndex } from '../parsing/lineIndex';
import type { ReferencedFile } from '../references';
import type { VramlintSettings } from '../settings';

export type { ReferencedFile };

export interface RuleContext {
  path: string;
  kind: ConfigKind;
  parsed: ParsedConfig;
  lines: LineIndex;
  /** The root mapping as plain data ({} when not a mapping). */
  plain: Record<string, unknown>;
  settings: VramlintSettings;
  directives: Directives;
  host: FileHost;
  workspaceDirs: string[];
  deepspeed: ReferencedFile | null;
  model: ResolvedModel | null;
  gpu: GpuSpec | null;
  gpus: number;
  estimate: Estimate | null;
  /** Files a rule read (dataset_info.json…): the server re-validates when they change. */
  dependencies: string[];
}

export type Finding = Omit<LintDiagnostic, 'code' | 'severity'> & { severity?: Severity };

export interface Rule {
  /** Stable id: the diagnostic code, the anchor in docs/rules.md, the name in suppressions and settings. */
  id: string;
  kinds: readonly ConfigKind[] | 'all';
  severity: Severity;
  /** One line for docs and settings. */
  title: string;
  check(ctx: RuleContext, report: (finding: Finding) => void): void;
}
