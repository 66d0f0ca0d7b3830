import type { Span } from '../core/parsing/configTree';

// The shapes quick fixes are made of, apart from the code that makes them (the fix builders import each other's
// edits; the types sit below all of them).

export interface TextEditSpan {
  span: Span;
  newText: string;
}

export interface Fix {
  title: string;
  /** The diagnostic code the fix answers. */
  code: string;
  edits: TextEditSpan[];
  /** Files to create (absolute path → content), e.g. a ZeRO-3 DeepSpeed config. */
  createFiles?: Array<{ path: string; content: string }>;
  preferred?: boolean;
}

/** The diagnostic as the client sends it back: its code and the data vramlint attached. */
export interface DiagnosticRef {
  code: string;
  span: Span;
  data: Record<string, unknown>;
}
