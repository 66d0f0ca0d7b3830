// A key catalog describes every key a config kind accepts. The data lives in server/data/catalogs/*.json.

export type ValueType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'null';

export interface KeySpec {
  name: string;
  /** Accepted JSON types; `number` accepts integers too. */
  types: ValueType[];
  default?: unknown;
  choices?: Array<string | number | boolean | null>;
  /** One line, the project's own words. */
  doc: string;
  /** DeepSpeed: the value may be the string "auto" (filled in by the HF integration). */
  acceptsAuto?: boolean;
  /** LLaMA-Factory: commands that accept the key (train, infer, eval). */
  commands?: Array<'train' | 'infer' | 'eval'>;
  /** Whether the key changes GPU memory. */
  memory?: boolean;
  /** Removed or renamed: what to use instead. */
  deprecated?: { replacedBy?: string; since?: string; message: string };
  /** Not settable (derived, init=False in the dataclass). */
  derived?: boolean;
  /** Min/max for numbers. */
  minimum?: number;
  maximum?: number;
  /** Nested mapping keys (DeepSpeed sections, accelerate fsdp_config, GLM training_args/peft_config). */
  children?: Record<string, KeySpec>;
  /** A mapping whose keys are free-form (e.g. generation_config): do not report unknown children. */
  openChildren?: boolean;
  /** Where the fact comes from (file:class or doc URL). */
  source?: string;
  /** Comma-separated string or list (LLaMA-Factory split keys). */
  commaList?: boolean;
  /** Version notes (e.g. "transformers<4.46"). */
  versions?: string;
  /** Link to upstream docs. */
  docUrl?: string;
  /** The same setting under another accepted name (DeepSpeed field/alias pairs such as stage3_max_live_parameters). */
  aliasOf?: string;
  /** The tool accepts the key but never reads it (e.g. DeepSpeed `comms_config`); say what to use instead. */
  ignored?: { message: string; useInstead?: string };
  /** The tool raises on unknown children of this mapping (pydantic extra="forbid", dataclass(**kwargs)). */
  rejectsUnknownChildren?: boolean;
}

export interface KeyCatalog {
  kind: string;
  tool: string;
  /** Version or commit the catalog was taken from. */
  version: string;
  source: string;
  keys: Record<string, KeySpec>;
  /** PEFT: fields of each peft_type (upper case), on top of the common `keys`. */
  byPeftType?: Record<string, Record<string, KeySpec>>;
  /** The tool raises on unknown top-level keys (false: it ignores them silently). */
  rejectsUnknownKeys?: boolean;
  /** Top-level keys starting with one of these are comments the tool ignores (DeepSpeed `_comment`). */
  ignoredKeyPrefixes?: string[];
  /** Link to the tool's docs for the whole format. */
  docUrl?: string;
}
